/**
 * Low-level ONNX reading: protobuf decoding with clear errors, tensor decoding (float_data,
 * double_data, int64/int32 data or little-endian raw_data, each checked against its dims and for
 * NaN/Inf) and attribute access. onnx.ts interprets the graph.
 */
import { readFileSync } from "node:fs";
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;
type ModelProto = InstanceType<typeof onnx.ModelProto>;
type GraphProto = InstanceType<typeof onnx.GraphProto>;
export type NodeProto = InstanceType<typeof onnx.NodeProto>;
export type TensorProto = InstanceType<typeof onnx.TensorProto>;
type AttributeProto = InstanceType<typeof onnx.AttributeProto>;
type ValueInfo = onnxProto.onnx.IValueInfoProto;

const DataType = onnx.TensorProto.DataType;

/** A decoded ONNX model with a label for error messages (the file path or "<bytes>"). */
export interface OnnxSource {
  proto: ModelProto;
  /** proto.graph, present (decoded messages always carry their repeated fields). */
  graph: GraphProto;
  label: string;
}

/** Reads and decodes an ONNX file or buffer, refusing anything that is not an ONNX model. */
export function readOnnx(pathOrBytes: string | Uint8Array): OnnxSource {
  const label = typeof pathOrBytes === "string" ? pathOrBytes : "<bytes>";
  let bytes: Uint8Array;
  try {
    bytes = typeof pathOrBytes === "string" ? readFileSync(pathOrBytes) : pathOrBytes;
  } catch (e) {
    throw new Error(`${label}: cannot read the ONNX file (${(e as Error).message})`);
  }
  let proto: ModelProto;
  try {
    proto = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new Error(
      `${label}: not an ONNX file (protobuf decoding failed: ${(e as Error).message})`,
    );
  }
  if (int64(proto.irVersion) <= 0 && !proto.graph) {
    throw new Error(`${label}: not an ONNX file (no ir_version and no graph)`);
  }
  if (!proto.graph) throw new Error(`${label}: the ONNX model has no graph`);
  return { proto, graph: proto.graph as GraphProto, label };
}

/** A constant tensor (initializer or Constant node output) decoded to numbers. */
export interface Constant {
  name: string;
  dims: number[];
  values: number[];
}

export function int64(v: number | { toNumber(): number } | null | undefined): number {
  return v == null ? 0 : typeof v === "number" ? v : v.toNumber();
}

function dataTypeName(t: number): string {
  return (DataType as unknown as Record<number, string>)[t] ?? `type ${t}`;
}

/** Decodes a float/double/int tensor, checking its length against its dims and NaN/Inf. */
export function decodeTensor(t: TensorProto, where: string): Constant {
  const name = t.name || "(unnamed)";
  const what = `${where}: tensor "${name}"`;
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    throw new Error(`${what} uses external data, which is not supported (embed the weights)`);
  }
  const dims = t.dims.map(int64);
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : undefined;
  const view = raw && new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  let values: number[];
  const fromRaw = (size: number, read: (off: number) => number): number[] => {
    if (raw!.length % size !== 0) {
      throw new Error(`${what}: raw_data has ${raw!.length} bytes, not a multiple of ${size}`);
    }
    return Array.from({ length: raw!.length / size }, (_, i) => read(i * size));
  };
  switch (t.dataType) {
    case DataType.FLOAT:
      values = view ? fromRaw(4, (o) => view.getFloat32(o, true)) : [...t.floatData];
      break;
    case DataType.DOUBLE:
      values = view ? fromRaw(8, (o) => view.getFloat64(o, true)) : [...t.doubleData];
      break;
    case DataType.INT64:
      values = view ? fromRaw(8, (o) => Number(view.getBigInt64(o, true))) : t.int64Data.map(int64);
      break;
    case DataType.INT32:
      values = view ? fromRaw(4, (o) => view.getInt32(o, true)) : [...t.int32Data];
      break;
    default:
      throw new Error(
        `${what} has data type ${dataTypeName(t.dataType)}; only FLOAT, DOUBLE (weights) and INT64/INT32 (shapes) are supported`,
      );
  }
  const expected = dims.reduce((a, d) => a * d, 1);
  if (values.length !== expected) {
    throw new Error(`${what} has dims [${dims}] (${expected} values) but holds ${values.length}`);
  }
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new Error(`${what} holds ${values[bad]} at index ${bad}${multiIndex(bad, dims)}`);
  }
  return { name, dims, values };
}

/** " ([r][c])" for a flat index into a tensor of these dims. */
function multiIndex(flat: number, dims: number[]): string {
  if (dims.length < 2) return "";
  const idx: number[] = [];
  for (let d = dims.length - 1; d >= 0; d--) {
    idx.unshift(flat % dims[d]!);
    flat = Math.floor(flat / dims[d]!);
  }
  return ` (${idx.map((i) => `[${i}]`).join("")})`;
}

export function attr(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute.find((a) => a.name === name) as AttributeProto | undefined;
}

export function intAttr(node: NodeProto, name: string, fallback: number): number {
  const a = attr(node, name);
  return a ? int64(a.i) : fallback;
}

export function floatAttr(node: NodeProto, name: string, fallback: number): number {
  const a = attr(node, name);
  return a ? a.f : fallback;
}

/** The fixed size of a value's dims, or undefined where symbolic/unknown. */
export function valueDims(v: ValueInfo): (number | undefined)[] | undefined {
  const dims = v.type?.tensorType?.shape?.dim;
  if (!dims) return undefined;
  return dims.map((d: onnxProto.onnx.TensorShapeProto.IDimension) => {
    const n = int64(d.dimValue);
    return d.dimParam || n <= 0 ? undefined : n;
  });
}

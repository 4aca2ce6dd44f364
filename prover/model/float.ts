/**
 * Float reference through onnxruntime: what the ONNX file itself computes, independent of our
 * importer. The logit comes from onnxruntime too: when the graph ends in a Sigmoid, a copy of the
 * model also exposes the Sigmoid's input as an output, so no 1/(1+e^−x) inversion (which loses
 * all precision near p = 0 or 1) is ever needed.
 */
import * as ort from "onnxruntime-node";
import onnxProto from "onnx-proto";
import { interpretOnnx } from "./onnx.js";
import { readOnnx, valueDims } from "./onnx-read.js";

const { onnx } = onnxProto;

/** Rows per session.run call. */
export const FLOAT_BATCH = 1024;

export interface FloatResult {
  /** Logit of default per row, as onnxruntime computes it. */
  logits: number[];
  /** Probability of default per row (the Sigmoid output, or sigmoid(logit) if the graph has none). */
  probabilities: number[];
}

/** Runs the ONNX model on `rows` (features in schema order) with onnxruntime. */
export async function runFloat(
  onnxPathOrBytes: string | Uint8Array,
  rows: readonly (readonly number[])[],
): Promise<FloatResult> {
  const source = readOnnx(onnxPathOrBytes);
  const model = interpretOnnx(source);
  const { proto, graph, label } = source;
  rows.forEach((r, i) => {
    if (r.length !== model.inputSize) {
      throw new Error(`row ${i}: ${r.length} values; ${label} takes ${model.inputSize} features`);
    }
    const bad = r.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new Error(`row ${i}: feature ${bad} is ${r[bad]}`);
  });

  const output = graph.output[0]!;
  const outputName = output.name ?? "";
  let logitName = outputName;
  if (model.finalSigmoid) {
    const sigmoid = graph.node.find((n) => n.opType === "Sigmoid" && n.output?.[0] === outputName)!;
    logitName = sigmoid.input![0]!;
    // Same element type and shape as the Sigmoid's output, which the graph declares.
    graph.output.push(onnx.ValueInfoProto.create({ name: logitName, type: output.type }));
  }

  const input = graph.input.find((v) => v.name === model.inputName)!;
  const elemType = input.type?.tensorType?.elemType;
  const dtype =
    elemType === onnx.TensorProto.DataType.DOUBLE
      ? "float64"
      : elemType === onnx.TensorProto.DataType.FLOAT
        ? "float32"
        : undefined;
  if (!dtype) throw new Error(`${label}: input "${model.inputName}" must be float or double`);
  const dims = valueDims(input) ?? [];
  // A [n] input or a [1,n] input fixed at batch 1 must be fed one row at a time.
  const batchable = dims.length === 2 && dims[0] === undefined;
  const batch = batchable ? FLOAT_BATCH : 1;
  const shapeOf = (n: number): number[] =>
    dims.length === 1 ? [model.inputSize] : [n, model.inputSize];

  const bytes = onnx.ModelProto.encode(proto).finish();
  const session = await ort.InferenceSession.create(bytes);
  try {
    const logits: number[] = [];
    const probabilities: number[] = [];
    for (let start = 0; start < rows.length; start += batch) {
      const chunk = rows.slice(start, start + batch);
      const data =
        dtype === "float64" ? new Float64Array(chunk.flat()) : new Float32Array(chunk.flat());
      const feeds = { [model.inputName]: new ort.Tensor(dtype, data, shapeOf(chunk.length)) };
      const result = await session.run(feeds);
      const z = Array.from(result[logitName]!.data as Float32Array | Float64Array, Number);
      if (z.length !== chunk.length) {
        throw new Error(
          `${label}: output "${logitName}" has ${z.length} values for ${chunk.length} rows`,
        );
      }
      logits.push(...z);
      probabilities.push(
        ...(model.finalSigmoid
          ? Array.from(result[outputName]!.data as Float32Array | Float64Array, Number)
          : z.map((v) => 1 / (1 + Math.exp(-v)))),
      );
    }
    return { logits, probabilities };
  } finally {
    await session.release();
  }
}

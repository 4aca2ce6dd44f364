/**
 * Writes a dense network as a plain ONNX model (opset 13): Gemm → Relu → … → Gemm → Sigmoid,
 * input "features" float[N, nFeatures], output "default_probability" float[N, 1]. Only ops the
 * zkcredit compiler accepts. The feature schema id rides along in metadata_props so an importer
 * can refuse a model built for other features. Also runs a model under onnxruntime-node, to
 * check an export against the trainer's own predictions.
 */
import onnxProto from "onnx-proto";
import * as ort from "onnxruntime-node";
import { SCHEMA_METADATA_KEY } from "../features/schema.js";
import type { DenseLayer } from "./mlp.js";

const { onnx } = onnxProto;

export const ONNX_OPSET = 13;
/** IR version 7 is the one that introduced opset 13 (ONNX 1.8); every runtime since reads it. */
export const ONNX_IR_VERSION = 7;
export const INPUT_NAME = "features";
export const OUTPUT_NAME = "default_probability";

export interface OnnxExportOptions {
  /** Feature schema id the input follows. */
  featureSchema: string;
  /** Free-text description stored as the model's doc_string. */
  description?: string;
  /** Extra metadata_props entries (string values). */
  metadata?: Record<string, string>;
}

function checkLayers(layers: readonly DenseLayer[]): void {
  if (layers.length === 0) throw new Error("ONNX export: no layers");
  layers.forEach((layer, l) => {
    const inputs = layer.weights[0]?.length ?? 0;
    const expectedInputs = l === 0 ? inputs : layers[l - 1]!.weights.length;
    const last = l === layers.length - 1;
    if (layer.activation !== (last ? "sigmoid" : "relu")) {
      throw new Error(
        `ONNX export: layer ${l} has activation ${layer.activation}, expected ${last ? "sigmoid" : "relu"}`,
      );
    }
    if (layer.biases.length !== layer.weights.length) {
      throw new Error(
        `ONNX export: layer ${l} has ${layer.weights.length} rows but ${layer.biases.length} biases`,
      );
    }
    layer.weights.forEach((row, j) => {
      if (row.length !== expectedInputs) {
        throw new Error(
          `ONNX export: layer ${l} row ${j} has ${row.length} inputs, expected ${expectedInputs}`,
        );
      }
      row.forEach((w, i) => {
        if (!Number.isFinite(w))
          throw new Error(`ONNX export: layer ${l} weight [${j}][${i}] is ${w}`);
      });
    });
    layer.biases.forEach((b, j) => {
      if (!Number.isFinite(b)) throw new Error(`ONNX export: layer ${l} bias [${j}] is ${b}`);
    });
  });
  if (layers[layers.length - 1]!.weights.length !== 1)
    throw new Error("ONNX export: the last layer must have one output");
}

function floatTensor(name: string, dims: number[], values: number[]): onnxProto.onnx.ITensorProto {
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, floatData: values };
}

function valueInfo(name: string, dims: (number | string)[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: {
          dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })),
        },
      },
    },
  };
}

/** The serialized ONNX model (protobuf bytes) of these layers. */
export function encodeOnnx(layers: readonly DenseLayer[], options: OnnxExportOptions): Uint8Array {
  checkLayers(layers);
  const nodes: onnxProto.onnx.INodeProto[] = [];
  const initializer: onnxProto.onnx.ITensorProto[] = [];
  let input = INPUT_NAME;
  layers.forEach((layer, l) => {
    const [w, b, z] = [`W${l}`, `B${l}`, `layer${l}_linear`];
    initializer.push(
      floatTensor(w, [layer.weights.length, layer.weights[0]!.length], layer.weights.flat()),
    );
    initializer.push(floatTensor(b, [layer.biases.length], layer.biases));
    // transB = 1: W is stored [out][in], the orientation the integer reference uses.
    nodes.push({
      name: `gemm_${l}`,
      opType: "Gemm",
      input: [input, w, b],
      output: [z],
      attribute: [{ name: "transB", type: onnx.AttributeProto.AttributeType.INT, i: 1 }],
    });
    const last = l === layers.length - 1;
    const out = last ? OUTPUT_NAME : `layer${l}_relu`;
    nodes.push({
      name: `${last ? "sigmoid" : "relu"}_${l}`,
      opType: last ? "Sigmoid" : "Relu",
      input: [z],
      output: [out],
    });
    input = out;
  });
  const metadata = { ...options.metadata, [SCHEMA_METADATA_KEY]: options.featureSchema };
  const model: onnxProto.onnx.IModelProto = {
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: "", version: ONNX_OPSET }],
    producerName: "zkcredit-train",
    producerVersion: "1",
    docString: options.description ?? "",
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: "credit_mlp",
      node: nodes,
      initializer,
      input: [valueInfo(INPUT_NAME, ["N", layers[0]!.weights[0]!.length])],
      output: [valueInfo(OUTPUT_NAME, ["N", 1])],
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

/** Default probabilities of raw feature rows under onnxruntime-node. */
export async function runOnnx(
  model: Uint8Array,
  features: readonly (readonly number[])[],
): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(model);
  try {
    const d = features[0]?.length ?? 0;
    const data = Float32Array.from(features.flat());
    if (data.length !== features.length * d)
      throw new Error("runOnnx: feature rows differ in length");
    const result = await session.run({
      [INPUT_NAME]: new ort.Tensor("float32", data, [features.length, d]),
    });
    const output = result[OUTPUT_NAME];
    if (!output) throw new Error(`runOnnx: the model has no output "${OUTPUT_NAME}"`);
    return Float32Array.from(output.data as Float32Array);
  } finally {
    await session.release();
  }
}

/**
 * Float inference of an imported model in plain double precision: the calibration reference the
 * quantizer measures itself against (onnxruntime, in float.ts, checks this against the ONNX file).
 */
import type { FloatModel } from "./onnx.js";

/** Each layer's pre-activation (W·x + b, before ReLU) and output, for one input row. */
export interface FloatTrace {
  preActivations: number[][];
  logit: number;
}

export function forwardFloat(model: FloatModel, row: readonly number[]): FloatTrace {
  if (row.length !== model.inputSize) {
    throw new Error(`float model takes ${model.inputSize} features, got ${row.length}`);
  }
  let x: readonly number[] = row;
  const preActivations: number[][] = [];
  for (const layer of model.layers) {
    const z = layer.W.map((w, j) => w.reduce((acc, wi, i) => acc + wi * x[i]!, layer.b[j]!));
    preActivations.push(z);
    x = layer.relu ? z.map((v) => Math.max(v, 0)) : z;
  }
  return { preActivations, logit: x[0]! };
}

/** The logit of default for each row. */
export function floatLogits(model: FloatModel, rows: readonly (readonly number[])[]): number[] {
  return rows.map((r) => forwardFloat(model, r).logit);
}

/**
 * From a float model to integers under a fixed-point shape. `designShape` picks the shape for
 * given weight widths (fractions from calibration magnitudes, widths from interval arithmetic
 * over ALL valid inputs, so every honest input proves); `quantizeWithShape` quantizes any model
 * of the same sizes under a given shape (one zkey serves every model of a shape) and refuses one
 * that does not fit. calibrate.ts searches the widths.
 */
import type { CircuitShape, LayerSpec, QuantizedModel } from "./types.js";
import type { FloatModel } from "./onnx.js";
import { forwardFloat } from "./forward.js";
import { fitsSigned, quantizeValue, signedBits, signedRange } from "./int.js";
import { DEFAULT_SCORECARD, scorecardSpec, type ScorecardParams } from "./scorecard.js";
import { activationBounds, checkBounds, shapeName, validateShape } from "./shape.js";
import { roundLayer } from "./rounding.js";

/** Default signed bits of the largest calibration activation of each layer. */
export const DEFAULT_ACTIVATION_BITS = 16;

/** Largest weightFrac with every round(w · 2^weightFrac) in signed weightBits. */
export function weightFracFor(W: readonly (readonly number[])[], weightBits: number): number {
  const flat = W.flat();
  const maxAbs = flat.reduce((a, w) => Math.max(a, Math.abs(w)), 0);
  if (maxAbs === 0) return weightBits - 1;
  let frac = Math.ceil(Math.log2(2 ** (weightBits - 1) / maxAbs)) + 1;
  while (!flat.every((w) => fitsSigned(BigInt(Math.round(w * 2 ** frac)), weightBits))) frac--;
  return frac;
}

/** Each layer's float input on each row: the features, then the previous layer's outputs. */
export function layerInputs(model: FloatModel, rows: readonly (readonly number[])[]): number[][][] {
  const traces = rows.map((r) => forwardFloat(model, r));
  return model.layers.map((_, k) =>
    k === 0
      ? rows.map((r) => [...r])
      : traces.map((t) => {
          const z = t.preActivations[k - 1]!;
          return model.layers[k - 1]!.relu ? z.map((v) => Math.max(v, 0)) : z;
        }),
  );
}

/**
 * The model with every weight replaced by its rounding under (weightFrac, weightBits) per layer:
 * error-feedback rounding on the calibration rows if any are given (rounding.ts), else nearest.
 */
export function roundWeights(
  model: FloatModel,
  scales: readonly { weightFrac: number; weightBits: number }[],
  rows: readonly (readonly number[])[] = [],
): FloatModel {
  const inputs = rows.length > 0 ? layerInputs(model, rows) : model.layers.map(() => []);
  return {
    ...model,
    layers: model.layers.map((l, k) => ({
      ...roundLayer(l.W, l.b, scales[k]!.weightFrac, scales[k]!.weightBits, inputs[k]!),
      relu: l.relu,
    })),
  };
}

export interface DesignOptions {
  featureBits: readonly number[];
  featureSchema: string;
  scorecard?: ScorecardParams;
  /** Signed bits the largest calibration activation of each layer may use. */
  activationBits?: number;
}

/** The smallest and largest of some bigints (and 0). */
function span(values: Iterable<bigint>): [bigint, bigint] {
  let lo = 0n;
  let hi = 0n;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * The one shape that every model in `models` (same sizes) fits, for given per-layer weight
 * widths: each layer's weightFrac is the largest that fits all of them, `calibrationMaxAbs[k]`
 * is the largest float |pre-activation| of layer k over the models and calibration rows, and
 * biasBits/outBits/rawBits cover every model. Returns the shape and each model with its weights
 * rounded (with error feedback on `rows`, if given), which quantizeWithShape reproduces exactly.
 */
export function designShape(
  models: readonly FloatModel[],
  calibrationMaxAbs: readonly number[],
  weightBits: readonly number[],
  opts: DesignOptions,
  rows: readonly (readonly number[])[] = [],
): { shape: CircuitShape; rounded: FloatModel[] } {
  const activationBits = opts.activationBits ?? DEFAULT_ACTIVATION_BITS;
  const first = models[0]!;
  let inFrac = 0;
  const layers: LayerSpec[] = first.layers.map((layer, k) => {
    const weightFrac = Math.min(
      ...models.map((m) => weightFracFor(m.layers[k]!.W, weightBits[k]!)),
    );
    const accFrac = weightFrac + inFrac;
    const calMax = calibrationMaxAbs[k]!;
    // Largest outFrac with the biggest calibration activation in activationBits, but shift ≥ 1
    // so every rescale has a remainder to range-check.
    const wanted =
      calMax > 0 ? Math.floor(Math.log2((2 ** (activationBits - 1) - 1) / calMax)) : accFrac;
    const outFrac = Math.min(wanted, accFrac - 1);
    inFrac = outFrac;
    return {
      inputs: layer.W[0]!.length,
      outputs: layer.W.length,
      relu: layer.relu,
      weightBits: weightBits[k]!,
      biasBits: 0, // below, from the integer biases
      shift: accFrac - outFrac,
      outBits: 0, // below, from the interval bounds
      weightFrac,
      outFrac,
    };
  });
  const rounded = models.map((m) => roundWeights(m, layers, rows));
  const integers = rounded.map((m) => toIntegers(m, layers));
  layers.forEach((l, k) => {
    l.biasBits = signedBits(...span(integers.flatMap((q) => q.biases[k]!)));
  });
  const params = opts.scorecard ?? DEFAULT_SCORECARD;
  // The bounds depend on weights, biases and shifts only, so a provisional shape serves.
  const provisional: CircuitShape = {
    name: "",
    featureSchema: opts.featureSchema,
    featureBits: [...opts.featureBits],
    layers,
    scorecard: scorecardSpec(inFrac, 0n, 0n, params),
  };
  const bounds = integers.map((q) => activationBounds({ shape: provisional, ...q }));
  layers.forEach((l, k) => {
    l.outBits = signedBits(...span(bounds.flatMap((b) => b[k]!.flatMap((n) => [n.qLo, n.qHi]))));
  });
  const [logitLo, logitHi] = span(
    bounds.flatMap((b) => [b[b.length - 1]![0]!.qLo, b[b.length - 1]![0]!.qHi]),
  );
  const unnamed = { ...provisional, scorecard: scorecardSpec(inFrac, logitLo, logitHi, params) };
  const shape: CircuitShape = { ...unnamed, name: shapeName(unnamed) };
  return { shape, rounded };
}

/** round(W · 2^weightFrac) and round(b · 2^(weightFrac + inFrac)), unchecked. */
function toIntegers(
  model: FloatModel,
  layers: readonly LayerSpec[],
): { weights: bigint[][][]; biases: bigint[][] } {
  let inFrac = 0;
  const weights: bigint[][][] = [];
  const biases: bigint[][] = [];
  layers.forEach((l, k) => {
    const layer = model.layers[k]!;
    weights.push(
      layer.W.map((row, j) =>
        row.map((w, i) => quantizeValue(w, l.weightFrac, `layer ${k} weight [row ${j}][col ${i}]`)),
      ),
    );
    biases.push(
      layer.b.map((b, j) => quantizeValue(b, l.weightFrac + inFrac, `layer ${k} bias [row ${j}]`)),
    );
    inFrac = l.outFrac;
  });
  return { weights, biases };
}

export interface QuantizeOptions {
  /**
   * Calibration rows (integer features): round the weights with error feedback on them
   * (rounding.ts) instead of to nearest.
   */
  samples?: readonly (readonly number[])[];
}

/**
 * Quantizes `model` under a GIVEN shape: throws, naming layer/row/col, if a weight or bias does
 * not fit its width, or if some valid input could overflow a layer's outBits or the score's
 * rawBits.
 */
export function quantizeWithShape(
  model: FloatModel,
  shape: CircuitShape,
  opts: QuantizeOptions = {},
): QuantizedModel {
  validateShape(shape);
  if (model.inputSize !== shape.featureBits.length) {
    throw new Error(
      `the model reads ${model.inputSize} features; shape ${shape.name} has ${shape.featureBits.length}`,
    );
  }
  if (model.layers.length !== shape.layers.length) {
    throw new Error(
      `the model has ${model.layers.length} layers; shape ${shape.name} has ${shape.layers.length}`,
    );
  }
  shape.layers.forEach((l, k) => {
    const layer = model.layers[k]!;
    const ins = layer.W[0]?.length ?? 0;
    if (layer.W.length !== l.outputs || ins !== l.inputs || layer.relu !== l.relu) {
      throw new Error(
        `layer ${k}: the model has ${ins}→${layer.W.length}${layer.relu ? " ReLU" : ""}; shape ${shape.name} has ${l.inputs}→${l.outputs}${l.relu ? " ReLU" : ""}`,
      );
    }
  });
  // Check the plain rounding first: error feedback clamps into range and would hide the misfit.
  const { weights, biases } = toIntegers(model, shape.layers);
  shape.layers.forEach((l, k) => {
    weights[k]!.forEach((row, j) => {
      row.forEach((v, i) => {
        if (!fitsSigned(v, l.weightBits)) {
          throw new Error(
            `layer ${k} weight [row ${j}][col ${i}] = ${model.layers[k]!.W[j]![i]} quantizes to ${v}, outside signed ${l.weightBits} bits ${signedRange(l.weightBits)}`,
          );
        }
      });
      if (!fitsSigned(biases[k]![j]!, l.biasBits)) {
        throw new Error(
          `layer ${k} bias [row ${j}] = ${model.layers[k]!.b[j]} quantizes to ${biases[k]![j]}, outside signed ${l.biasBits} bits ${signedRange(l.biasBits)}`,
        );
      }
    });
  });
  let q: QuantizedModel = { shape, weights, biases };
  if (opts.samples && opts.samples.length > 0) {
    const rounded = toIntegers(roundWeights(model, shape.layers, opts.samples), shape.layers);
    q = { shape, ...rounded };
    // Error feedback moves biases a little; name the misfit the same way.
    q.biases.forEach((B, k) =>
      B.forEach((v, j) => {
        if (!fitsSigned(v, shape.layers[k]!.biasBits)) {
          throw new Error(
            `layer ${k} bias [row ${j}] after error-feedback rounding quantizes to ${v}, outside signed ${shape.layers[k]!.biasBits} bits ${signedRange(shape.layers[k]!.biasBits)}`,
          );
        }
      }),
    );
  }
  checkBounds(q);
  return q;
}

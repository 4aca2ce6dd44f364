/**
 * Integer reference inference: bit for bit what the circuit computes (docs/architecture.md,
 * "Quantized inference" and "Score"). Exact bigint arithmetic, floor toward −∞, ReLU, and the
 * clamped integer scorecard. The witness generator and the circuit tests check against this.
 */
import type { QuantizedModel } from "./types.js";
import { fitsSigned, floorShift, signedRange } from "./int.js";
import { integerScore } from "./scorecard.js";

export interface IntegerInference {
  /** Per layer: acc = W·x + B (exact), before the rescale. */
  accumulators: bigint[][];
  /** Per layer: q = floor(acc / 2^shift), before ReLU (the value the circuit range-checks). */
  preActivations: bigint[][];
  /** Per layer: the output after ReLU (or q itself without ReLU); the next layer's input. */
  activations: bigint[][];
  /** The last layer's output: logit · 2^logitFrac. */
  logitQ: bigint;
  /** floor((offsetNum − factorNum · logitQ) / 2^fracBits), before the clamp. */
  rawScore: bigint;
  /** clamp(rawScore, 300, 850). */
  score: bigint;
}

/** Throws, naming the index, unless `features` has the shape's count and each fits its width. */
export function validateFeatureVector(q: QuantizedModel, features: readonly bigint[]): void {
  const bits = q.shape.featureBits;
  if (features.length !== bits.length) {
    throw new Error(`model ${q.shape.name} takes ${bits.length} features, got ${features.length}`);
  }
  features.forEach((f, i) => {
    if (typeof f !== "bigint") throw new Error(`feature ${i} is ${typeof f}, not a bigint`);
    if (f < 0n || f >= 1n << BigInt(bits[i]!)) {
      throw new Error(
        `feature ${i} = ${f} is outside its declared width: [0, ${(1n << BigInt(bits[i]!)) - 1n}]`,
      );
    }
  });
}

export function inferInteger(q: QuantizedModel, features: readonly bigint[]): IntegerInference {
  validateFeatureVector(q, features);
  const accumulators: bigint[][] = [];
  const preActivations: bigint[][] = [];
  const activations: bigint[][] = [];
  let x: readonly bigint[] = features;
  q.shape.layers.forEach((l, k) => {
    const acc = q.weights[k]!.map((row, j) =>
      row.reduce((s, w, i) => s + w * x[i]!, q.biases[k]![j]!),
    );
    const pre = acc.map((a) => floorShift(a, l.shift));
    pre.forEach((v, j) => {
      // Unreachable for a model that passed checkBounds; the circuit could not prove it.
      if (!fitsSigned(v, l.outBits)) {
        throw new Error(
          `layer ${k} neuron ${j}: output ${v} outside signed ${l.outBits} bits ${signedRange(l.outBits)}`,
        );
      }
    });
    x = l.relu ? pre.map((v) => (v < 0n ? 0n : v)) : pre;
    accumulators.push(acc);
    preActivations.push(pre);
    activations.push([...x]);
  });
  const logitQ = x[0]!;
  const { raw, score } = integerScore(q.shape.scorecard, logitQ);
  if (!fitsSigned(raw, q.shape.scorecard.rawBits)) {
    throw new Error(`raw score ${raw} outside signed ${q.shape.scorecard.rawBits} rawBits`);
  }
  return { accumulators, preActivations, activations, logitQ, rawScore: raw, score };
}

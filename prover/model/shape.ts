/**
 * Facts about a circuit shape that every part needs: its name, its internal consistency, the
 * interval bound of every activation over ALL valid inputs (what makes every honest input
 * provable), and an estimate of the circuit's size.
 */
import type { CircuitShape, QuantizedModel } from "./types.js";
import { fitsSigned, floorShift, signedRange } from "./int.js";
import { integerScore } from "./scorecard.js";
import { packLayout, sponge } from "../field/index.js";

/** The rescale is sound only while 2^(outBits+shift) ≪ p; the generator asserts < 2^250. */
export const MAX_RESCALE_BITS = 250;

/** "mlp-19x16x8x1-w12" (one weight width) or "mlp-19x16x8x1-w17_11_10" (one per layer). */
/**
 * "mlp-19x16x8x1-w17_14_16-1a2b3c4d": sizes and weight widths for people, then the first 8 hex
 * digits of the shape tag, so two shapes that differ only in shifts, bounds or scorecard (and so
 * need different keys) never share a name, a build folder or a verifier contract.
 */
export function shapeName(shape: Omit<CircuitShape, "name">): string {
  const sizes = [shape.featureBits.length, ...shape.layers.map((l) => l.outputs)].join("x");
  const bits = shape.layers.map((l) => l.weightBits);
  const widths = bits.every((b) => b === bits[0]) ? String(bits[0]) : bits.join("_");
  const tag = shapeTag({ ...shape, name: "" })
    .toString(16)
    .padStart(64, "0")
    .slice(0, 8);
  return `mlp-${sizes}-w${widths}-${tag}`;
}

function nat(v: number | bigint, what: string): bigint {
  if (typeof v === "number" && !Number.isInteger(v))
    throw new Error(`encodeShape: ${what} = ${v} is not an integer`);
  const b = BigInt(v);
  if (b < 0n) throw new Error(`encodeShape: ${what} = ${b} is negative`);
  return b;
}

/**
 * [nFeatures, ...featureBits, nLayers, per layer: inputs, outputs, relu, weightBits, biasBits,
 * shift, outBits, then pdo, baseScore, round(baseOdds·1000), fracBits, offsetNum, factorNum,
 * rawBits, 300, 850].
 */
export function encodeShape(shape: CircuitShape): bigint[] {
  const s = shape.scorecard;
  return [
    nat(shape.featureBits.length, "nFeatures"),
    ...shape.featureBits.map((b, i) => nat(b, `featureBits[${i}]`)),
    nat(shape.layers.length, "nLayers"),
    ...shape.layers.flatMap((l, k) =>
      (["inputs", "outputs", "relu", "weightBits", "biasBits", "shift", "outBits"] as const).map(
        (f) => nat(f === "relu" ? (l.relu ? 1 : 0) : l[f], `layer ${k} ${f}`),
      ),
    ),
    nat(s.pdo, "pdo"),
    nat(s.baseScore, "baseScore"),
    nat(Math.round(s.baseOdds * 1000), "baseOdds·1000"),
    nat(s.fracBits, "fracBits"),
    nat(s.offsetNum, "offsetNum"),
    nat(s.factorNum, "factorNum"),
    nat(s.rawBits, "rawBits"),
    nat(s.minScore, "minScore"),
    nat(s.maxScore, "maxScore"),
  ];
}

export function shapeTag(shape: CircuitShape): bigint {
  return sponge(encodeShape(shape));
}
function isInt(v: number, min: number): boolean {
  return Number.isInteger(v) && v >= min;
}

/** Throws, naming the field, unless the shape is internally consistent. */
export function validateShape(shape: CircuitShape): void {
  const where = `shape ${shape.name}`;
  if (shape.featureBits.length === 0) throw new Error(`${where}: no features`);
  shape.featureBits.forEach((b, i) => {
    if (!isInt(b, 1) || b > 64)
      throw new Error(`${where}: featureBits[${i}] = ${b} is not in 1..64`);
  });
  if (shape.layers.length === 0) throw new Error(`${where}: no layers`);
  let width = shape.featureBits.length;
  let inFrac = 0;
  shape.layers.forEach((l, k) => {
    const at = `${where}: layer ${k}`;
    if (l.inputs !== width) throw new Error(`${at} takes ${l.inputs} inputs but receives ${width}`);
    for (const f of ["outputs", "weightBits", "biasBits", "outBits"] as const) {
      if (!isInt(l[f], 1)) throw new Error(`${at}: ${f} = ${l[f]} is not a positive integer`);
    }
    if (!isInt(l.shift, 0))
      throw new Error(`${at}: shift = ${l.shift} is not a non-negative integer`);
    if (!Number.isInteger(l.weightFrac) || !Number.isInteger(l.outFrac)) {
      throw new Error(`${at}: weightFrac/outFrac must be integers`);
    }
    if (l.shift !== l.weightFrac + inFrac - l.outFrac) {
      throw new Error(
        `${at}: shift ${l.shift} ≠ weightFrac ${l.weightFrac} + inFrac ${inFrac} − outFrac ${l.outFrac}`,
      );
    }
    if (l.outBits + l.shift >= MAX_RESCALE_BITS) {
      throw new Error(
        `${at}: outBits + shift = ${l.outBits + l.shift} ≥ ${MAX_RESCALE_BITS} (rescale unsound)`,
      );
    }
    if (k === shape.layers.length - 1 && l.relu)
      throw new Error(`${at}: the last layer (the logit) cannot have ReLU`);
    width = l.outputs;
    inFrac = l.outFrac;
  });
  if (width !== 1)
    throw new Error(`${where}: the last layer has ${width} outputs; expected 1 (the logit)`);
  const s = shape.scorecard;
  if (s.minScore !== 300 || s.maxScore !== 850)
    throw new Error(`${where}: scores must clamp to [300, 850]`);
  // factorNum carries 2^(fracBits − logitFrac), so fracBits may not be below the logit's own.
  if (!isInt(s.fracBits, Math.max(inFrac, 0)) || !isInt(s.rawBits, 11)) {
    throw new Error(
      `${where}: scorecard fracBits ${s.fracBits} / rawBits ${s.rawBits} out of range`,
    );
  }
  if (s.offsetNum < 0n || s.factorNum <= 0n) {
    throw new Error(
      `${where}: scorecard offsetNum ${s.offsetNum} / factorNum ${s.factorNum} out of range`,
    );
  }
  const expected = shapeName(shape);
  if (shape.name !== expected)
    throw new Error(`shape name "${shape.name}" does not match its numbers ("${expected}")`);
}

/** Throws, naming layer/row/col, unless the weights and biases have the shape's sizes and widths. */
export function checkParams(q: QuantizedModel): void {
  const { layers } = q.shape;
  if (q.weights.length !== layers.length || q.biases.length !== layers.length) {
    throw new Error(
      `model has ${q.weights.length} weight / ${q.biases.length} bias layers; shape has ${layers.length}`,
    );
  }
  layers.forEach((l, k) => {
    const W = q.weights[k]!;
    const B = q.biases[k]!;
    if (W.length !== l.outputs || B.length !== l.outputs) {
      throw new Error(
        `layer ${k}: ${W.length} weight rows / ${B.length} biases; shape says ${l.outputs}`,
      );
    }
    W.forEach((row, j) => {
      if (row.length !== l.inputs)
        throw new Error(`layer ${k} row ${j}: ${row.length} weights; shape says ${l.inputs}`);
      row.forEach((w, i) => {
        if (!fitsSigned(w, l.weightBits)) {
          throw new Error(
            `layer ${k} weight [row ${j}][col ${i}] = ${w} does not fit signed ${l.weightBits} bits ${signedRange(l.weightBits)}`,
          );
        }
      });
      if (!fitsSigned(B[j]!, l.biasBits)) {
        throw new Error(
          `layer ${k} bias [row ${j}] = ${B[j]} does not fit signed ${l.biasBits} bits ${signedRange(l.biasBits)}`,
        );
      }
    });
  });
}

/** Inclusive integer interval of each neuron, before (acc, q) and after ReLU (out). */
export interface NeuronBounds {
  accLo: bigint;
  accHi: bigint;
  /** q = floor(acc / 2^shift): what outBits must hold. */
  qLo: bigint;
  qHi: bigint;
}

/**
 * Interval arithmetic over every valid input (each feature in [0, 2^bits − 1]) with the model's
 * actual integer weights: bounds[layer][neuron]. Exact per layer for the first layer; a sound
 * over-approximation after that.
 */
export function activationBounds(q: QuantizedModel): NeuronBounds[][] {
  let lo = q.shape.featureBits.map(() => 0n);
  let hi = q.shape.featureBits.map((b) => (1n << BigInt(b)) - 1n);
  return q.shape.layers.map((l, k) => {
    const bounds = q.weights[k]!.map((row, j) => {
      let accLo = q.biases[k]![j]!;
      let accHi = accLo;
      row.forEach((w, i) => {
        const a = w * lo[i]!;
        const b = w * hi[i]!;
        accLo += a < b ? a : b;
        accHi += a < b ? b : a;
      });
      // floor is monotone, so the rescaled interval is the floor of the ends.
      return { accLo, accHi, qLo: floorShift(accLo, l.shift), qHi: floorShift(accHi, l.shift) };
    });
    const relu = (v: bigint): bigint => (l.relu && v < 0n ? 0n : v);
    lo = bounds.map((n) => relu(n.qLo));
    hi = bounds.map((n) => relu(n.qHi));
    return bounds;
  });
}

/** Throws, naming layer and neuron, if any valid input could overflow outBits or rawBits. */
export function checkBounds(q: QuantizedModel, bounds = activationBounds(q)): void {
  q.shape.layers.forEach((l, k) => {
    bounds[k]!.forEach((n, j) => {
      if (!fitsSigned(n.qLo, l.outBits) || !fitsSigned(n.qHi, l.outBits)) {
        throw new Error(
          `layer ${k} neuron ${j}: output ranges over [${n.qLo}, ${n.qHi}] for valid inputs, beyond signed ${l.outBits} outBits ${signedRange(l.outBits)}`,
        );
      }
    });
  });
  const logit = bounds[bounds.length - 1]![0]!;
  const s = q.shape.scorecard;
  const rawLo = integerScore(s, logit.qHi).raw;
  const rawHi = integerScore(s, logit.qLo).raw;
  if (!fitsSigned(rawLo, s.rawBits) || !fitsSigned(rawHi, s.rawBits)) {
    throw new Error(
      `raw score ranges over [${rawLo}, ${rawHi}] for valid inputs, beyond signed ${s.rawBits} rawBits`,
    );
  }
}

/** Non-linear constraints of one Poseidon call with 16 inputs (circomlib: 3·(8·17 + 68)). */
const POSEIDON16_CONSTRAINTS = 612;
/** EdDSA-Poseidon verification plus the attestation hashes, fixed per circuit (lead's estimate). */
const ATTESTATION_CONSTRAINTS = 5500;

export interface ConstraintEstimate {
  features: number;
  weights: number;
  biases: number;
  neurons: number;
  scorecard: number;
  commitment: number;
  attestation: number;
  total: number;
}

/**
 * Estimated non-linear constraints: weightBits+1 per weight (range check + product), biasBits
 * per bias, shift + outBits per neuron (+ outBits + 1 with ReLU), the scorecard's remainder and
 * range checks and comparators, the commitment sponge, and a fixed attestation part.
 */
export function estimateConstraints(shape: CircuitShape): ConstraintEstimate {
  const features = shape.featureBits.reduce((a, b) => a + b, 0);
  let weights = 0;
  let biases = 0;
  let neurons = 0;
  let paramBits: number[] = [];
  for (const l of shape.layers) {
    weights += l.inputs * l.outputs * (l.weightBits + 1);
    biases += l.outputs * l.biasBits;
    neurons += l.outputs * (l.shift + l.outBits + (l.relu ? l.outBits + 1 : 0));
    paramBits = paramBits.concat(
      new Array<number>(l.inputs * l.outputs).fill(l.weightBits),
      new Array<number>(l.outputs).fill(l.biasBits),
    );
  }
  const s = shape.scorecard;
  const scorecard = s.fracBits + s.rawBits + 2 * (s.rawBits + 1);
  const chunks = packLayout(paramBits).length;
  const commitment = Math.ceil((1 + chunks) / 15) * POSEIDON16_CONSTRAINTS;
  const total =
    features + weights + biases + neurons + scorecard + commitment + ATTESTATION_CONSTRAINTS;
  return {
    features,
    weights,
    biases,
    neurons,
    scorecard,
    commitment,
    attestation: ATTESTATION_CONSTRAINTS,
    total,
  };
}

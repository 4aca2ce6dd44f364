/**
 * Hand-built circuit shapes and an independent integer reference for the circuit tests (plain
 * bigint arithmetic, docs/architecture.md semantics). The real quantizer lives in prover/model.
 */
import type { CircuitShape, LayerSpec, ScorecardSpec } from "../../prover/model/types.js";

const pow2 = (k: number) => 1n << BigInt(k);
const bitLength = (v: bigint) => (v === 0n ? 0 : v.toString(2).length);

/** floor(a / 2^k) toward -infinity, written out (BigInt `/` truncates toward zero). */
export function floorDiv(a: bigint, d: bigint): bigint {
  const q = a / d;
  return a % d !== 0n && a < 0n ? q - 1n : q;
}

/**
 * Layers whose outBits come from worst-case interval arithmetic over the declared widths, so that
 * every model within the widths and every valid input proves.
 */
function layersFor(
  featureBits: number[],
  sizes: number[],
  spec: { weightBits: number; biasBits: number; shifts: number[] },
): LayerSpec[] {
  let inputBound = pow2(Math.max(...featureBits)) - 1n; // |x| bound of the current layer's inputs
  return sizes.slice(1).map((outputs, l) => {
    const inputs = sizes[l]!;
    const relu = l < sizes.length - 2;
    const shift = spec.shifts[l]!;
    const accBound =
      BigInt(inputs) * pow2(spec.weightBits - 1) * inputBound + pow2(spec.biasBits - 1);
    const outBits = bitLength(floorDiv(accBound, pow2(shift))) + 1;
    inputBound = relu ? pow2(outBits - 1) - 1n : pow2(outBits - 1);
    return {
      inputs,
      outputs,
      relu,
      weightBits: spec.weightBits,
      biasBits: spec.biasBits,
      shift,
      outBits,
      weightFrac: 8,
      outFrac: 8,
    };
  });
}

/** The scorecard of pdo 20, 600 points at odds 50:1, 16 fractional bits, logit with 8. */
function scorecardFor(lastOutBits: number): ScorecardSpec {
  const fracBits = 16;
  const logitFrac = 8;
  const factor = 20 / Math.LN2;
  const offset = 600 - factor * Math.log(50);
  const offsetNum = BigInt(Math.round((offset + 0.5) * 2 ** fracBits));
  const factorNum = BigInt(Math.round(factor * 2 ** (fracBits - logitFrac)));
  const rawBound = floorDiv(offsetNum + factorNum * pow2(lastOutBits - 1), pow2(fracBits)) + 1n;
  return {
    pdo: 20,
    baseScore: 600,
    baseOdds: 50,
    fracBits,
    offsetNum,
    factorNum,
    rawBits: bitLength(rawBound) + 1,
    minScore: 300,
    maxScore: 850,
  };
}

function shapeOf(
  name: string,
  featureBits: number[],
  sizes: number[],
  spec: { weightBits: number; biasBits: number; shifts: number[] },
): CircuitShape {
  const layers = layersFor(featureBits, sizes, spec);
  return {
    name,
    featureSchema: "test",
    featureBits,
    layers,
    scorecard: scorecardFor(layers.at(-1)!.outBits),
  };
}

/** 3 -> 2 -> 1 with 9- and 4-bit features: small enough to compile in seconds. */
export function tinyShape(): CircuitShape {
  return shapeOf("test-mlp-3x2x1", [9, 4, 9], [3, 2, 1], {
    weightBits: 8,
    biasBits: 16,
    shifts: [6, 6],
  });
}

/** 19 -> 16 -> 8 -> 1, weightBits 12, biasBits 24, the v1 schema's 9-bit amounts and 4-bit statuses. */
export function referenceShape(): CircuitShape {
  const featureBits = [9, 4, 4, 4, 4, 4, 4, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9];
  return shapeOf("test-mlp-19x16x8x1-w12", featureBits, [19, 16, 8, 1], {
    weightBits: 12,
    biasBits: 24,
    shifts: [10, 12, 12],
  });
}

export interface TestModel {
  weights: bigint[][][];
  biases: bigint[][];
}

/** Integer reference inference: acc = W x + b, floor by 2^shift, ReLU; then the scorecard. */
export function referenceScore(
  shape: CircuitShape,
  model: TestModel,
  features: bigint[],
): { logitQ: bigint; raw: bigint; score: bigint } {
  let x = features;
  shape.layers.forEach((layer, l) => {
    x = model.weights[l]!.map((row, j) => {
      const acc = row.reduce((s, w, i) => s + w * x[i]!, model.biases[l]![j]!);
      const q = floorDiv(acc, pow2(layer.shift));
      if (q < -pow2(layer.outBits - 1) || q >= pow2(layer.outBits - 1)) {
        throw new Error(`layer ${l} output ${j} = ${q} overflows outBits ${layer.outBits}`);
      }
      return layer.relu && q < 0n ? 0n : q;
    });
  });
  const logitQ = x[0]!;
  const { offsetNum, factorNum, fracBits } = shape.scorecard;
  const raw = floorDiv(offsetNum - factorNum * logitQ, pow2(fracBits));
  const score = raw < 300n ? 300n : raw > 850n ? 850n : raw;
  return { logitQ, raw, score };
}

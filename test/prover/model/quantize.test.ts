import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { calibrate, calibrateShared } from "../../../prover/model/calibrate.js";
import { quantizeWithShape } from "../../../prover/model/quantize.js";
import { forwardFloat } from "../../../prover/model/forward.js";
import { inferInteger } from "../../../prover/model/reference.js";
import { activationBounds, validateShape } from "../../../prover/model/shape.js";
import {
  floatScore,
  floatScoreUnrounded,
  integerScoreUnrounded,
} from "../../../prover/model/scorecard.js";
import { driftReport, formatDrift } from "../../../prover/model/drift.js";
import type { FloatModel } from "../../../prover/model/onnx.js";
import type { CircuitShape } from "../../../prover/model/types.js";
import { featureBits, FEATURE_SCHEMA_ID } from "../../../prover/features/schema.js";
import { seededRandom } from "../../../prover/train/random.js";

const BITS = featureBits();
const OPTS = { featureBits: BITS, featureSchema: FEATURE_SCHEMA_ID };

/** A random 19×8×4×1 ReLU net scaled like one trained on features in [0, 384]. */
function randomModel(seed: number): FloatModel {
  const rnd = seededRandom(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const sizes = [19, 8, 4, 1];
  return {
    inputName: "x",
    inputSize: 19,
    finalSigmoid: true,
    layers: sizes.slice(1).map((outs, k) => ({
      W: Array.from({ length: outs }, () =>
        Array.from({ length: sizes[k]! }, () => gauss() * (k === 0 ? 0.01 : 0.5)),
      ),
      b: Array.from({ length: outs }, () => gauss() * 0.3),
      relu: k < sizes.length - 2,
    })),
  };
}

function randomSamples(n: number, seed: number): number[][] {
  const rnd = seededRandom(seed);
  // statuses in [0, 10], amounts in [0, 384]: the schema's real ranges
  return Array.from({ length: n }, () => BITS.map((b) => Math.floor(rnd() * (b === 4 ? 11 : 385))));
}

const model = randomModel(11);
const samples = randomSamples(400, 12);
const { quantized: q, report } = calibrate(model, samples, OPTS);

/** Integer inference recomputed with Number arithmetic (exact here: every value < 2^53). */
function numberInference(features: number[]): number {
  let x = features;
  q.shape.layers.forEach((l, k) => {
    const z = q.weights[k]!.map((row, j) =>
      Math.floor(
        row.reduce((s, w, i) => s + Number(w) * x[i]!, Number(q.biases[k]![j]!)) / 2 ** l.shift,
      ),
    );
    x = l.relu ? z.map((v) => Math.max(v, 0)) : z;
  });
  return x[0]!;
}

describe("calibrate", () => {
  it("keeps every calibration score within 0.5 points unrounded and 1 point rounded", () => {
    assert.ok(report.maxScoreError <= 0.5);
    samples.forEach((row, i) => {
      const logit = forwardFloat(model, row).logit;
      const r = inferInteger(q, row.map(BigInt));
      const unrounded = Math.abs(
        Math.min(Math.max(integerScoreUnrounded(q.shape.scorecard, r.logitQ), 300), 850) -
          Math.min(Math.max(floatScoreUnrounded(logit), 300), 850),
      );
      assert.ok(unrounded <= 0.5, `row ${i}: ${unrounded}`);
      assert.ok(Math.abs(Number(r.score) - floatScore(logit)) <= 1, `row ${i}`);
    });
    assert.equal(report.drift.fractionWithinOne, 1);
    assert.equal(report.drift.rows, 400);
    const { equal, one, more } = report.drift.roundedDiffCounts;
    assert.equal(equal + one + more, 400);
    assert.ok(report.drift.scoreErrorUnrounded.max === report.maxScoreError);
    assert.throws(() => driftReport(q, samples, []), /400 rows but 0 float logits/);
    assert.match(formatDrift(report.drift), /drift over 400 rows[\s\S]*within 1 point: 100\.00%/);
  });

  it("picks per-layer widths that meet the bound, and no narrower ones do", () => {
    const wb = report.weightBits;
    const name = wb.every((b) => b === wb[0]) ? `w${wb[0]}` : `w${wb.join("_")}`;
    assert.match(q.shape.name, new RegExp(`^mlp-19x8x4x1-${name}-[0-9a-f]{8}$`));
    assert.deepEqual(report.tried[report.tried.length - 1], {
      weightBits: wb,
      maxScoreError: report.maxScoreError,
    });
    // one bit less on every layer breaks the bound
    const narrower = calibrate(model, samples, { ...OPTS, weightBits: wb.map((b) => b - 1) });
    assert.ok(narrower.report.maxScoreError > 0.5, `[${wb.map((b) => b - 1)}] still meets it`);
    // sensitivity falls as a layer gets more bits (over 4 bits, allowing for noise)
    report.sensitivity.forEach((row, k) => assert.ok(row[8]! < row[4]!, `layer ${k}`));
  });

  it("error-feedback rounding beats nearest rounding on the calibration rows", () => {
    const widths = report.weightBits;
    const nearest = calibrate(model, samples, { ...OPTS, weightBits: widths, rounding: "nearest" });
    assert.ok(
      report.drift.scoreErrorUnrounded.mean < nearest.report.drift.scoreErrorUnrounded.mean,
    );
    // a fixed width for all layers is accepted too
    assert.deepEqual(
      calibrate(model, samples.slice(0, 20), { ...OPTS, weightBits: 12 }).report.weightBits,
      [12, 12, 12],
    );
  });

  it("quantizes each weight to the largest fraction that fits; nearest rounding is within half a step", () => {
    validateShape(q.shape);
    const nearest = calibrate(model, samples, {
      ...OPTS,
      weightBits: report.weightBits,
      rounding: "nearest",
    }).quantized;
    q.shape.layers.forEach((l, k) => {
      const W = model.layers[k]!.W;
      const half = 2 ** (l.weightBits - 1);
      W.forEach((row, j) =>
        row.forEach((w, i) => {
          const v = Number(q.weights[k]![j]![i]!);
          assert.ok(v >= -half && v < half);
          const n = Number(nearest.weights[k]![j]![i]!);
          assert.ok(Math.abs(n / 2 ** l.weightFrac - w) <= 2 ** -(l.weightFrac + 1));
        }),
      );
      const wider = W.flat().some((w) => Math.abs(Math.round(w * 2 ** (l.weightFrac + 1))) >= half);
      assert.ok(wider, `layer ${k}: weightFrac ${l.weightFrac} + 1 would still fit`);
    });
  });

  it("sizes outBits so that no valid input overflows, and no larger", () => {
    const bounds = activationBounds(q);
    const first = q.weights[0]!;
    const max = BITS.map((b) => 2n ** BigInt(b) - 1n);
    // The inputs that drive each first-layer neuron to its extremes must prove.
    const extremes = first.flatMap((row) => [
      row.map((w, i) => (w > 0n ? max[i]! : 0n)),
      row.map((w, i) => (w < 0n ? max[i]! : 0n)),
    ]);
    const rnd = seededRandom(3);
    for (let n = 0; n < 100; n++) extremes.push(max.map((m) => (rnd() < 0.5 ? 0n : m)));
    for (const x of extremes) inferInteger(q, x);
    q.shape.layers.forEach((l, k) => {
      const lo = bounds[k]!.reduce((a, n) => (n.qLo < a ? n.qLo : a), 0n);
      const hi = bounds[k]!.reduce((a, n) => (n.qHi > a ? n.qHi : a), 0n);
      const half = 1n << BigInt(l.outBits - 2);
      assert.ok(lo < -half || hi >= half, `layer ${k}: outBits ${l.outBits} is not minimal`);
    });
    // The first layer's bound is attained exactly by its extreme input.
    const top = inferInteger(q, extremes[0]!).preActivations[0]![0]!;
    assert.equal(top, bounds[0]![0]!.qHi);
  });

  it("computes bit for bit what an independent Number implementation computes", () => {
    for (const row of samples.slice(0, 100)) {
      assert.equal(Number(inferInteger(q, row.map(BigInt)).logitQ), numberInference(row));
    }
  });

  it("estimates the constraint count", () => {
    const c = report.constraints;
    assert.equal(
      c.total,
      c.features + c.weights + c.biases + c.neurons + c.scorecard + c.commitment + c.attestation,
    );
    const [w0, w1, w2] = report.weightBits as [number, number, number];
    assert.equal(c.weights, 19 * 8 * (w0 + 1) + 8 * 4 * (w1 + 1) + 4 * (w2 + 1));
    assert.equal(report.fitsBudget, c.total <= 16_000);
  });

  it("fails clearly when no width in the range meets the bound", () => {
    assert.throws(
      () => calibrate(model, samples, { ...OPTS, minWeightBits: 6, maxWeightBits: 7 }),
      /no weight widths in 6\.\.7 keep the score error ≤ 0\.5 \(best [\d.]+ at \[7,7,7\] bits\)/,
    );
  });

  it("rejects bad calibration data, naming row and feature", () => {
    assert.throws(() => calibrate(model, [], OPTS), /no calibration samples/);
    assert.throws(
      () => calibrate(model, [samples[0]!.slice(1)], OPTS),
      /calibration row 0: 18 features/,
    );
    const bad = samples.slice(0, 3).map((r) => [...r]);
    bad[2]![5] = 16;
    assert.throws(
      () => calibrate(model, bad, OPTS),
      /calibration row 2: feature 5 = 16 is not an integer in \[0, 15\]/,
    );
  });
});

describe("calibrateShared", () => {
  it("puts two models of the same sizes in one shape, each within the bound", () => {
    const other = randomModel(12);
    const { quantized, report: r } = calibrateShared([model, other], samples, OPTS);
    assert.equal(quantized.length, 2);
    assert.deepEqual(quantized[0]!.shape, quantized[1]!.shape);
    assert.ok(r.maxScoreError <= 0.5);
    r.drift.forEach((d) => assert.equal(d.fractionWithinOne, 1));
    // the shared shape is what quantizeWithShape needs to accept the second model
    const again = quantizeWithShape(other, quantized[0]!.shape, { samples });
    assert.deepEqual(again.weights, quantized[1]!.weights);
  });

  it("refuses models of different sizes", () => {
    const small = randomModel(13);
    small.layers[1]!.W.pop();
    small.layers[1]!.b.pop();
    small.layers[2]!.W = small.layers[2]!.W.map((row) => row.slice(0, 3));
    assert.throws(
      () => calibrateShared([model, small], samples, OPTS),
      /model 1 has layers .*; model 0 has .*: one shape cannot serve both/,
    );
  });
});

describe("quantizeWithShape", () => {
  const scaled = (
    m: FloatModel,
    k: number,
    f: (W: number[][], b: number[]) => void,
  ): FloatModel => {
    const copy: FloatModel = structuredClone(m);
    f(copy.layers[k]!.W, copy.layers[k]!.b);
    return copy;
  };

  it("reproduces calibrate's weights under its shape, and accepts a nearby model", () => {
    const again = quantizeWithShape(model, q.shape, { samples });
    assert.deepEqual(again.weights, q.weights);
    assert.deepEqual(again.biases, q.biases);
    const plain = quantizeWithShape(model, q.shape);
    assert.notDeepEqual(plain.weights, q.weights, "error feedback moved some weights");
    const nudged = scaled(model, 1, (W) => W.forEach((r) => r.forEach((_, i) => (r[i]! *= 0.9))));
    quantizeWithShape(nudged, q.shape);
  });

  it("names layer, row and col of a weight that does not fit", () => {
    // The largest weight already uses the top bit at weightFrac, so doubling it cannot fit.
    const flat = model.layers[1]!.W.flat().map(Math.abs);
    const at = flat.indexOf(Math.max(...flat));
    const [row, col] = [Math.floor(at / 8), at % 8];
    const big = scaled(model, 1, (W) => (W[row]![col]! *= 2));
    const re = new RegExp(
      `layer 1 weight \\[row ${row}\\]\\[col ${col}\\] = .* outside signed \\d+ bits`,
    );
    assert.throws(() => quantizeWithShape(big, q.shape), re);
  });

  it("names layer and row of a bias that does not fit", () => {
    const big = scaled(model, 0, (_, b) => (b[5] = 1e6));
    assert.throws(
      () => quantizeWithShape(big, q.shape),
      /layer 0 bias \[row 5\] = 1000000 quantizes to .* outside signed/,
    );
  });

  it("refuses a model whose interval bound exceeds outBits, though every weight fits", () => {
    const l0 = q.shape.layers[0]!;
    const maxW = (2 ** (l0.weightBits - 1) - 1) / 2 ** l0.weightFrac;
    const wide = scaled(model, 0, (W) => W.forEach((r) => r.fill(maxW)));
    assert.throws(
      () => quantizeWithShape(wide, q.shape),
      /layer 0 neuron 0: output ranges over .* beyond signed \d+ outBits/,
    );
  });

  it("refuses a model of another size or a shape that is inconsistent", () => {
    const other = randomModel(99);
    other.layers[1]!.W.pop();
    other.layers[1]!.b.pop();
    assert.throws(
      () => quantizeWithShape(other, q.shape),
      /layer 1: the model has 8→3 ReLU; shape .* has 8→4 ReLU/,
    );
    const broken: CircuitShape = structuredClone(q.shape);
    broken.layers[1]!.shift += 1;
    assert.throws(() => quantizeWithShape(model, broken), /layer 1: shift .* ≠ weightFrac/);
  });
});

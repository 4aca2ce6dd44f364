import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { roundLayer } from "../../../prover/model/rounding.js";
import { seededRandom } from "../../../prover/train/random.js";

const rnd = seededRandom(21);
// 6 inputs of very different magnitudes (like statuses and log-amounts), one dead (always 0)
const scales = [10, 384, 384, 10, 384, 0];
const X = Array.from({ length: 300 }, () => scales.map((s) => Math.floor(rnd() * (s + 1))));
const W = Array.from({ length: 4 }, () => scales.map((s) => (rnd() - 0.5) * (s === 10 ? 1 : 0.01)));
const b = [0.3, -0.2, 0.1, 0];

/** Sum over rows and outputs of the squared change of W·x + b. */
function sse(Wq: number[][], bq: number[]): number {
  return X.reduce(
    (acc, x) =>
      acc +
      W.reduce((s, row, j) => {
        const d = row.reduce((a, w, i) => a + (Wq[j]![i]! - w) * x[i]!, bq[j]! - b[j]!);
        return s + d * d;
      }, 0),
    0,
  );
}

describe("roundLayer", () => {
  const frac = 8;
  const bits = 9; // |w| < 1 → |w · 2^8| < 256 fits signed 9 bits
  const nearest = roundLayer(W, b, frac, bits, []);
  const feedback = roundLayer(W, b, frac, bits, X);

  it("rounds to nearest without calibration inputs, leaving the bias exact", () => {
    W.forEach((row, j) =>
      row.forEach((w, i) => assert.equal(nearest.W[j]![i], Math.round(w * 256) / 256)),
    );
    assert.deepEqual(nearest.b, b);
  });

  it("returns weights on the grid and within the signed width", () => {
    for (const w of feedback.W.flat()) {
      assert.ok(Number.isInteger(w * 256));
      assert.ok(w * 256 >= -256 && w * 256 < 256);
    }
    assert.ok(feedback.b.every(Number.isFinite));
  });

  it("changes the layer's outputs on the calibration rows less than nearest rounding", () => {
    const [e, n] = [sse(feedback.W, feedback.b), sse(nearest.W, nearest.b)];
    assert.ok(e < n / 4, `error feedback ${e} vs nearest ${n}`);
  });

  it("clamps into the width when the compensation pushes a weight past it", () => {
    const edge = [[255.4 / 256, 0.001]];
    const r = roundLayer(
      edge,
      [0],
      frac,
      bits,
      X.map((x) => [x[0]!, x[1]!]),
    );
    assert.ok(r.W[0]![0]! * 256 <= 255);
  });
});

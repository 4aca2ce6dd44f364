import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rocAuc } from "../../../prover/train/metrics.js";
import { seededRandom } from "../../../prover/train/random.js";

/** AUC by counting every (defaulter, non-defaulter) pair: 1 if ordered right, ½ if tied. */
function pairwiseAuc(scores: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((sp, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((sn, j) => {
      if (labels[j] !== 0) return;
      pairs++;
      wins += sp > sn ? 1 : sp === sn ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe("rocAuc", () => {
  it("equals the pairwise count, ties included", () => {
    const random = seededRandom(3);
    const scores = Array.from({ length: 300 }, () => Math.floor(random() * 20) / 20);
    const labels = scores.map((s) => (random() < 0.2 + s / 2 ? 1 : 0));
    assert.ok(Math.abs(rocAuc(scores, labels) - pairwiseAuc(scores, labels)) < 1e-12);
  });

  it("is 1 for a perfect ranking, 0 for a reversed one, ½ for all ties", () => {
    assert.equal(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]), 1);
    assert.equal(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]), 0);
    assert.equal(rocAuc([0.5, 0.5, 0.5], [0, 1, 0]), 0.5);
  });

  it("rejects one-class data, bad labels, non-finite scores and length mismatches", () => {
    assert.throws(() => rocAuc([0.1, 0.2], [1, 1]), /both classes/);
    assert.throws(() => rocAuc([0.1, 0.2], [1, 2]), /label 2 at index 1/);
    assert.throws(() => rocAuc([0.1, NaN], [1, 0]), /score NaN at index 1/);
    assert.throws(() => rocAuc([0.1], [1, 0]), /1 scores but 2 labels/);
  });
});

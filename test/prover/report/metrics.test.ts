import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  aucStandardError,
  calibrationBins,
  confusionAtCutoff,
  curveArea,
  ksStatistic,
  median,
  rocCurve,
  scoreHistogram,
} from "../../../prover/report/metrics.js";
import { rocAuc } from "../../../prover/train/metrics.js";
import { seededRandom } from "../../../prover/train/random.js";

const close = (a: number, b: number, eps = 1e-12): void =>
  assert.ok(Math.abs(a - b) < eps, `${a} ≠ ${b}`);

// Six rows ranked by risk; defaulters at ranks 1, 3 and 4. By hand, flagging from the top:
// threshold 0.9 → TPR 1/3 FPR 0; 0.8 → 1/3, 1/3; 0.7 → 2/3, 1/3; 0.6 → 1, 1/3; 0.5 → 1, 2/3;
// 0.4 → 1, 1. Pairs ordered right: 0.9 > all 3, 0.7 and 0.6 > 0.5 and 0.4 → 7 of 9.
const RISK = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4];
const LABELS = [1, 0, 1, 1, 0, 0];

describe("rocCurve", () => {
  it("walks the hand-computed points from (0, 0) to (1, 1)", () => {
    const pts = rocCurve(RISK, LABELS).map((p) => [p.fpr, p.tpr]);
    const third = 1 / 3;
    assert.deepEqual(pts, [
      [0, 0],
      [0, third],
      [third, third],
      [third, 2 * third],
      [third, 1],
      [2 * third, 1],
      [1, 1],
    ]);
    close(curveArea(rocCurve(RISK, LABELS)), 7 / 9);
  });

  it("moves tied rows together, so its area equals rocAuc with ties counted one half", () => {
    const random = seededRandom(11);
    const risk = Array.from({ length: 500 }, () => Math.floor(random() * 12));
    const labels = risk.map((r) => (random() < 0.1 + r / 20 ? 1 : 0));
    close(curveArea(rocCurve(risk, labels)), rocAuc(risk, labels));
    assert.equal(rocCurve(risk, labels).length, new Set(risk).size + 1);
  });

  it("refuses one-class data and mismatched inputs, naming the index", () => {
    assert.throws(() => rocCurve([0.1, 0.2], [0, 0]), /both classes/);
    assert.throws(() => rocCurve([0.1, NaN], [0, 1]), /NaN at index 1/);
    assert.throws(() => rocCurve([0.1], [0, 1]), /1 values but 2 labels/);
  });
});

describe("ksStatistic", () => {
  it("is the largest TPR − FPR gap of the hand example: 2/3 at risk 0.6", () => {
    const { ks, threshold } = ksStatistic(RISK, LABELS);
    close(ks, 2 / 3);
    assert.equal(threshold, 0.6);
  });

  it("is 1 for a perfect separation and 0 when every row ties", () => {
    assert.equal(ksStatistic([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0]).ks, 1);
    assert.equal(ksStatistic([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0]).ks, 0);
  });

  it("does not depend on the direction of the ranking", () => {
    close(
      ksStatistic(
        RISK.map((r) => -r),
        LABELS,
      ).ks,
      2 / 3,
    );
  });
});

describe("confusionAtCutoff", () => {
  const scores = [500, 600, 650, 700, 720, 800];
  const labels = [1, 1, 0, 1, 0, 0];

  it("flags rows scoring below the cutoff: hand-counted at 670", () => {
    // Flagged: 500 (default), 600 (default), 650 (good). Passed: 700 (default), 720, 800 (good).
    const c = confusionAtCutoff(scores, labels, 670);
    assert.deepEqual({ tp: c.tp, fp: c.fp, tn: c.tn, fn: c.fn }, { tp: 2, fp: 1, tn: 2, fn: 1 });
    close(c.accuracy, 4 / 6);
    close(c.precision!, 2 / 3);
    close(c.recall, 2 / 3);
    close(c.flagged, 0.5);
  });

  it("keeps a row exactly at the cutoff out of the flagged set", () => {
    assert.equal(confusionAtCutoff(scores, labels, 700).tp, 2);
    assert.equal(confusionAtCutoff(scores, labels, 701).tp, 3);
  });

  it("has no precision when nothing is flagged", () => {
    const c = confusionAtCutoff(scores, labels, 300);
    assert.equal(c.precision, null);
    assert.equal(c.recall, 0);
    close(c.accuracy, 0.5);
  });
});

describe("calibrationBins", () => {
  it("cuts rows sorted by prediction into equal-count bins (3, 3, 4 for 10 rows)", () => {
    // Predictions given out of order; sorted: 0.1 … 1.0 with labels 0,0,1 | 0,1,1 | 0,1,1,1.
    const predicted = [0.5, 0.1, 0.9, 0.3, 0.2, 0.6, 0.4, 1.0, 0.7, 0.8];
    const labels = [1, 0, 1, 1, 0, 1, 0, 1, 0, 1];
    const bins = calibrationBins(predicted, labels, 3);
    assert.deepEqual(
      bins.map((b) => b.count),
      [3, 3, 4],
    );
    close(bins[0]!.meanPredicted, 0.2);
    close(bins[0]!.observedRate, 1 / 3);
    close(bins[1]!.meanPredicted, 0.5);
    close(bins[1]!.observedRate, 2 / 3);
    close(bins[2]!.meanPredicted, 0.85);
    close(bins[2]!.observedRate, 3 / 4);
    assert.deepEqual([bins[2]!.minPredicted, bins[2]!.maxPredicted], [0.7, 1.0]);
  });

  it("makes deciles by default and refuses too few rows or probabilities outside [0, 1]", () => {
    const p = Array.from({ length: 20 }, (_, i) => i / 20);
    assert.equal(
      calibrationBins(
        p,
        p.map((_, i) => i % 2),
      ).length,
      10,
    );
    assert.throws(() => calibrationBins([0.1, 0.2], [0, 1]), /2 rows cannot fill 10 bins/);
    assert.throws(() => calibrationBins([0.1, 1.5], [0, 1], 2), /1.5 at index 1/);
  });
});

describe("scoreHistogram", () => {
  it("counts each class per bin; the top edge falls in the last bin", () => {
    const bins = scoreHistogram([300, 324, 325, 849, 850], [0, 1, 1, 0, 1], {
      min: 300,
      max: 850,
      width: 25,
    });
    assert.equal(bins.length, 22);
    assert.deepEqual(bins[0], { from: 300, to: 325, good: 1, defaulted: 1 });
    assert.deepEqual(bins[1], { from: 325, to: 350, good: 0, defaulted: 1 });
    assert.deepEqual(bins[21], { from: 825, to: 850, good: 1, defaulted: 1 });
  });

  it("refuses a score outside the range, naming it", () => {
    assert.throws(
      () => scoreHistogram([299], [0], { min: 300, max: 850, width: 25 }),
      /score 299 at index 0/,
    );
  });
});

describe("median", () => {
  it("takes the middle value, or the mean of the middle two", () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.throws(() => median([]), /no values/);
  });
});

describe("aucStandardError", () => {
  it("matches Hanley–McNeil by hand: AUC ½ on 2 + 2 rows gives √(5/48)", () => {
    // Q1 = Q2 = 1/3, A² = 1/4: (1/4 + 1/12 + 1/12) / 4 = 5/48.
    close(aucStandardError(0.5, 2, 2), Math.sqrt(5 / 48));
  });

  it("shrinks as the sample grows and refuses one-class samples", () => {
    assert.ok(aucStandardError(0.8, 11, 39) > aucStandardError(0.8, 996, 3504));
    assert.throws(() => aucStandardError(0.8, 0, 10), /both classes/);
  });
});

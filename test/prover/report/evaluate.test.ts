import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  evaluateWay,
  scoreAgreement,
  scoreDefaultProbability,
} from "../../../prover/report/evaluate.js";
import { proofSample } from "../../../prover/report/prove-sample.js";
import { parseTrainingReport } from "../../../prover/report/training-report.js";

const close = (a: number, b: number, eps = 1e-12): void =>
  assert.ok(Math.abs(a - b) < eps, `${a} ≠ ${b}`);

describe("scoreAgreement", () => {
  it("counts rows per absolute difference: max, within one point, identical", () => {
    const a = scoreAgreement([600, 601, 700, 800, 300], [600, 600, 702, 799, 300]);
    assert.deepEqual(a.counts, [2, 2, 1]);
    assert.equal(a.maxDiff, 2);
    close(a.within1, 4 / 5);
    close(a.exact, 2 / 5);
  });

  it("refuses lists of different lengths and non-integer scores", () => {
    assert.throws(() => scoreAgreement([1], [1, 2]), /1 vs 2/);
    assert.throws(() => scoreAgreement([1.5], [1]), /row 0/);
  });
});

describe("scoreDefaultProbability", () => {
  const card = { pdo: 40, baseScore: 600, baseOdds: 20 };
  it("is 1/(1+odds) with the odds doubling every pdo points", () => {
    close(scoreDefaultProbability(600, card), 1 / 21);
    close(scoreDefaultProbability(640, card), 1 / 41);
    close(scoreDefaultProbability(560, card), 1 / 11);
  });
});

describe("evaluateWay", () => {
  it("computes every metric on the same rows", () => {
    const scores = [500, 600, 650, 700, 720, 800, 610, 690, 760, 820];
    const labels = [1, 1, 0, 1, 0, 0, 1, 0, 0, 0] as const;
    const m = evaluateWay(
      {
        scores,
        risk: scores.map((s) => -s),
        pd: scores.map((s) =>
          scoreDefaultProbability(s, { pdo: 40, baseScore: 600, baseOdds: 20 }),
        ),
        labels: [...labels],
      },
      { cutoffs: [580, 670], histogram: { min: 300, max: 850, width: 50 } },
    );
    assert.equal(m.rows, 10);
    assert.equal(m.defaults, 4);
    // Defaulters 500, 600, 610, 700 against six non-defaulters: 6 + 6 + 6 + 4 = 22 of 24 pairs.
    close(m.auc, 22 / 24);
    assert.deepEqual(
      m.cutoffs.map((c) => [c.cutoff, c.tp, c.fp]),
      [
        [580, 1, 0],
        [670, 3, 1],
      ],
    );
    assert.deepEqual(m.scoreSummary, { min: 500, median: 695, mean: 685, max: 820 });
    assert.equal(m.calibration.length, 10);
    assert.equal(
      m.histogram.reduce((s, b) => s + b.good + b.defaulted, 0),
      10,
    );
  });

  it("refuses inputs of different lengths, naming which", () => {
    assert.throws(
      () =>
        evaluateWay(
          { scores: [600], risk: [1, 2], pd: [0.1, 0.2], labels: [0, 1] },
          { cutoffs: [], histogram: { min: 300, max: 850, width: 25 } },
        ),
      /1 scores for 2 labels/,
    );
  });
});

describe("proofSample", () => {
  const rows = Array.from({ length: 1000 }, (_, i) => ({
    id: i + 1,
    label: (i % 5 === 0 ? 1 : 0) as 0 | 1,
  }));

  it("draws per class in proportion, in id order, the same rows every time", () => {
    const s = proofSample(rows, 50, 1);
    assert.equal(s.length, 50);
    assert.equal(s.filter((r) => r.label === 1).length, 10);
    assert.deepEqual(
      s.map((r) => r.id),
      [...s.map((r) => r.id)].sort((a, b) => a - b),
    );
    assert.deepEqual(proofSample([...rows].reverse(), 50, 1), s);
    assert.notDeepEqual(proofSample(rows, 50, 2), s);
  });

  it("keeps at least one defaulter, and refuses impossible sizes", () => {
    const rare = rows.map((r) => ({ ...r, label: (r.id === 7 ? 1 : 0) as 0 | 1 }));
    assert.ok(proofSample(rare, 10, 1).some((r) => r.id === 7));
    assert.throws(() => proofSample(rows, 1, 1), /at least 2/);
    assert.throws(() => proofSample(rows, 1001, 1), /exceeds the 1000 rows/);
  });
});

describe("parseTrainingReport", () => {
  it("names the first missing or mistyped field", () => {
    assert.throws(() => parseTrainingReport({}, "t.json"), /t\.json: field "featureSchema"/);
    assert.throws(
      () => parseTrainingReport({ featureSchema: "x", features: ["a", 1] }, "t.json"),
      /field "features" must be a string\[\]/,
    );
  });
});

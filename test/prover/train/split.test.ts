import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { seededRandom, shuffleInPlace } from "../../../prover/train/random.js";
import { stratifiedSplit, type LabelledRow } from "../../../prover/train/split.js";

// 1,000 rows, 220 defaults spread through the ids.
const ROWS: LabelledRow[] = Array.from({ length: 1000 }, (_, i) => ({
  id: i + 1,
  label: i % 50 < 11 ? 1 : 0,
}));
const ids = (rs: readonly LabelledRow[]): number[] => rs.map((r) => r.id);
const defaults = (rs: readonly LabelledRow[]): number => rs.filter((r) => r.label === 1).length;

describe("stratified split", () => {
  it("cuts 70/15/15 within each class", () => {
    const s = stratifiedSplit(ROWS, 7);
    assert.deepEqual([s.train.length, s.validation.length, s.test.length], [700, 150, 150]);
    // 220 defaults → 154 / 33 / 33; 780 others → 546 / 117 / 117.
    assert.deepEqual([defaults(s.train), defaults(s.validation), defaults(s.test)], [154, 33, 33]);
  });

  it("is a partition of the rows", () => {
    const s = stratifiedSplit(ROWS, 7);
    const all = [...ids(s.train), ...ids(s.validation), ...ids(s.test)].sort((a, b) => a - b);
    assert.deepEqual(all, ids(ROWS));
  });

  it("is deterministic in the seed and independent of the input order", () => {
    const a = stratifiedSplit(ROWS, 7);
    const shuffled = shuffleInPlace([...ROWS], seededRandom(99));
    const b = stratifiedSplit(shuffled, 7);
    assert.deepEqual(ids(b.test), ids(a.test));
    assert.equal(b.hash, a.hash);
    const c = stratifiedSplit(ROWS, 8);
    assert.notEqual(c.hash, a.hash);
    assert.notDeepEqual(ids(c.test), ids(a.test));
  });

  it("hashes the documented id lists", () => {
    const s = stratifiedSplit(ROWS, 7);
    const text = `train:${ids(s.train).join(",")}\nvalidation:${ids(s.validation).join(",")}\ntest:${ids(s.test).join(",")}\n`;
    assert.equal(s.hash, createHash("sha256").update(text).digest("hex"));
  });

  it("rejects fractions that leave no test part", () => {
    assert.throws(
      () => stratifiedSplit(ROWS, 1, { train: 0.9, validation: 0.1 }),
      /leave room for a test part/,
    );
  });

  it("refuses seeds outside 32 bits", () => {
    assert.throws(() => seededRandom(-1), /seed must be an integer/);
    assert.throws(() => seededRandom(1.5), /seed must be an integer/);
  });
});

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  floatScore,
  floatScoreUnrounded,
  integerScore,
  scorecardConstants,
  scorecardSpec,
} from "../../../prover/model/scorecard.js";
import { seededRandom } from "../../../prover/train/random.js";

describe("scorecard", () => {
  it("scores baseScore at baseOdds and adds pdo per doubling of the odds", () => {
    // odds good:bad = 20 ⇔ logit of default = ln(1/20)
    assert.equal(floatScore(-Math.log(20)), 600);
    assert.equal(floatScore(-Math.log(40)), 640);
    assert.equal(floatScore(-Math.log(10)), 560);
    assert.ok(Math.abs(floatScoreUnrounded(0) - (600 - (40 / Math.LN2) * Math.log(20))) < 1e-12);
    assert.equal(floatScore(0), 427);
  });

  it("clamps to [300, 850]", () => {
    assert.equal(floatScore(-20), 850);
    assert.equal(floatScore(10), 300);
  });

  it("builds the integer constants per docs/architecture.md", () => {
    const { factor, offset } = scorecardConstants();
    const s = scorecardSpec(10, -50_000n, 60_000n);
    assert.equal(s.fracBits, 22);
    assert.equal(s.offsetNum, BigInt(Math.round((offset + 0.5) * 2 ** 22)));
    assert.equal(s.factorNum, BigInt(Math.round(factor * 2 ** 12)));
    // logitQ ∈ [−50000, 60000] ⇒ logit ∈ [−48.8, 58.6] ⇒ raw ∈ [−2955, 3245]: 13 signed bits
    assert.equal(s.rawBits, 13);
    assert.equal(scorecardSpec(10, -10n, 10n).rawBits, 11, "never below 11 bits (850 must fit)");
  });

  it("the integer scorecard agrees with the float one to within rounding", () => {
    const s = scorecardSpec(12, -(1n << 20n), 1n << 20n);
    const rnd = seededRandom(5);
    let equal = 0;
    for (let n = 0; n < 2000; n++) {
      const logitQ = BigInt(Math.round((rnd() * 16 - 8) * 4096));
      const logit = Number(logitQ) / 4096;
      const { score } = integerScore(s, logitQ);
      const diff = Math.abs(Number(score) - floatScore(logit));
      assert.ok(diff <= 1, `logitQ ${logitQ}`);
      const frac = floatScoreUnrounded(logit) % 1;
      if (Math.abs(Math.abs(frac) - 0.5) > 1e-3) assert.equal(diff, 0, `logitQ ${logitQ}`);
      if (diff === 0) equal++;
    }
    assert.ok(equal > 1990);
  });

  it("rejects nonsense parameters", () => {
    assert.throws(
      () => scorecardConstants({ pdo: 0, baseScore: 600, baseOdds: 20 }),
      /pdo must be a positive integer/,
    );
    assert.throws(
      () => scorecardConstants({ pdo: 40, baseScore: 600, baseOdds: -1 }),
      /baseOdds must be positive/,
    );
  });
});

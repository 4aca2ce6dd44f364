/**
 * The packed public claim (prover/proof/calldata.ts): subject + attestedAt·2^160 + score·2^224,
 * checked against the layout computed here by hand, at the range limits, and on bad input.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  claimSignals,
  packClaim,
  submittedClaimSignals,
  unpackClaim,
} from "../../../prover/proof/calldata.js";

const pow2 = (k: number) => 1n << BigInt(k);

describe("packed public claim", () => {
  it("puts subject in bits 0–159, attestedAt in 160–223 and score in 224–239", () => {
    const c = {
      subject: 0x70997970c51812dc3a010c7d01b50e0d17dc79c8n,
      attestedAt: 1_767_225_600n,
      score: 612n,
    };
    const packed = packClaim(c);
    assert.equal(packed % pow2(160), c.subject);
    assert.equal((packed / pow2(160)) % pow2(64), c.attestedAt);
    assert.equal(packed / pow2(224), c.score);
    assert.deepEqual(unpackClaim(packed), c);
  });

  it("round-trips the largest values of each width and refuses one past them", () => {
    const max = { subject: pow2(160) - 1n, attestedAt: pow2(64) - 1n, score: pow2(16) - 1n };
    assert.equal(packClaim(max), pow2(240) - 1n);
    assert.deepEqual(unpackClaim(pow2(240) - 1n), max);
    assert.throws(() => packClaim({ ...max, subject: pow2(160) }), /subject .* is not 160 bits/);
    assert.throws(() => packClaim({ ...max, attestedAt: pow2(64) }), /not a 64-bit time/);
    assert.throws(() => packClaim({ ...max, score: pow2(16) }), /score .* is not 16 bits/);
    assert.throws(() => packClaim({ ...max, score: -1n }), /score -1 is not 16 bits/);
    assert.throws(() => unpackClaim(pow2(240)), /is not a 240-bit value/);
  });

  it("gives the same signals for the prover's claim and for ScoreRegistry's", () => {
    const claim = {
      subject: 0xabcn,
      score: 700n,
      modelCommitment: 11n,
      attestorKeyHash: 22n,
      attestedAt: 33n,
    };
    const submitted = {
      ...claim,
      subject: "0x0000000000000000000000000000000000000abc",
      score: 700,
    };
    assert.deepEqual(submittedClaimSignals(submitted), claimSignals(claim));
    assert.deepEqual(claimSignals(claim), [0xabcn + 33n * pow2(160) + 700n * pow2(224), 11n, 22n]);
  });
});

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  assertNoWitness,
  assertSatisfied,
  assertViolated,
  calculateWitness,
  compileTemplate,
  P,
  releaseSnarkjs,
  signalValue,
  tamper,
  type TestCircuit,
} from "../helpers/circom.js";

/** floor(a / d) toward -infinity (BigInt `/` truncates toward zero). */
function floorDiv(a: bigint, d: bigint): bigint {
  const q = a / d;
  return a % d !== 0n && a < 0n ? q - 1n : q;
}

const clamp = (v: bigint) => (v < 300n ? 300n : v > 850n ? 850n : v);

// Instance A: numbers that make raw easy to aim at: offsetNum / 2^4 = 575.5 and factorNum = 2^4,
// so raw = floor(575.5 - logitQ) = 575 - logitQ, within 12 signed bits [-2048, 2047].
const A = { offsetNum: 575n * 16n + 8n, factorNum: 16n, fracBits: 4, rawBits: 12 };
// Instance B: a realistic scorecard: pdo 20, 600 points at odds 50:1, 16 fractional bits, the
// logit with 8 fractional bits.
const FACTOR = 20 / Math.LN2;
const OFFSET = 600 - FACTOR * Math.log(50);
const B = {
  offsetNum: BigInt(Math.round((OFFSET + 0.5) * 2 ** 16)),
  factorNum: BigInt(Math.round(FACTOR * 2 ** 8)),
  fracBits: 16,
  rawBits: 18,
};

const instance = (s: typeof A) =>
  `ScoreCard(${s.offsetNum}, ${s.factorNum}, ${s.fracBits}, ${s.rawBits}, 300, 850)`;

describe("ScoreCard: score = clamp(floor((offsetNum - factorNum * logitQ) / 2^fracBits), 300, 850)", () => {
  let a: TestCircuit;
  let b: TestCircuit;
  before(async () => {
    [a, b] = await Promise.all([
      compileTemplate("ScoreCard.circom", instance(A)),
      compileTemplate("ScoreCard.circom", instance(B)),
    ]);
  });
  after(releaseSnarkjs);

  async function score(
    circuit: TestCircuit,
    logitQ: bigint,
  ): Promise<{ score: bigint; witness: bigint[] }> {
    const witness = await calculateWitness(circuit, { logitQ });
    await assertSatisfied(circuit, witness);
    return { score: await signalValue(circuit, witness, "main.score"), witness };
  }

  it("clamps exactly at the bounds", async () => {
    const cases: [bigint, bigint][] = [
      [0n, 575n],
      [275n, 300n], // raw 300
      [276n, 300n], // raw 299
      [-275n, 850n], // raw 850
      [-276n, 850n], // raw 851
      [274n, 301n],
      [-274n, 849n],
    ];
    for (const [logitQ, expected] of cases) {
      assert.equal(575n - logitQ, floorDiv(A.offsetNum - A.factorNum * logitQ, 16n));
      assert.equal((await score(a, logitQ)).score, expected, `logitQ = ${logitQ}`);
    }
  });

  it("accepts raw at the limits of rawBits and has no witness one past them", async () => {
    assert.equal((await score(a, 575n - 2047n)).score, 850n); // raw = 2^11 - 1
    assert.equal((await score(a, 575n + 2048n)).score, 300n); // raw = -2^11
    await assertNoWitness(a, { logitQ: 575n - 2048n }, "Num2Bits"); // raw = 2^11
    await assertNoWitness(a, { logitQ: 575n + 2049n }, "Num2Bits"); // raw = -2^11 - 1
  });

  it("reads logitQ = p - 1 as -1 and p as 0", async () => {
    assert.equal((await score(a, P - 1n)).score, 576n);
    assert.equal((await score(a, P)).score, 575n);
  });

  it("matches the integer reference on a realistic scorecard, negative logits included", async () => {
    const logits = [
      0n,
      1n,
      -1n,
      255n,
      -256n,
      1000n,
      -1000n,
      5000n,
      -5000n,
      30000n,
      -30000n,
      (1n << 19n) - 1n,
      -(1n << 19n),
    ];
    for (let i = 0; i < 20; i++)
      logits.push(BigInt(Math.floor((Math.sin(i + 1) * 0.5 + 0.5) * 2 ** 14)) - (1n << 13n));
    for (const logitQ of logits) {
      const expected = clamp(floorDiv(B.offsetNum - B.factorNum * logitQ, 1n << 16n));
      assert.equal((await score(b, logitQ)).score, expected, `logitQ = ${logitQ}`);
    }
  });

  it("rejects claiming an unclamped or off-by-one score", async () => {
    const { witness } = await score(a, -325n); // raw 900, score 850
    await assertViolated(a, await tamper(a, witness, { "main.score": 900n }));
    await assertViolated(a, await tamper(a, witness, { "main.score": 849n }));
    await assertViolated(a, await tamper(a, witness, { "main.score": 851n }));
    const low = await score(a, 375n); // raw 200, score 300
    await assertViolated(a, await tamper(a, low.witness, { "main.score": 200n }));
    await assertViolated(a, await tamper(a, low.witness, { "main.score": 299n }));
  });

  it("rejects skipping the clamp by lying about the comparison", async () => {
    const { witness } = await score(a, -325n); // raw 900: tooHigh = 1
    const forged = await tamper(a, witness, {
      "main.tooHigh.out": 0n,
      "main.lowerToMax": 0n,
      "main.score": 900n,
    });
    await assertViolated(a, forged);
  });
});

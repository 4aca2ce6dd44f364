import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  assertNoWitness,
  assertSatisfied,
  assertViolated,
  bitsOf,
  calculateWitness,
  compileTemplate,
  P,
  releaseSnarkjs,
  signalValue,
  tamper,
  type TestCircuit,
} from "../helpers/circom.js";

const SHIFT = 8;
const OUT_BITS = 16;
const HALF = 1n << BigInt(OUT_BITS - 1);
const DIV = 1n << BigInt(SHIFT);

/** floor(a / d) toward -infinity, written out (BigInt `/` truncates toward zero). */
function floorDiv(a: bigint, d: bigint): bigint {
  const q = a / d;
  return a % d !== 0n && a < 0n ? q - 1n : q;
}

/**
 * The quotient's bit wires: its top bit is merged with main.nonNegative by the compiler (a plain
 * signal-to-signal equality), so it is set through that name.
 */
function quotientBits(value: bigint): Record<string, bigint> {
  const bits = bitsOf("main.quotientRange.out", value, OUT_BITS);
  const top = `main.quotientRange.out[${OUT_BITS - 1}]`;
  const { [top]: sign, ...rest } = bits;
  return { ...rest, "main.nonNegative": sign! };
}

/** The signed value of a field element (p - k reads as -k). */
function signed(v: bigint): bigint {
  return v > P / 2n ? v - P : v;
}

describe("Rescale(8, 16): out = floor(in / 2^8) within 16 signed bits", () => {
  let circuit: TestCircuit;
  before(async () => {
    circuit = await compileTemplate("Rescale.circom", `Rescale(${SHIFT}, ${OUT_BITS})`);
  });
  after(releaseSnarkjs);

  async function rescale(
    x: bigint,
  ): Promise<{ out: bigint; nonNegative: bigint; witness: bigint[] }> {
    const witness = await calculateWitness(circuit, { in: x });
    await assertSatisfied(circuit, witness);
    return {
      out: signed(await signalValue(circuit, witness, "main.out")),
      nonNegative: await signalValue(circuit, witness, "main.nonNegative"),
      witness,
    };
  }

  it("floors positive and negative values toward -infinity", async () => {
    for (const x of [0n, 1n, 255n, 256n, 257n, -1n, -255n, -256n, -257n, 123456n, -123456n]) {
      const { out, nonNegative } = await rescale(x);
      assert.equal(out, floorDiv(x, DIV), `floor(${x} / 256)`);
      assert.equal(nonNegative, out >= 0n ? 1n : 0n, `sign of floor(${x} / 256)`);
    }
  });

  it("accepts the extreme quotients -2^15 and 2^15 - 1", async () => {
    assert.equal((await rescale(HALF * DIV - 1n)).out, HALF - 1n);
    assert.equal((await rescale(-HALF * DIV)).out, -HALF);
  });

  it("has no witness when the quotient leaves [-2^15, 2^15)", async () => {
    await assertNoWitness(circuit, { in: HALF * DIV }, "Num2Bits");
    await assertNoWitness(circuit, { in: -HALF * DIV - 1n }, "Num2Bits");
  });

  it("reads the field boundary p - 1 as -1 and p as 0, and rejects (p - 1) / 2", async () => {
    assert.equal((await rescale(P - 1n)).out, -1n);
    assert.equal((await rescale(P)).out, 0n);
    await assertNoWitness(circuit, { in: (P - 1n) / 2n }, "Num2Bits");
  });

  it("rejects a remainder that is off by one", async () => {
    const { witness } = await rescale(1000n);
    const r = await signalValue(circuit, witness, "main.remainder");
    await assertViolated(circuit, await tamper(circuit, witness, { "main.remainder": r + 1n }));
  });

  it("rejects a remainder of 2^shift or more even when the division equation still holds", async () => {
    // The attack a missing range check allows: r + 2^shift with quotient - 1 satisfies
    // in + OFFSET = q' * 2^shift + r, and shifts the result by one. The remainder's bits cannot
    // represent it.
    const x = 1000n;
    const { witness } = await rescale(x);
    const q = await signalValue(circuit, witness, "main.quotient");
    const r = await signalValue(circuit, witness, "main.remainder");
    const forged = await tamper(circuit, witness, {
      "main.quotient": q - 1n,
      "main.remainder": r + DIV,
      "main.out": floorDiv(x, DIV) - 1n,
      ...bitsOf("main.remainderRange.out", r + DIV, SHIFT),
      ...quotientBits(q - 1n),
    });
    await assertViolated(circuit, forged);
  });

  it("rejects a quotient of 2^outBits or more", async () => {
    const { witness } = await rescale(-5000n);
    const q = await signalValue(circuit, witness, "main.quotient");
    const forged = await tamper(circuit, witness, {
      "main.quotient": q + (1n << BigInt(OUT_BITS)),
      ...quotientBits(q + (1n << BigInt(OUT_BITS))),
    });
    await assertViolated(circuit, forged);
  });

  it("rejects a wrong sign bit", async () => {
    const { witness, nonNegative } = await rescale(-5000n);
    await assertViolated(
      circuit,
      await tamper(circuit, witness, { "main.nonNegative": 1n - nonNegative }),
    );
  });
});

describe("Rescale(0, 8): no division, only the range check", () => {
  let circuit: TestCircuit;
  before(async () => {
    circuit = await compileTemplate("Rescale.circom", "Rescale(0, 8)");
  });

  it("passes values in [-128, 127] through and rejects 128 and -129", async () => {
    for (const x of [-128n, -1n, 0n, 127n]) {
      const witness = await calculateWitness(circuit, { in: x });
      await assertSatisfied(circuit, witness);
      assert.equal(signed(await signalValue(circuit, witness, "main.out")), x);
    }
    await assertNoWitness(circuit, { in: 128n }, "Num2Bits");
    await assertNoWitness(circuit, { in: -129n }, "Num2Bits");
  });
});

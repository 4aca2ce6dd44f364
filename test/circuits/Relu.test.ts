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

const BITS = 8;

describe("Relu(8): out = max(in, 0) for in in [-128, 127]", () => {
  let circuit: TestCircuit;
  before(async () => {
    circuit = await compileTemplate("Relu.circom", `Relu(${BITS})`);
  });
  after(releaseSnarkjs);

  async function relu(x: bigint): Promise<{ out: bigint; witness: bigint[] }> {
    const witness = await calculateWitness(circuit, { in: x });
    await assertSatisfied(circuit, witness);
    return { out: await signalValue(circuit, witness, "main.out"), witness };
  }

  it("passes nonnegative values and zeroes negative ones, up to the width limits", async () => {
    for (const x of [-128n, -127n, -1n, 0n, 1n, 126n, 127n]) {
      assert.equal((await relu(x)).out, x > 0n ? x : 0n, `relu(${x})`);
    }
  });

  it("has no witness at 128 or -129 (outside 8 signed bits)", async () => {
    await assertNoWitness(circuit, { in: 128n }, "Num2Bits");
    await assertNoWitness(circuit, { in: -129n }, "Num2Bits");
  });

  it("reads p - 1 as -1 (out 0) and p as 0, and rejects (p + 1) / 2", async () => {
    assert.equal((await relu(P - 1n)).out, 0n);
    assert.equal((await relu(P)).out, 0n);
    await assertNoWitness(circuit, { in: (P + 1n) / 2n }, "Num2Bits");
  });

  it("rejects passing a negative value through", async () => {
    const { witness } = await relu(-5n);
    await assertViolated(circuit, await tamper(circuit, witness, { "main.out": -5n }));
  });

  it("rejects zeroing a positive value by flipping the sign bit", async () => {
    const { witness } = await relu(5n);
    const forged = await tamper(circuit, witness, {
      "main.out": 0n,
      [`main.biased.out[${BITS - 1}]`]: 0n,
    });
    await assertViolated(circuit, forged);
  });
});

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
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

const N_IN = 3;
const N_OUT = 2;

/** Deterministic pseudo-random signed integers in [-2^(bits-1), 2^(bits-1)). */
function randomSigned(seed: number, bits: number): bigint {
  const x = Math.sin(seed * 12.9898) * 43758.5453;
  const u = BigInt(Math.floor((x - Math.floor(x)) * 2 ** bits));
  return u - (1n << BigInt(bits - 1));
}

function signed(v: bigint): bigint {
  return v > P / 2n ? v - P : v;
}

describe("Dense(3, 2): acc = W x + b exactly", () => {
  let circuit: TestCircuit;
  before(async () => {
    circuit = await compileTemplate("Dense.circom", `Dense(${N_IN}, ${N_OUT})`);
  });
  after(releaseSnarkjs);

  async function dense(x: bigint[], w: bigint[][], b: bigint[]) {
    const witness = await calculateWitness(circuit, { x, w, b });
    await assertSatisfied(circuit, witness);
    const acc: bigint[] = [];
    for (let j = 0; j < N_OUT; j++)
      acc.push(signed(await signalValue(circuit, witness, `main.acc[${j}]`)));
    return { acc, witness };
  }

  it("matches the integer dot products for mixed-sign operands", async () => {
    for (let trial = 0; trial < 5; trial++) {
      const x = Array.from({ length: N_IN }, (_, i) => randomSigned(trial * 31 + i, 10));
      const w = Array.from({ length: N_OUT }, (_, j) =>
        Array.from({ length: N_IN }, (_, i) => randomSigned(trial * 97 + j * 7 + i + 1000, 12)),
      );
      const b = Array.from({ length: N_OUT }, (_, j) => randomSigned(trial * 13 + j + 5000, 24));
      const expected = w.map((row, j) => row.reduce((s, wi, i) => s + wi * x[i]!, b[j]!));
      assert.deepEqual((await dense(x, w, b)).acc, expected);
    }
  });

  it("computes in the field: p - 1 acts as -1", async () => {
    const { acc } = await dense(
      [P - 1n, 2n, 3n],
      [
        [5n, 7n, 11n],
        [1n, 1n, 1n],
      ],
      [0n, P - 1n],
    );
    assert.deepEqual(acc, [-5n + 14n + 33n, -1n + 2n + 3n - 1n]);
  });

  it("rejects a forged product", async () => {
    const { witness } = await dense(
      [1n, 2n, 3n],
      [
        [4n, 5n, 6n],
        [7n, 8n, 9n],
      ],
      [10n, 11n],
    );
    const prod = await signalValue(circuit, witness, "main.prod[0][1]");
    await assertViolated(circuit, await tamper(circuit, witness, { "main.prod[0][1]": prod + 1n }));
  });

  it("rejects a forged accumulator", async () => {
    const { witness, acc } = await dense(
      [1n, 2n, 3n],
      [
        [4n, 5n, 6n],
        [7n, 8n, 9n],
      ],
      [10n, 11n],
    );
    await assertViolated(circuit, await tamper(circuit, witness, { "main.acc[1]": acc[1]! - 1n }));
  });
});

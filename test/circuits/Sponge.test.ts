import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { poseidon2, poseidon11, poseidon16 } from "poseidon-lite";
import { sponge } from "../../prover/field/index.js";
import {
  assertSatisfied,
  assertViolated,
  calculateWitness,
  compileTestCircuit,
  P,
  releaseSnarkjs,
  signalValue,
  tamper,
  type TestCircuit,
} from "../helpers/circom.js";

// One circuit with the interesting sizes (each Poseidon instance costs seconds of compilation):
// a single element, exactly one full group of 15, and two groups (15 + 10).
const SIZES = [1, 15, 25];
const SOURCE = `pragma circom 2.1.9;
include "../../../circuits/Sponge.circom";
template Sponges() {
${SIZES.map((n) => `    signal input in${n}[${n}];\n    signal output out${n} <== Sponge(${n})(in${n});`).join("\n")}
}
component main = Sponges();
`;

/** n field elements spread over the whole field, including p - 1. */
function elements(n: number, seed: bigint): bigint[] {
  return Array.from({ length: n }, (_, i) =>
    i === 0 ? P - 1n : (BigInt(i) * 0x9e3779b97f4a7c15n ** 3n + seed) % P,
  );
}

describe("Sponge(n): state = Poseidon(state, ...group of up to 15)", () => {
  let circuit: TestCircuit;
  const inputs = Object.fromEntries(SIZES.map((n) => [`in${n}`, elements(n, BigInt(n))]));
  let witness: bigint[];
  before(async () => {
    circuit = await compileTestCircuit(SOURCE);
    witness = await calculateWitness(circuit, inputs);
  });
  after(releaseSnarkjs);

  it("matches prover/field sponge for 1, 15 and 25 elements", async () => {
    await assertSatisfied(circuit, witness);
    for (const n of SIZES) {
      assert.equal(
        await signalValue(circuit, witness, `main.out${n}`),
        sponge(inputs[`in${n}`]!),
        `n = ${n}`,
      );
    }
  });

  it("chains the groups as docs/architecture.md writes them, from a zero state", async () => {
    const xs = inputs.in25!;
    const first = poseidon16([0n, ...xs.slice(0, 15)]);
    assert.equal(
      await signalValue(circuit, witness, "main.out25"),
      poseidon11([first, ...xs.slice(15)]),
    );
    assert.equal(
      await signalValue(circuit, witness, "main.out1"),
      poseidon2([0n, inputs.in1![0]!]),
    );
  });

  it("rejects a forged output", async () => {
    const out = await signalValue(circuit, witness, "main.out25");
    await assertViolated(circuit, await tamper(circuit, witness, { "main.out25": out + 1n }));
  });
});

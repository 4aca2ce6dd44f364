import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { FIELD_MODULUS, pack, packLayout } from "../../prover/field/index.js";
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

// Widths that exercise every layout rule: 100 + 100 share a chunk, 60 does not fit the remaining
// 52 bits and opens a chunk, 252 fills one alone, 1 opens the last.
const BITS = [100, 100, 60, 252, 1];
const SIGNED = [0, 1, 0, 1, 0];

const pow2 = (k: number) => 1n << BigInt(k);

describe("Pack: range-checked little-endian packing into 252-bit chunks", () => {
  let circuit: TestCircuit;
  const nChunks = packLayout(BITS).length;
  before(async () => {
    circuit = await compileTemplate("Pack.circom", `Pack(5, [${BITS}], [${SIGNED}])`);
  });
  after(releaseSnarkjs);

  async function packInCircuit(values: bigint[]): Promise<{ chunks: bigint[]; witness: bigint[] }> {
    const witness = await calculateWitness(circuit, { in: values });
    await assertSatisfied(circuit, witness);
    const chunks: bigint[] = [];
    for (let c = 0; c < nChunks; c++)
      chunks.push(await signalValue(circuit, witness, `main.out[${c}]`));
    return { chunks, witness };
  }

  /** The chunks computed by hand: offset signed values, shift each into place. */
  function expectedChunks(values: bigint[]): bigint[] {
    const shifts = [0, 100, 0, 0, 0]; // bit positions within their chunks
    const chunkOf = [0, 0, 1, 2, 3];
    const chunks = [0n, 0n, 0n, 0n];
    values.forEach((v, i) => {
      const encoded = SIGNED[i] ? v + pow2(BITS[i]! - 1) : v;
      chunks[chunkOf[i]!]! += encoded << BigInt(shifts[i]!);
    });
    return chunks;
  }

  it("lays out chunks as prover/field pack does, and as computed by hand", async () => {
    const cases: bigint[][] = [
      [0n, 0n, 0n, 0n, 0n],
      [123n, -456n, 789n, -(10n ** 70n), 1n],
      // Range limits of every width: the largest unsigned, the extreme signed values.
      [pow2(100) - 1n, -pow2(99), pow2(60) - 1n, pow2(251) - 1n, 1n],
      [pow2(100) - 1n, pow2(99) - 1n, 0n, -pow2(251), 0n],
    ];
    for (const values of cases) {
      const { chunks } = await packInCircuit(values);
      assert.deepEqual(chunks, expectedChunks(values));
      const reference = pack(
        values.map((value, i) => ({ value, bits: BITS[i]!, signed: SIGNED[i] === 1 })),
      );
      assert.deepEqual(chunks, reference);
    }
  });

  it("has no witness for a value one past its width", async () => {
    const ok = [1n, 1n, 1n, 1n, 1n];
    const at = (i: number, v: bigint) => ok.map((x, k) => (k === i ? v : x));
    await assertNoWitness(circuit, { in: at(0, pow2(100)) }, "Num2Bits");
    await assertNoWitness(circuit, { in: at(1, pow2(99)) }, "Num2Bits");
    await assertNoWitness(circuit, { in: at(1, -pow2(99) - 1n) }, "Num2Bits");
    await assertNoWitness(circuit, { in: at(3, pow2(251)) }, "Num2Bits");
    await assertNoWitness(circuit, { in: at(4, 2n) }, "Num2Bits");
  });

  it("rejects p - 1 as an unsigned value (it is -1, not a huge number) and reads p as 0", async () => {
    await assertNoWitness(circuit, { in: [P - 1n, 0n, 0n, 0n, 0n] }, "Num2Bits");
    assert.deepEqual(
      (await packInCircuit([P, 0n, 0n, 0n, 0n])).chunks,
      expectedChunks([0n, 0n, 0n, 0n, 0n]),
    );
  });

  it("rejects borrowing between neighbours, which would keep the chunk unchanged", async () => {
    // (v0 + 2^100, v1 - 1) packs to the same chunk: only the range checks tell them apart.
    const values = [5n, 7n, 0n, 0n, 0n];
    const { witness } = await packInCircuit(values);
    const forged = await tamper(circuit, witness, {
      "main.in[0]": values[0]! + pow2(100),
      "main.in[1]": values[1]! - 1n,
      ...bitsOf("main.range[0].out", values[0]! + pow2(100), 100),
      ...bitsOf("main.range[1].out", values[1]! - 1n + pow2(99), 100),
    });
    await assertViolated(circuit, forged);
  });

  it("agrees with the field modulus of the TypeScript field layer", () => {
    // prover/field reduces negative values (toField) and bounds Poseidon inputs with this constant;
    // it must be the prime the circuits are compiled over.
    assert.equal(FIELD_MODULUS, P);
  });
});

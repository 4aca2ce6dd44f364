import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { pack, sponge, type PackedValue } from "../../prover/field/index.js";
import {
  assertNoWitness,
  assertSatisfied,
  assertViolated,
  bitsOf,
  calculateWitness,
  compileTemplate,
  P,
  releaseSnarkjs,
  tamper,
  type TestCircuit,
} from "../helpers/circom.js";

// A 3 -> 2 -> 1 model with widths chosen so the packing crosses chunks in every way: four 60-bit
// weights fill a chunk, a 200-bit bias does not fit after two weights, two 100-bit weights and a
// 9-bit bias share the last chunk.
const INPUTS = [3, 2];
const OUTPUTS = [2, 1];
const WEIGHT_BITS = [60, 100];
const BIAS_BITS = [200, 9];
const SHAPE_TAG = 0x1234567890abcdefn * 0xfedcba0987654321n;

const pow2 = (k: number) => 1n << BigInt(k);

function randomSigned(bits: number): bigint {
  const u = BigInt(`0x${randomBytes(Math.ceil(bits / 8) + 1).toString("hex")}`) % pow2(bits);
  return u - pow2(bits - 1);
}

interface Model {
  /** weights[layer][out][in] */
  weights: bigint[][][];
  /** biases[layer][out] */
  biases: bigint[][];
}

function randomModel(): Model {
  return {
    weights: INPUTS.map((nIn, l) =>
      Array.from({ length: OUTPUTS[l]! }, () =>
        Array.from({ length: nIn }, () => randomSigned(WEIGHT_BITS[l]!)),
      ),
    ),
    biases: OUTPUTS.map((nOut, l) =>
      Array.from({ length: nOut }, () => randomSigned(BIAS_BITS[l]!)),
    ),
  };
}

/** docs/architecture.md: sponge([shapeTag, ...pack(per layer: W row-major at weightBits, then B)]). */
function expectedCommitment({ weights, biases }: Model): bigint {
  const values: PackedValue[] = [];
  weights.forEach((w, l) => {
    for (const row of w)
      for (const value of row) values.push({ value, bits: WEIGHT_BITS[l]!, signed: true });
    for (const value of biases[l]!) values.push({ value, bits: BIAS_BITS[l]!, signed: true });
  });
  const chunks = pack(values);
  assert.equal(chunks.length, 5, "the test layout should span five chunks");
  return sponge([SHAPE_TAG, ...chunks]);
}

/** The circuit's flat inputs: W[0] row-major, W[1], ...; B[0], B[1], .... */
function inputOf(model: Model, modelCommitment = expectedCommitment(model)) {
  return {
    weights: model.weights.flat(2),
    biases: model.biases.flat(),
    modelCommitment,
  };
}

describe("ModelCommitment: range-checked parameters open the commitment", () => {
  let circuit: TestCircuit;
  before(async () => {
    circuit = await compileTemplate(
      "ModelCommitment.circom",
      `ModelCommitment(2, [${INPUTS}], [${OUTPUTS}], [${WEIGHT_BITS}], [${BIAS_BITS}], ${SHAPE_TAG})`,
    );
  });
  after(releaseSnarkjs);

  it("accepts random models with their commitment", async () => {
    for (let trial = 0; trial < 3; trial++) {
      const witness = await calculateWitness(circuit, inputOf(randomModel()));
      await assertSatisfied(circuit, witness);
    }
  });

  it("accepts parameters at the extremes of their widths", async () => {
    const model = randomModel();
    model.weights[0]![0]![0] = -pow2(59);
    model.weights[0]![1]![2] = pow2(59) - 1n;
    model.weights[1]![0]![1] = pow2(99) - 1n;
    model.biases[1]![0] = -pow2(8);
    await assertSatisfied(circuit, await calculateWitness(circuit, inputOf(model)));
    model.biases[1]![0] = pow2(8) - 1n;
    await assertSatisfied(circuit, await calculateWitness(circuit, inputOf(model)));
  });

  it("has no witness for a parameter outside its width, whatever commitment is claimed", async () => {
    const model = randomModel();
    const commitment = expectedCommitment(model);
    const tooWide = structuredClone(model);
    tooWide.weights[0]![1]![0] = pow2(59);
    await assertNoWitness(circuit, inputOf(tooWide, commitment), "Num2Bits");
    const tooLow = structuredClone(model);
    tooLow.biases[1]![0] = -pow2(8) - 1n;
    await assertNoWitness(circuit, inputOf(tooLow, commitment), "Num2Bits");
    const fieldEdge = structuredClone(model);
    fieldEdge.biases[0]![1] = P - pow2(199) - 1n; // = -2^199 - 1 in the field
    await assertNoWitness(circuit, inputOf(fieldEdge, commitment), "Num2Bits");
  });

  it("has no witness for a wrong commitment or another model", async () => {
    const model = randomModel();
    model.weights[0]![0]![0] = 3n;
    model.weights[0]![0]![1] = -4n;
    const commitment = expectedCommitment(model);
    await assertNoWitness(circuit, inputOf(model, commitment + 1n), "ModelCommitment");
    const swapped = structuredClone(model);
    swapped.weights[0]![0]![0] = -4n;
    swapped.weights[0]![0]![1] = 3n;
    await assertNoWitness(circuit, inputOf(swapped, commitment), "ModelCommitment");
    const shifted = structuredClone(model);
    shifted.biases[1]![0] = model.biases[1]![0]! === 0n ? 1n : 0n;
    await assertNoWitness(circuit, inputOf(shifted, commitment), "ModelCommitment");
  });

  it("rejects a different model that packs to the same chunks (borrowing between weights)", async () => {
    // W[0][0][0] + 2^60 and W[0][0][1] - 1 leave chunk 0, hence the commitment, unchanged.
    const model = randomModel();
    model.weights[0]![0]![0] = 5n;
    model.weights[0]![0]![1] = 7n;
    const witness = await calculateWitness(circuit, inputOf(model));
    const forged = await tamper(circuit, witness, {
      "main.weights[0]": 5n + pow2(60),
      "main.weights[1]": 7n - 1n,
      ...bitsOf("main.pack.range[0].out", 5n + pow2(60) + pow2(59), 60),
      ...bitsOf("main.pack.range[1].out", 7n - 1n + pow2(59), 60),
    });
    await assertViolated(circuit, forged);
  });
});

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { buildEddsa, type Eddsa } from "circomlibjs";
import { poseidon, pack, sponge, type PackedValue } from "../../prover/field/index.js";
import { generateMain } from "../../prover/model/circom.js";
import {
  assertNoWitness,
  assertSatisfied,
  assertViolated,
  calculateWitness,
  compileTestCircuit,
  releaseSnarkjs,
  tamper,
  wireOf,
  type TestCircuit,
} from "../helpers/circom.js";
import { referenceScore, tinyShape, type TestModel } from "./shapes.js";

const SHAPE = tinyShape();
const SHAPE_TAG = 987654321987654321987654321n; // any constant: the circuit takes it as given
const SUBJECT = 0x70997970c51812dc3a010c7d01b50e0d17dc79c8n;
const ATTESTED_AT = 1_760_000_000n;

const pow2 = (k: number) => 1n << BigInt(k);

/** The packed public claim as the circuit's equation reads it (no range checks: tests abuse it). */
const packedOf = (subject: bigint, attestedAt: bigint, score: bigint) =>
  subject + attestedAt * pow2(160) + score * pow2(224);
/** The score a packed claim states. */
const scoreOf = (input: MainInput) => input.packedClaim >> 224n;

function randomBelow(bound: bigint): bigint {
  return BigInt(`0x${randomBytes(32).toString("hex")}`) % bound;
}
const randomSigned = (bits: number) => randomBelow(pow2(bits)) - pow2(bits - 1);

function randomModel(): TestModel {
  return {
    weights: SHAPE.layers.map((l) =>
      Array.from({ length: l.outputs }, () =>
        Array.from({ length: l.inputs }, () => randomSigned(l.weightBits)),
      ),
    ),
    biases: SHAPE.layers.map((l) =>
      Array.from({ length: l.outputs }, () => randomSigned(l.biasBits)),
    ),
  };
}
const randomFeatures = () => SHAPE.featureBits.map((b) => randomBelow(pow2(b)));

/** docs/architecture.md: sponge([shapeTag, ...pack(per layer: W row-major, then B)]). */
function commitmentOf(model: TestModel): bigint {
  const values: PackedValue[] = [];
  SHAPE.layers.forEach((layer, l) => {
    for (const row of model.weights[l]!)
      for (const value of row) values.push({ value, bits: layer.weightBits, signed: true });
    for (const value of model.biases[l]!)
      values.push({ value, bits: layer.biasBits, signed: true });
  });
  return sponge([SHAPE_TAG, ...pack(values)]);
}

/** The main's inputs (a type alias, so it is assignable to the harness's CircuitInput). */
type MainInput = {
  packedClaim: bigint;
  modelCommitment: bigint;
  attestorKeyHash: bigint;
  subject: bigint;
  attestedAt: bigint;
  features: bigint[];
  weights: bigint[];
  biases: bigint[];
  Ax: bigint;
  Ay: bigint;
  R8x: bigint;
  R8y: bigint;
  S: bigint;
};

describe("CreditScore (generated main, 3 -> 2 -> 1, O2): the whole statement", () => {
  let circuit: TestCircuit;
  let eddsa: Eddsa;
  const attestorKey = randomBytes(32);

  before(async () => {
    // The generated main includes ../../CreditScore.circom from circuits/generated/<name>/; the test
    // copy lives in .tmp/circuits-test/<hash>/, three levels below the root as well.
    const generated = generateMain(SHAPE, SHAPE_TAG);
    const include = 'include "../../CreditScore.circom";';
    assert.ok(generated.includes(include));
    const source = generated.replace(include, 'include "../../../circuits/CreditScore.circom";');
    [circuit, eddsa] = await Promise.all([compileTestCircuit(source, "O2"), buildEddsa()]);
  });
  after(releaseSnarkjs);

  /**
   * The full input an honest prover supplies, signed by `signer` over the given features, subject
   * and time (the last two need not be in range: the signature is over whatever field elements).
   */
  function honestInput(
    model: TestModel,
    features: bigint[],
    signer = attestorKey,
    subject = SUBJECT,
    attestedAt = ATTESTED_AT,
  ): MainInput {
    const featureChunks = pack(
      SHAPE.featureBits.map((bits, i) => ({ value: features[i]!, bits, signed: false })),
    );
    const message = poseidon([subject, attestedAt, poseidon(featureChunks)]);
    const [ax, ay] = eddsa.prv2pub(signer);
    const Ax = eddsa.F.toObject(ax);
    const Ay = eddsa.F.toObject(ay);
    const { R8, S } = eddsa.signPoseidon(signer, eddsa.F.e(message));
    return {
      packedClaim: packedOf(subject, attestedAt, referenceScore(SHAPE, model, features).score),
      modelCommitment: commitmentOf(model),
      attestorKeyHash: poseidon([Ax, Ay]),
      subject,
      attestedAt,
      features,
      weights: model.weights.flat(2),
      biases: model.biases.flat(),
      Ax,
      Ay,
      R8x: eddsa.F.toObject(R8[0]),
      R8y: eddsa.F.toObject(R8[1]),
      S,
    };
  }

  it("declares the public inputs in the order [packedClaim, modelCommitment, attestorKeyHash]", async () => {
    const names = ["packedClaim", "modelCommitment", "attestorKeyHash"];
    for (const [i, name] of names.entries())
      assert.equal(await wireOf(circuit, `main.${name}`), i + 1, name);
  });

  it("proves the reference score for random models and features, clamped or not", async () => {
    const scores = new Set<bigint>();
    for (let trial = 0; trial < 6; trial++) {
      const model = randomModel();
      if (trial === 0) {
        // Zero weights in the last layer: the logit is floor(bias / 2^shift), a mid-range score.
        model.weights[1] = [[0n, 0n]];
        model.biases[1] = [-1000n];
      }
      const input = honestInput(model, randomFeatures());
      await assertSatisfied(circuit, await calculateWitness(circuit, input));
      scores.add(scoreOf(input));
    }
    assert.ok(
      [...scores].some((s) => s > 300n && s < 850n),
      `only clamped scores: ${[...scores]}`,
    );
  });

  it("accepts features at their widths' limits and has no witness one past them", async () => {
    const model = randomModel();
    const max = SHAPE.featureBits.map((b) => pow2(b) - 1n);
    await assertSatisfied(circuit, await calculateWitness(circuit, honestInput(model, max)));
    // The attestor signed (max, 0, 1). Claiming (max, 2^4, 0) leaves the packed chunk, hence the
    // signed message, unchanged (2^4 at bit 9 is 1 at bit 13): only the range check stops it.
    const signed = honestInput(model, [max[0]!, 0n, 1n]);
    const claimed = [max[0]!, pow2(4), 0n];
    await assertNoWitness(circuit, { ...signed, features: claimed }, "Num2Bits");
  });

  it("has no witness for a claimed score other than the computed one", async () => {
    const input = honestInput(randomModel(), randomFeatures());
    const score = scoreOf(input);
    for (const other of [score === 850n ? 849n : score + 1n, 851n, 299n]) {
      const packedClaim = packedOf(SUBJECT, ATTESTED_AT, other);
      await assertNoWitness(circuit, { ...input, packedClaim }, "CreditScore");
    }
  });

  it("has no witness where subject or time spill into the next packed field", async () => {
    const model = randomModel();
    const features = randomFeatures();
    const honest = honestInput(model, features);
    // subject + 2^160 with attestedAt − 1 packs to the honest claim; the attestor signed exactly
    // those values, so only the 160-bit range check on subject stops it.
    const spilledSubject = honestInput(
      model,
      features,
      attestorKey,
      SUBJECT + pow2(160),
      ATTESTED_AT - 1n,
    );
    assert.equal(spilledSubject.packedClaim, honest.packedClaim);
    await assertNoWitness(circuit, spilledSubject, "Num2Bits");
    // attestedAt + 2^64 packs to the honest claim with the score one higher: without the 64-bit
    // range check a signed time would raise the public score.
    const spilledTime = honestInput(model, features, attestorKey, SUBJECT, ATTESTED_AT + pow2(64));
    assert.equal(spilledTime.packedClaim, packedOf(SUBJECT, ATTESTED_AT, scoreOf(honest) + 1n));
    await assertNoWitness(circuit, spilledTime, "Num2Bits");
  });

  it("has no witness for a model other than the committed one", async () => {
    const model = randomModel();
    const input = honestInput(model, randomFeatures());
    const weights = [...input.weights];
    weights[0] = weights[0] === 0n ? 1n : 0n;
    await assertNoWitness(circuit, { ...input, weights }, "ModelCommitment");
    await assertNoWitness(
      circuit,
      { ...input, modelCommitment: commitmentOf(randomModel()) },
      "ModelCommitment",
    );
  });

  it("has no witness for features, subject, time or key the attestor did not sign", async () => {
    const features = randomFeatures();
    const input = honestInput(randomModel(), features);
    const changed = [...features];
    changed[2] = changed[2] === 0n ? 1n : 0n;
    await assertNoWitness(circuit, { ...input, features: changed }, "ForceEqualIfEnabled");
    // Another subject or time, with the public claim packed to match: the signature fails.
    const score = scoreOf(input);
    await assertNoWitness(
      circuit,
      { ...input, subject: SUBJECT + 1n, packedClaim: packedOf(SUBJECT + 1n, ATTESTED_AT, score) },
      "ForceEqualIfEnabled",
    );
    await assertNoWitness(
      circuit,
      {
        ...input,
        attestedAt: ATTESTED_AT - 1n,
        packedClaim: packedOf(SUBJECT, ATTESTED_AT - 1n, score),
      },
      "ForceEqualIfEnabled",
    );
    const selfSigned = honestInput(randomModel(), features, randomBytes(32));
    await assertNoWitness(
      circuit,
      { ...selfSigned, attestorKeyHash: input.attestorKeyHash },
      "Attestation",
    );
  });

  it("rejects a tampered public claim, feature or weight in an honest witness (R1CS check)", async () => {
    const input = honestInput(randomModel(), randomFeatures());
    const witness = await calculateWitness(circuit, input);
    await assertSatisfied(circuit, witness);
    await assertViolated(
      circuit,
      await tamper(circuit, witness, { "main.packedClaim": input.packedClaim + pow2(224) }),
    );
    await assertViolated(
      circuit,
      await tamper(circuit, witness, { "main.features[0]": input.features[0]! ^ 1n }),
    );
    await assertViolated(
      circuit,
      await tamper(circuit, witness, { "main.weights[3]": input.weights[3]! + 1n }),
    );
  });
});

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { wtns } from "snarkjs";
import {
  attest,
  generateAttestorKey,
  type Attestation,
  type AttestorKey,
} from "../../../prover/attest/index.js";
import { FEATURE_SCHEMA_ID, featureBits } from "../../../prover/features/schema.js";
import { datasetFeatures, loadDataset } from "../../../prover/features/dataset.js";
import { compileCircuit, generateMain } from "../../../prover/model/circom.js";
import {
  calibrate,
  inferInteger,
  modelCommitment,
  shapeTag,
  type FloatModel,
} from "../../../prover/model/index.js";
import type { QuantizedModel } from "../../../prover/model/types.js";
import {
  buildWitnessInput,
  claimToPublicSignals,
  terminateCurves,
  REPO_ROOT,
  type CircuitInput,
} from "../../../prover/proof/index.js";
import { FIXTURE_DIR } from "./fixtures.js";

const SUBJECT = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const ATTESTED_AT = 1_760_000_000n;

/** A deterministic 19 → 2 → 1 float model (an LCG, so the test needs no trained file). */
function smallFloatModel(): FloatModel {
  let seed = 1;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31 - 0.5;
  };
  return {
    inputName: "x",
    inputSize: 19,
    finalSigmoid: false,
    layers: [
      {
        W: Array.from({ length: 2 }, () => Array.from({ length: 19 }, () => rnd() * 0.02)),
        b: [rnd(), rnd()],
        relu: true,
      },
      { W: [[rnd(), rnd()]], b: [rnd()], relu: false },
    ],
  };
}

describe("buildWitnessInput and the CreditScore circuit", () => {
  let model: QuantizedModel;
  let features: bigint[][];
  let key: AttestorKey;
  let attestation: Attestation;
  const build = (over: Partial<Parameters<typeof buildWitnessInput>[0]> = {}) =>
    buildWitnessInput({
      model,
      features: features[0]!,
      subject: SUBJECT,
      attestedAt: ATTESTED_AT,
      attestation,
      ...over,
    });

  before(async () => {
    features = datasetFeatures(loadDataset().slice(0, 200));
    const rows = features.map((r) => r.map(Number));
    model = calibrate(smallFloatModel(), rows, {
      featureBits: featureBits(),
      featureSchema: FEATURE_SCHEMA_ID,
    }).quantized;
    key = await generateAttestorKey();
    attestation = await attest({
      key,
      subject: SUBJECT,
      attestedAt: ATTESTED_AT,
      features: features[0]!,
    });
  });
  after(terminateCurves);

  it("states the reference score, the commitment and the attestation as the claim", async () => {
    const { claim, input, inference } = await build();
    assert.equal(claim.subject, BigInt(SUBJECT));
    assert.equal(claim.score, inferInteger(model, features[0]!).score);
    assert.equal(inference.score, claim.score);
    assert.equal(claim.modelCommitment, modelCommitment(model));
    assert.equal(claim.attestorKeyHash, key.keyHash);
    assert.equal(claim.attestedAt, ATTESTED_AT);
    assert.deepEqual(input.features, features[0]);
    assert.equal((input.weights as bigint[]).length, 19 * 2 + 2);
    assert.equal((input.biases as bigint[]).length, 3);
    assert.equal(input.S, attestation.S);
  });

  it("refuses bad inputs before proving, naming what is wrong", async () => {
    const f = features[0]!;
    const other = await attest({
      key,
      subject: SUBJECT,
      attestedAt: ATTESTED_AT + 1n,
      features: f,
    });
    const cases: [Partial<Parameters<typeof buildWitnessInput>[0]>, RegExp][] = [
      [
        { model: { ...model, shape: { ...model.shape, featureSchema: "other/v0" } } },
        /reads features "other\/v0", not "zkcredit-features\/v1"/,
      ],
      [
        { features: f.map((v, i) => (i === 2 ? 11n : v)) },
        /feature status2 \(index 2\) = 11 is outside \[0, 10\]/,
      ],
      [{ features: f.slice(0, 18) }, /has 19 features, got 18/],
      [{ subject: "0x1234" }, /not an address/],
      [
        { subject: "0x00000000000000000000000000000000000000ff" },
        /attestation is for subject 0x7099.*, not 0x0+ff/,
      ],
      [{ attestation: other }, /attestation was made at 1760000001, not 1760000000/],
      [
        { attestation: { ...attestation, S: attestation.S + 1n } },
        /attestation: the EdDSA-Poseidon signature does not verify/,
      ],
      [
        { features: f.map((v, i) => (i === 0 ? (v === 0n ? 1n : v - 1n) : v)) },
        /attestation: featuresHash does not match the features/,
      ],
    ];
    for (const [over, pattern] of cases) await assert.rejects(build(over), pattern);
  });

  it("satisfies the compiled circuit, with public signals in the documented order; a changed score does not", async () => {
    const dir = join(FIXTURE_DIR, "score");
    await mkdir(dir, { recursive: true });
    const include = 'include "../../CreditScore.circom";';
    const generated = generateMain(model.shape, shapeTag(model.shape));
    assert.ok(generated.includes(include));
    // The test main sits three levels below the root, as circuits/generated/<shape>/ does.
    await writeFile(
      join(dir, "main.circom"),
      generated.replace(include, 'include "../../../circuits/CreditScore.circom";'),
    );
    const { wasmPath } = await compileCircuit(join(dir, "main.circom"), dir, {
      rootDir: REPO_ROOT,
    });
    const tmp = await mkdtemp(join(tmpdir(), "zkcredit-wtns-"));
    const witnessOf = async (input: CircuitInput): Promise<bigint[]> => {
      const file = join(tmp, "w.wtns");
      const strings = Object.fromEntries(
        Object.entries(input).map(([k, v]) => [
          k,
          typeof v === "bigint" ? v.toString() : v.map(String),
        ]),
      );
      const consoleError = console.error;
      console.error = () => {}; // circom prints failed asserts before throwing them
      try {
        await wtns.calculate(strings, wasmPath, file);
      } finally {
        console.error = consoleError;
      }
      return (await wtns.exportJson(file)) as unknown as bigint[];
    };
    try {
      const { input, claim } = await build();
      const witness = await witnessOf(input);
      // Wire 0 is the constant 1; the main has no outputs, so wires 1..3 are the public inputs.
      assert.deepEqual(witness.slice(1, 4).map(BigInt), claimToPublicSignals(claim));
      const packedClaim = input.packedClaim as bigint;
      await assert.rejects(
        witnessOf({ ...input, packedClaim: packedClaim + (1n << 224n) }),
        /Assert Failed/,
      );
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});

/**
 * prover/proof/groth16.ts on the committed CreditScore key: its proofs are snarkjs proofs, and
 * proving from a reference witness (witness deltas) computes exactly the proof that proving from
 * scratch does. Blinding is fixed where two ways of proving are compared, random everywhere else.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import {
  attest,
  generateAttestorKey,
  loadScoringModel,
  terminateCurves,
  type AttestorKey,
  type ScoringModel,
} from "../../../prover/index.js";
import { buildWitnessInput, computeWitness, verifyProof } from "../../../prover/proof/index.js";
import {
  proveGroth16,
  readProvingKey,
  readWitness,
  type ProvingKey,
} from "../../../prover/proof/groth16.js";
import { loadDataset, datasetFeatures } from "../../../prover/features/dataset.js";
import { stratifiedSplit, DEFAULT_SPLIT_SEED } from "../../../prover/train/split.js";

const BLINDING = { r: 0x1234_5678_9abc_def0n, s: 0x0fed_cba9_8765_4321n };

describe("Groth16 prover (snarkjs's algorithm, with witness deltas)", () => {
  let model: ScoringModel;
  let alt: ScoringModel;
  let attestor: AttestorKey;
  let zkeyBytes: Uint8Array;
  let rows: bigint[][];

  /** .wtns bytes for wallet i (its own features, subject and time) under `m`. */
  async function witness(m: ScoringModel, i: number): Promise<Uint8Array> {
    const subject = `0x${(0xc0ffee + i).toString(16).padStart(40, "0")}`;
    const attestedAt = 1_767_225_600n + BigInt(i);
    const features = rows[i]!;
    const attestation = await attest({ key: attestor, subject, attestedAt, features });
    const input = await buildWitnessInput({
      model: m.model,
      features,
      subject,
      attestedAt,
      attestation,
    });
    return computeWitness(m.artifacts.wasm, input.input);
  }

  const freshKey = (): ProvingKey => readProvingKey(zkeyBytes);

  before(async () => {
    model = loadScoringModel("data/models/reference/quantized.json");
    alt = loadScoringModel("data/models/alt/quantized.json");
    assert.equal(alt.artifacts.zkey, model.artifacts.zkey, "both models share one shape's key");
    attestor = await generateAttestorKey();
    zkeyBytes = new Uint8Array(await readFile(model.artifacts.zkey));
    rows = datasetFeatures(stratifiedSplit(loadDataset(), DEFAULT_SPLIT_SEED).test.slice(0, 4));
  });
  after(() => terminateCurves());

  it("proves from scratch, then from a reference; snarkjs verifies both", async () => {
    const key = freshKey();
    const reused: number[] = [];
    for (const i of [0, 1]) {
      const { proof, publicSignals, reusedWires } = await proveGroth16(
        key,
        await witness(model, i),
        {
          singleThread: true,
        },
      );
      assert.equal(await verifyProof(model.vkey, proof, publicSignals), true, `proof ${i}`);
      reused.push(reusedWires);
    }
    assert.equal(reused[0], 0, "the first witness is proven from scratch");
    // Same model and attestor: the weights, the commitment and the key's wires are shared.
    assert.ok(reused[1]! > key.nVars / 2, `the second reuses ${reused[1]} of ${key.nVars} wires`);
    assert.equal(key.references.length, 1, "a close witness is not kept as another reference");
  });

  /**
   * Proves `w` with a key whose one reference is the reference model's wallet 0, and from
   * scratch, both with the same blinding: the two proofs must be identical and valid.
   */
  async function viaReferenceAndFromScratch(m: ScoringModel, w: Uint8Array) {
    const key = freshKey();
    await proveGroth16(key, await witness(model, 0), { singleThread: true });
    const viaReference = await proveGroth16(key, w, { singleThread: true, blinding: BLINDING });
    const fromScratch = await proveGroth16(freshKey(), w, { reuse: false, blinding: BLINDING });
    assert.ok(viaReference.reusedWires > 0, "proved from the reference witness");
    assert.equal(fromScratch.reusedWires, 0);
    assert.deepEqual(viaReference.proof, fromScratch.proof);
    assert.deepEqual(viaReference.publicSignals, fromScratch.publicSignals);
    assert.equal(await verifyProof(m.vkey, fromScratch.proof, fromScratch.publicSignals), true);
    return key;
  }

  it("computes the same proof from a reference as from scratch (same model, another wallet)", async () => {
    await viaReferenceAndFromScratch(model, await witness(model, 2));
  });

  it("computes the same proof when the reference is another model's witness", async () => {
    const key = await viaReferenceAndFromScratch(alt, await witness(alt, 3));
    assert.equal(key.references.length, 2, "kept as a reference for its own model");
  });

  it("blinds every proof with fresh randomness unless told otherwise", async () => {
    const key = freshKey();
    const w = await witness(model, 1);
    const a = await proveGroth16(key, w, { singleThread: true });
    const b = await proveGroth16(key, w, { singleThread: true });
    assert.notDeepEqual(a.proof.pi_a, b.proof.pi_a);
    assert.notDeepEqual(a.proof.pi_c, b.proof.pi_c);
    assert.deepEqual(a.publicSignals, b.publicSignals);
  });

  it("gives no valid proof for a witness that breaks a constraint, on either path", async () => {
    const key = freshKey();
    await proveGroth16(key, await witness(model, 0), { singleThread: true });
    const w = await witness(model, 1);
    // Change the last wire (an internal signal; the values section ends the file), keep the
    // public signals as they were.
    const tampered = w.slice();
    tampered[w.byteLength - 32] = tampered[w.byteLength - 32]! ^ 1;
    for (const options of [{ singleThread: true }, { singleThread: true, reuse: false }]) {
      const { proof, publicSignals } = await proveGroth16(key, tampered, options);
      assert.equal(await verifyProof(model.vkey, proof, publicSignals), false);
    }
  });

  it("refuses keys and witnesses that are not what they claim, naming the problem", async () => {
    const key = freshKey();
    const w = await witness(model, 0);
    assert.throws(() => readProvingKey(w), /is not a "zkey" file/);
    assert.throws(() => readProvingKey(zkeyBytes.subarray(0, 5000)), /truncated/);
    assert.throws(() => readWitness(zkeyBytes, key), /is not a "wtns" file/);
    // A witness claiming one value more than the circuit has.
    const longer = w.slice();
    const view = new DataView(longer.buffer);
    const nAt = 12 + 12 + 4 + 32; // file header, section 1 header, n8, q
    view.setUint32(nAt, view.getUint32(nAt, true) + 1, true);
    assert.throws(
      () => readWitness(longer, key),
      /witness has \d+ values, the circuit of the proving key \d+/,
    );
    // A witness over another field (q changed).
    const otherField = w.slice();
    otherField[12 + 12 + 4] = otherField[12 + 12 + 4]! ^ 0xff;
    assert.throws(() => readWitness(otherField, key), /field is not the proving key's/);
  });
});

/**
 * Issue 2 end to end on Hardhat's in-process chain, through the production deploy path
 * (scripts/lib/deploy.ts): trained ONNX → committed quantized model → witness → Groth16 proof →
 * generated verifier → ScoreRegistry. Then every way a submission must be refused.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { network } from "hardhat";
import { encodeFunctionData, getAddress, type Address } from "viem";
import {
  proveFeatures,
  generateAttestorKey,
  inferInteger,
  loadScoringModel,
  terminateCurves,
  type AttestorKey,
  type ScoringModel,
} from "../../prover/index.js";
import { verifyProof } from "../../prover/proof/index.js";
import { loadDataset, datasetFeatures } from "../../prover/features/dataset.js";
import { stratifiedSplit, DEFAULT_SPLIT_SEED } from "../../prover/train/split.js";
import { deploySystem, type DeployedSystem } from "../../scripts/lib/deploy.js";
import { governedBatch } from "../helpers/governance.js";

const ALT_MODEL = "data/models/alt/quantized.json";

/** A proof for `features` of `subject`, signed by `key` at `attestedAt`, under `model`. */
async function prove(
  model: ScoringModel,
  attestorKey: AttestorKey,
  subject: Address,
  attestedAt: bigint,
  features: bigint[],
) {
  const proven = await proveFeatures({ model, attestorKey, subject, attestedAt, features });
  return { proven, claim: proven.calldata.claim, words: proven.calldata.proof };
}

const connection = await network.create();

describe("proving pipeline → ScoreRegistry (real proofs)", () => {
  let sys: DeployedSystem;
  let alt: ScoringModel;
  let testRows: bigint[][];
  let wallets: Address[];

  before(async () => {
    sys = await deploySystem(connection, { writeFile: false });
    alt = loadScoringModel(ALT_MODEL);
    const split = stratifiedSplit(loadDataset(), DEFAULT_SPLIT_SEED);
    testRows = datasetFeatures(split.test.slice(0, 8));
    wallets = (await connection.viem.getWalletClients()).map((w) => w.account.address);
  });
  after(async () => {
    await terminateCurves();
  });

  const now = async () => (await (await connection.viem.getPublicClient()).getBlock()).timestamp;

  it("records a proven score and emits everything an auditor needs", async () => {
    const subject = wallets[3]!;
    const features = testRows[0]!;
    const attestedAt = (await now()) - 10n;
    const { claim, words } = await prove(sys.model, sys.attestorKey, subject, attestedAt, features);
    assert.equal(BigInt(claim.score), inferInteger(sys.model.model, features).score);

    const { scoreRegistry } = sys.zk;
    const [submitter] = await connection.viem.getWalletClients();
    await connection.viem.assertions.emitWithArgs(
      scoreRegistry.write.submitScore([claim, words]),
      scoreRegistry,
      "ScoreRecorded",
      [
        subject,
        sys.model.commitment,
        claim.score,
        sys.attestorKey.keyHash,
        attestedAt,
        attestedAt + (await scoreRegistry.read.scoreValidity()),
        getAddress(submitter!.account.address),
      ],
    );
    const record = await scoreRegistry.read.scoreOf([subject]);
    assert.equal(record.score, claim.score);
    assert.deepEqual(await scoreRegistry.read.validScoreOf([subject]), [true, claim.score]);
  });

  it("rejects a tampered score and a swapped subject with the same proof", async () => {
    const subject = wallets[4]!;
    const attestedAt = (await now()) - 5n;
    const { claim, words } = await prove(
      sys.model,
      sys.attestorKey,
      subject,
      attestedAt,
      testRows[1]!,
    );
    const { scoreRegistry, verifier } = sys.zk;
    const bumped = { ...claim, score: claim.score === 850 ? 849 : claim.score + 1 };
    await connection.viem.assertions.revertWithCustomErrorWithArgs(
      scoreRegistry.write.submitScore([bumped, words]),
      scoreRegistry,
      "ScoreRegistryInvalidProof",
      [subject, getAddress(verifier.address)],
    );
    const other = wallets[5]!;
    await connection.viem.assertions.revertWithCustomErrorWithArgs(
      scoreRegistry.write.submitScore([{ ...claim, subject: other }, words]),
      scoreRegistry,
      "ScoreRegistryInvalidProof",
      [getAddress(other), getAddress(verifier.address)],
    );
    // The untouched claim still goes through: the rejections were about the tampering.
    await scoreRegistry.write.submitScore([claim, words]);
  });

  it("serves a second weight set with the same zkey: unapproved until governance registers it, refused once revoked", async () => {
    assert.equal(alt.model.shape.name, sys.model.model.shape.name);
    assert.notEqual(alt.commitment, sys.model.commitment);
    assert.equal(alt.artifacts.zkey, sys.model.artifacts.zkey);
    const { scoreRegistry, modelRegistry, timelock } = sys.zk;
    const subject = wallets[6]!;
    const first = await prove(alt, sys.attestorKey, subject, (await now()) - 30n, testRows[2]!);
    assert.ok(await verifyProof(sys.model.vkey, first.proven.proof, first.proven.publicSignals));
    await connection.viem.assertions.revertWithCustomErrorWithArgs(
      scoreRegistry.write.submitScore([first.claim, first.words]),
      scoreRegistry,
      "ScoreRegistryModelNotActive",
      [alt.commitment],
    );

    const register = encodeFunctionData({
      abi: modelRegistry.abi,
      functionName: "registerModel",
      args: [alt.commitment, alt.shapeId, "ipfs://zkcredit/alt-model-card", `0x${"11".repeat(32)}`],
    });
    await governedBatch(
      timelock,
      [{ target: modelRegistry.address, data: register }],
      connection.networkHelpers,
    );
    // The timelock delay moved the clock: attest afresh.
    const second = await prove(alt, sys.attestorKey, subject, (await now()) - 5n, testRows[2]!);
    await scoreRegistry.write.submitScore([second.claim, second.words]);
    assert.deepEqual(await scoreRegistry.read.validScoreOf([subject]), [true, second.claim.score]);

    const revoke = encodeFunctionData({
      abi: modelRegistry.abi,
      functionName: "revokeModel",
      args: [alt.commitment],
    });
    await governedBatch(
      timelock,
      [{ target: modelRegistry.address, data: revoke }],
      connection.networkHelpers,
    );
    assert.deepEqual(await scoreRegistry.read.validScoreOf([subject]), [false, 0]);
    const third = await prove(alt, sys.attestorKey, subject, (await now()) - 5n, testRows[2]!);
    await connection.viem.assertions.revertWithCustomErrorWithArgs(
      scoreRegistry.write.submitScore([third.claim, third.words]),
      scoreRegistry,
      "ScoreRegistryModelNotActive",
      [alt.commitment],
    );
  });

  it("rejects features signed by an untrusted attestor", async () => {
    const rogue = await generateAttestorKey();
    const { claim, words } = await prove(
      sys.model,
      rogue,
      wallets[7]!,
      (await now()) - 5n,
      testRows[3]!,
    );
    await connection.viem.assertions.revertWithCustomErrorWithArgs(
      sys.zk.scoreRegistry.write.submitScore([claim, words]),
      sys.zk.scoreRegistry,
      "ScoreRegistryAttestorNotTrusted",
      [rogue.keyHash],
    );
  });

  it("rejects a stale attestation and a replayed older one", async () => {
    const { scoreRegistry } = sys.zk;
    const subject = wallets[8]!;
    const window = await scoreRegistry.read.freshnessWindow();
    const head = await now();
    const staleAt = head - window - 100n;
    const stale = await prove(sys.model, sys.attestorKey, subject, staleAt, testRows[4]!);
    // Proving takes wall-clock time, and the in-process chain follows the wall clock: pin the
    // submission's block time to know the oldest attestation time it accepts.
    const submitAt = (await now()) + 10n;
    await connection.networkHelpers.time.setNextBlockTimestamp(submitAt);
    await connection.viem.assertions.revertWithCustomErrorWithArgs(
      scoreRegistry.write.submitScore([stale.claim, stale.words]),
      scoreRegistry,
      "ScoreRegistryStaleAttestation",
      [staleAt, submitAt - window],
    );

    const older = await prove(sys.model, sys.attestorKey, subject, head - 60n, testRows[4]!);
    const newer = await prove(sys.model, sys.attestorKey, subject, head - 30n, testRows[5]!);
    await scoreRegistry.write.submitScore([newer.claim, newer.words]);
    await connection.viem.assertions.revertWithCustomErrorWithArgs(
      scoreRegistry.write.submitScore([older.claim, older.words]),
      scoreRegistry,
      "ScoreRegistryAttestationNotNewer",
      [subject, head - 60n, head - 30n],
    );
    await connection.viem.assertions.revertWithCustomErrorWithArgs(
      scoreRegistry.write.submitScore([newer.claim, newer.words]),
      scoreRegistry,
      "ScoreRegistryAttestationNotNewer",
      [subject, head - 30n, head - 30n],
    );
  });
});

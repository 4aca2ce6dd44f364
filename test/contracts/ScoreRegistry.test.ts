import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { network } from "hardhat";
import { packClaim } from "../../prover/proof/calldata.js";
import {
  encodeAbiParameters,
  encodeFunctionData,
  getAddress,
  keccak256,
  toHex,
  zeroAddress,
  type Address,
} from "viem";

import {
  deployCore,
  governed,
  governedBatch,
  TEST_FRESHNESS_WINDOW,
  TEST_SCORE_VALIDITY,
} from "../helpers/governance.js";

const connection = await network.create();
const { viem, networkHelpers } = connection;
const [, stranger, guardian, submitter] = await viem.getWalletClients();
if (stranger === undefined || guardian === undefined || submitter === undefined)
  throw new Error("the tests need at least 4 accounts");
const publicClient = await viem.getPublicClient();

const SHAPE_ID = keccak256(toHex("mlp-19-16-8-1"));
const MODEL = 0x1f2e3d4c5b6a79880123456789abcdef0123456789abcdef0123456789abcdefn;
const OTHER_MODEL = 0x2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2an;
const ATTESTOR = 0x0badc0ffee0badc0ffee0badc0ffee0badc0ffee0badc0ffee0badc0ffeen;
const NEW_ATTESTOR = 0x0c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffeen;
const PROOF = [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n] as const;
const SUBJECT = getAddress("0x00000000000000000000000000000000000a11ce");
const OTHER_SUBJECT = getAddress("0x0000000000000000000000000000000000000b0b");

/** Core deployed, with the shape's verifier, two models and one attestor registered through governance. */
async function registeredFixture() {
  const core = await deployCore(connection);
  const { timelock, modelRegistry, attestorRegistry, mockVerifier } = core;
  const registerModel = (commitment: bigint) =>
    encodeFunctionData({
      abi: modelRegistry.abi,
      functionName: "registerModel",
      args: [commitment, SHAPE_ID, "ipfs://model-card", keccak256(toHex("model card"))],
    });
  await governedBatch(
    timelock,
    [
      {
        target: modelRegistry.address,
        data: encodeFunctionData({
          abi: modelRegistry.abi,
          functionName: "setShapeVerifier",
          args: [SHAPE_ID, mockVerifier.address],
        }),
      },
      { target: modelRegistry.address, data: registerModel(MODEL) },
      { target: modelRegistry.address, data: registerModel(OTHER_MODEL) },
      {
        target: attestorRegistry.address,
        data: encodeFunctionData({
          abi: attestorRegistry.abi,
          functionName: "trustAttestor",
          args: [ATTESTOR, "reference attestor"],
        }),
      },
    ],
    networkHelpers,
  );
  return core;
}

async function latestTimestamp(): Promise<bigint> {
  return (await publicClient.getBlock()).timestamp;
}

/** A claim attested `age` seconds before the latest block. */
async function claim(overrides: Partial<Claim> = {}, age = 60n): Promise<Claim> {
  return {
    subject: SUBJECT,
    score: 700,
    modelCommitment: MODEL,
    attestorKeyHash: ATTESTOR,
    attestedAt: (await latestTimestamp()) - age,
    ...overrides,
  };
}

interface Claim {
  subject: Address;
  score: number;
  modelCommitment: bigint;
  attestorKeyHash: bigint;
  attestedAt: bigint;
}

describe("ScoreRegistry", () => {
  describe("submitScore", () => {
    it("records a proven score and emits everything an auditor needs", async () => {
      const { scoreRegistry } = await networkHelpers.loadFixture(registeredFixture);
      const scored = await claim();
      const expiresAt = scored.attestedAt + TEST_SCORE_VALIDITY;

      await viem.assertions.emitWithArgs(
        scoreRegistry.write.submitScore([scored, PROOF], { account: submitter.account }),
        scoreRegistry,
        "ScoreRecorded",
        [
          SUBJECT,
          MODEL,
          700,
          ATTESTOR,
          scored.attestedAt,
          expiresAt,
          getAddress(submitter.account.address),
        ],
      );

      assert.deepEqual(await scoreRegistry.read.scoreOf([SUBJECT]), {
        score: 700,
        attestedAt: scored.attestedAt,
        recordedAt: await latestTimestamp(),
        expiresAt,
        modelCommitment: MODEL,
        attestorKeyHash: ATTESTOR,
      });
      assert.deepEqual(await scoreRegistry.read.validScoreOf([SUBJECT]), [true, 700]);
    });

    it("hands the verifier the proof and the public signals in the circuit's order", async () => {
      const { scoreRegistry, mockVerifier } = await networkHelpers.loadFixture(registeredFixture);
      const scored = await claim();
      await mockVerifier.write.setExpectedInputsHash([
        keccak256(
          encodeAbiParameters(
            [
              { type: "uint256[2]" },
              { type: "uint256[2][2]" },
              { type: "uint256[2]" },
              { type: "uint256[3]" },
            ],
            [
              [1n, 2n],
              [
                [3n, 4n],
                [5n, 6n],
              ],
              [7n, 8n],
              [
                packClaim({ subject: BigInt(SUBJECT), attestedAt: scored.attestedAt, score: 700n }),
                MODEL,
                ATTESTOR,
              ],
            ],
          ),
        ),
      ]);

      // Any other claim under the same proof is a different statement: the verifier rejects it.
      for (const tampered of [
        { ...scored, subject: OTHER_SUBJECT },
        { ...scored, score: 701 },
        { ...scored, attestedAt: scored.attestedAt - 1n },
        { ...scored, modelCommitment: OTHER_MODEL },
      ]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          scoreRegistry.write.submitScore([tampered, PROOF]),
          scoreRegistry,
          "ScoreRegistryInvalidProof",
          [tampered.subject, getAddress(mockVerifier.address)],
        );
      }
      await viem.assertions.emit(
        scoreRegistry.write.submitScore([scored, PROOF]),
        scoreRegistry,
        "ScoreRecorded",
      );
    });

    it("reverts when the verifier rejects the proof", async () => {
      const { scoreRegistry, mockVerifier } = await networkHelpers.loadFixture(registeredFixture);
      await mockVerifier.write.setResult([false]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        scoreRegistry.write.submitScore([await claim(), PROOF]),
        scoreRegistry,
        "ScoreRegistryInvalidProof",
        [SUBJECT, getAddress(mockVerifier.address)],
      );
    });

    it("accepts the scorecard's bounds and reverts outside [300, 850]", async () => {
      const { scoreRegistry } = await networkHelpers.loadFixture(registeredFixture);
      for (const score of [299, 851, 0, 65535]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          scoreRegistry.write.submitScore([await claim({ score }), PROOF]),
          scoreRegistry,
          "ScoreRegistryScoreOutOfRange",
          [score, 300, 850],
        );
      }
      await scoreRegistry.write.submitScore([await claim({ score: 300 }, 60n), PROOF]);
      await scoreRegistry.write.submitScore([await claim({ score: 850 }, 30n), PROOF]);
      assert.equal((await scoreRegistry.read.scoreOf([SUBJECT])).score, 850);
    });

    it("reverts when the model is not registered", async () => {
      const { scoreRegistry } = await networkHelpers.loadFixture(registeredFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        scoreRegistry.write.submitScore([await claim({ modelCommitment: 12345n }), PROOF]),
        scoreRegistry,
        "ScoreRegistryModelNotActive",
        [12345n],
      );
    });

    it("reverts when the model is revoked", async () => {
      const { scoreRegistry, modelRegistry, timelock } =
        await networkHelpers.loadFixture(registeredFixture);
      await governed(
        timelock,
        modelRegistry.address,
        encodeFunctionData({ abi: modelRegistry.abi, functionName: "revokeModel", args: [MODEL] }),
        networkHelpers,
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        scoreRegistry.write.submitScore([await claim(), PROOF]),
        scoreRegistry,
        "ScoreRegistryModelNotActive",
        [MODEL],
      );
    });

    it("reverts when the attestor is not trusted", async () => {
      const { scoreRegistry } = await networkHelpers.loadFixture(registeredFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        scoreRegistry.write.submitScore([await claim({ attestorKeyHash: NEW_ATTESTOR }), PROOF]),
        scoreRegistry,
        "ScoreRegistryAttestorNotTrusted",
        [NEW_ATTESTOR],
      );
    });

    it("reverts when the attestation is signed after the current block", async () => {
      const { scoreRegistry } = await networkHelpers.loadFixture(registeredFixture);
      const blockTime = (await latestTimestamp()) + 100n;
      await networkHelpers.time.setNextBlockTimestamp(blockTime);
      await viem.assertions.revertWithCustomErrorWithArgs(
        scoreRegistry.write.submitScore([await claim({ attestedAt: blockTime + 1n }), PROOF]),
        scoreRegistry,
        "ScoreRegistryAttestationFromFuture",
        [blockTime + 1n, blockTime],
      );
    });

    it("accepts an attestation exactly as old as the freshness window and reverts one second older", async () => {
      const { scoreRegistry } = await networkHelpers.loadFixture(registeredFixture);
      const blockTime = (await latestTimestamp()) + 100n;
      const oldestAccepted = blockTime - TEST_FRESHNESS_WINDOW;

      await networkHelpers.time.setNextBlockTimestamp(blockTime);
      await viem.assertions.revertWithCustomErrorWithArgs(
        scoreRegistry.write.submitScore([await claim({ attestedAt: oldestAccepted - 1n }), PROOF]),
        scoreRegistry,
        "ScoreRegistryStaleAttestation",
        [oldestAccepted - 1n, oldestAccepted],
      );

      await networkHelpers.time.setNextBlockTimestamp(blockTime);
      await scoreRegistry.write.submitScore([await claim({ attestedAt: oldestAccepted }), PROOF]);
      assert.equal((await scoreRegistry.read.scoreOf([SUBJECT])).recordedAt, blockTime);
    });

    it("reverts a replay of the recorded attestation and an older one", async () => {
      const { scoreRegistry } = await networkHelpers.loadFixture(registeredFixture);
      const recorded = await claim({}, 60n);
      await scoreRegistry.write.submitScore([recorded, PROOF]);

      await viem.assertions.revertWithCustomErrorWithArgs(
        scoreRegistry.write.submitScore([recorded, PROOF]),
        scoreRegistry,
        "ScoreRegistryAttestationNotNewer",
        [SUBJECT, recorded.attestedAt, recorded.attestedAt],
      );
      const older = { ...recorded, score: 800, attestedAt: recorded.attestedAt - 1n };
      await viem.assertions.revertWithCustomErrorWithArgs(
        scoreRegistry.write.submitScore([older, PROOF]),
        scoreRegistry,
        "ScoreRegistryAttestationNotNewer",
        [SUBJECT, older.attestedAt, recorded.attestedAt],
      );
    });

    it("replaces the subject's score with a newer attestation and keeps other subjects apart", async () => {
      const { scoreRegistry } = await networkHelpers.loadFixture(registeredFixture);
      const first = await claim({ score: 620 }, 60n);
      await scoreRegistry.write.submitScore([first, PROOF]);
      // Another wallet's older attestation is not a replay of this one.
      await scoreRegistry.write.submitScore([
        { ...first, subject: OTHER_SUBJECT, score: 510, attestedAt: first.attestedAt - 10n },
        PROOF,
      ]);
      const newer = { ...first, score: 710, attestedAt: first.attestedAt + 1n };
      await scoreRegistry.write.submitScore([newer, PROOF]);

      assert.deepEqual(await scoreRegistry.read.validScoreOf([SUBJECT]), [true, 710]);
      assert.deepEqual(await scoreRegistry.read.validScoreOf([OTHER_SUBJECT]), [true, 510]);
      assert.equal((await scoreRegistry.read.scoreOf([SUBJECT])).attestedAt, newer.attestedAt);
    });
  });

  describe("validScoreOf", () => {
    it("has no score for a wallet that never submitted one", async () => {
      const { scoreRegistry } = await networkHelpers.loadFixture(registeredFixture);
      assert.deepEqual(await scoreRegistry.read.validScoreOf([SUBJECT]), [false, 0]);
      assert.deepEqual(await scoreRegistry.read.scoreOf([SUBJECT]), {
        score: 0,
        attestedAt: 0n,
        recordedAt: 0n,
        expiresAt: 0n,
        modelCommitment: 0n,
        attestorKeyHash: 0n,
      });
    });

    it("stops accepting the score at expiresAt", async () => {
      const { scoreRegistry } = await networkHelpers.loadFixture(registeredFixture);
      await scoreRegistry.write.submitScore([await claim(), PROOF]);
      const { expiresAt } = await scoreRegistry.read.scoreOf([SUBJECT]);

      await networkHelpers.time.increaseTo(expiresAt - 1n);
      assert.deepEqual(await scoreRegistry.read.validScoreOf([SUBJECT]), [true, 700]);
      await networkHelpers.time.increaseTo(expiresAt);
      assert.deepEqual(await scoreRegistry.read.validScoreOf([SUBJECT]), [false, 0]);
      // The record itself stays readable for audits.
      assert.equal((await scoreRegistry.read.scoreOf([SUBJECT])).score, 700);
    });

    it("invalidates the score at once when its model is revoked", async () => {
      const { scoreRegistry, modelRegistry, timelock } =
        await networkHelpers.loadFixture(registeredFixture);
      await scoreRegistry.write.submitScore([await claim(), PROOF]);
      await scoreRegistry.write.submitScore([
        await claim({ subject: OTHER_SUBJECT, modelCommitment: OTHER_MODEL }),
        PROOF,
      ]);
      await governed(
        timelock,
        modelRegistry.address,
        encodeFunctionData({ abi: modelRegistry.abi, functionName: "revokeModel", args: [MODEL] }),
        networkHelpers,
      );
      assert.deepEqual(await scoreRegistry.read.validScoreOf([SUBJECT]), [false, 0]);
      assert.deepEqual(await scoreRegistry.read.validScoreOf([OTHER_SUBJECT]), [true, 700]);
      assert.equal((await scoreRegistry.read.scoreOf([SUBJECT])).modelCommitment, MODEL);
    });

    it("invalidates the old key's scores when the attestor key is rotated, and accepts the new key", async () => {
      const { scoreRegistry, attestorRegistry, timelock } =
        await networkHelpers.loadFixture(registeredFixture);
      await scoreRegistry.write.submitScore([await claim(), PROOF]);
      await governed(
        timelock,
        attestorRegistry.address,
        encodeFunctionData({
          abi: attestorRegistry.abi,
          functionName: "rotateAttestor",
          args: [ATTESTOR, NEW_ATTESTOR, "reference attestor, key 2"],
        }),
        networkHelpers,
      );
      assert.deepEqual(await scoreRegistry.read.validScoreOf([SUBJECT]), [false, 0]);

      await viem.assertions.revertWithCustomErrorWithArgs(
        scoreRegistry.write.submitScore([await claim({}, 1n), PROOF]),
        scoreRegistry,
        "ScoreRegistryAttestorNotTrusted",
        [ATTESTOR],
      );
      await scoreRegistry.write.submitScore([
        await claim({ attestorKeyHash: NEW_ATTESTOR, score: 640 }, 1n),
        PROOF,
      ]);
      assert.deepEqual(await scoreRegistry.read.validScoreOf([SUBJECT]), [true, 640]);
      assert.equal((await scoreRegistry.read.scoreOf([SUBJECT])).attestorKeyHash, NEW_ATTESTOR);
    });
  });

  describe("governance parameters", () => {
    it("starts with the deployment's parameters", async () => {
      const { scoreRegistry, modelRegistry, attestorRegistry } =
        await networkHelpers.loadFixture(registeredFixture);
      assert.equal(await scoreRegistry.read.freshnessWindow(), TEST_FRESHNESS_WINDOW);
      assert.equal(await scoreRegistry.read.scoreValidity(), TEST_SCORE_VALIDITY);
      assert.equal(await scoreRegistry.read.paused(), false);
      assert.equal(await scoreRegistry.read.modelRegistry(), getAddress(modelRegistry.address));
      assert.equal(
        await scoreRegistry.read.attestorRegistry(),
        getAddress(attestorRegistry.address),
      );
    });

    it("changes the freshness window only through the timelock", async () => {
      const { scoreRegistry, timelock } = await networkHelpers.loadFixture(registeredFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        scoreRegistry.write.setFreshnessWindow([600n], { account: stranger.account }),
        scoreRegistry,
        "AccessControlUnauthorizedAccount",
        [getAddress(stranger.account.address), await scoreRegistry.read.GOVERNOR_ROLE()],
      );
      const setWindow = (window: bigint) =>
        governed(
          timelock,
          scoreRegistry.address,
          encodeFunctionData({
            abi: scoreRegistry.abi,
            functionName: "setFreshnessWindow",
            args: [window],
          }),
          networkHelpers,
        );
      await viem.assertions.emitWithArgs(setWindow(600n), scoreRegistry, "FreshnessWindowChanged", [
        TEST_FRESHNESS_WINDOW,
        600n,
      ]);
      assert.equal(await scoreRegistry.read.freshnessWindow(), 600n);

      const max = await scoreRegistry.read.MAX_FRESHNESS_WINDOW();
      for (const window of [0n, max + 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          setWindow(window),
          scoreRegistry,
          "ScoreRegistryInvalidFreshnessWindow",
          [window, max],
        );
      }
    });

    it("changes the score validity only through the timelock, for scores recorded afterwards", async () => {
      const { scoreRegistry, timelock } = await networkHelpers.loadFixture(registeredFixture);
      await scoreRegistry.write.submitScore([await claim(), PROOF]);
      const before = await scoreRegistry.read.scoreOf([SUBJECT]);

      await viem.assertions.revertWithCustomErrorWithArgs(
        scoreRegistry.write.setScoreValidity([1n], { account: stranger.account }),
        scoreRegistry,
        "AccessControlUnauthorizedAccount",
        [getAddress(stranger.account.address), await scoreRegistry.read.GOVERNOR_ROLE()],
      );
      const setValidity = (validity: bigint) =>
        governed(
          timelock,
          scoreRegistry.address,
          encodeFunctionData({
            abi: scoreRegistry.abi,
            functionName: "setScoreValidity",
            args: [validity],
          }),
          networkHelpers,
        );
      await viem.assertions.emitWithArgs(
        setValidity(7n * 24n * 3600n),
        scoreRegistry,
        "ScoreValidityChanged",
        [TEST_SCORE_VALIDITY, 7n * 24n * 3600n],
      );
      assert.deepEqual(await scoreRegistry.read.scoreOf([SUBJECT]), before);

      const max = await scoreRegistry.read.MAX_SCORE_VALIDITY();
      for (const validity of [0n, max + 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          setValidity(validity),
          scoreRegistry,
          "ScoreRegistryInvalidScoreValidity",
          [validity, max],
        );
      }
    });
  });

  describe("pausing", () => {
    it("lets the guardian stop and resume submissions", async () => {
      const { scoreRegistry } = await networkHelpers.loadFixture(registeredFixture);
      await viem.assertions.emitWithArgs(
        scoreRegistry.write.pause({ account: guardian.account }),
        scoreRegistry,
        "SubmissionsPaused",
        [getAddress(guardian.account.address)],
      );
      assert.equal(await scoreRegistry.read.paused(), true);
      await viem.assertions.revertWithCustomErrorWithArgs(
        scoreRegistry.write.submitScore([await claim(), PROOF]),
        scoreRegistry,
        "ScoreRegistryPaused",
        [],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        scoreRegistry.write.pause({ account: guardian.account }),
        scoreRegistry,
        "ScoreRegistryPaused",
        [],
      );

      await viem.assertions.emitWithArgs(
        scoreRegistry.write.unpause({ account: guardian.account }),
        scoreRegistry,
        "SubmissionsUnpaused",
        [getAddress(guardian.account.address)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        scoreRegistry.write.unpause({ account: guardian.account }),
        scoreRegistry,
        "ScoreRegistryNotPaused",
        [],
      );
      await scoreRegistry.write.submitScore([await claim(), PROOF]);
    });

    it("keeps recorded scores valid while paused", async () => {
      const { scoreRegistry } = await networkHelpers.loadFixture(registeredFixture);
      await scoreRegistry.write.submitScore([await claim(), PROOF]);
      await scoreRegistry.write.pause({ account: guardian.account });
      assert.deepEqual(await scoreRegistry.read.validScoreOf([SUBJECT]), [true, 700]);
    });

    it("reverts when someone else pauses", async () => {
      const { scoreRegistry } = await networkHelpers.loadFixture(registeredFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        scoreRegistry.write.pause({ account: stranger.account }),
        scoreRegistry,
        "AccessControlUnauthorizedAccount",
        [getAddress(stranger.account.address), await scoreRegistry.read.PAUSER_ROLE()],
      );
    });
  });

  describe("deployment", () => {
    it("reverts on a zero registry or governor address", async () => {
      const { scoreRegistry, modelRegistry, attestorRegistry, timelock } =
        await networkHelpers.loadFixture(registeredFixture);
      const day = 24n * 3600n;
      for (const args of [
        [zeroAddress, attestorRegistry.address, timelock.address],
        [modelRegistry.address, zeroAddress, timelock.address],
        [modelRegistry.address, attestorRegistry.address, zeroAddress],
      ] as const) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          viem.deployContract("ScoreRegistry", [...args, zeroAddress, day, day]),
          scoreRegistry,
          "ScoreRegistryZeroAddress",
          [zeroAddress],
        );
      }
    });

    it("reverts on a freshness window or score validity out of range", async () => {
      const { scoreRegistry, modelRegistry, attestorRegistry, timelock } =
        await networkHelpers.loadFixture(registeredFixture);
      const base = [
        modelRegistry.address,
        attestorRegistry.address,
        timelock.address,
        zeroAddress,
      ] as const;
      await viem.assertions.revertWithCustomErrorWithArgs(
        viem.deployContract("ScoreRegistry", [...base, 0n, 3600n]),
        scoreRegistry,
        "ScoreRegistryInvalidFreshnessWindow",
        [0n, await scoreRegistry.read.MAX_FRESHNESS_WINDOW()],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        viem.deployContract("ScoreRegistry", [...base, 3600n, 0n]),
        scoreRegistry,
        "ScoreRegistryInvalidScoreValidity",
        [0n, await scoreRegistry.read.MAX_SCORE_VALIDITY()],
      );
    });
  });
});

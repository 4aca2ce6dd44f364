import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { network } from "hardhat";
import {
  encodeFunctionData,
  getAddress,
  keccak256,
  toHex,
  zeroAddress,
  type Address,
  type Hex,
} from "viem";

import { deployCore, governed, governedBatch } from "../helpers/governance.js";

const connection = await network.create();
const { viem, networkHelpers } = connection;
const [deployer, stranger] = await viem.getWalletClients();
if (deployer === undefined || stranger === undefined) throw new Error("the tests need 2 accounts");
const publicClient = await viem.getPublicClient();

/** BN254 scalar field modulus: public signals live in [0, P). */
const P = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const SHAPE_ID = keccak256(toHex("mlp-19-16-8-1"));
const OTHER_SHAPE_ID = keccak256(toHex("mlp-19-32-1"));
const MODEL = 0x1f2e3d4c5b6a79880123456789abcdef0123456789abcdef0123456789abcdefn;
const CARD_URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
const CARD_HASH = keccak256(toHex("model card v1"));

const STATUS = { None: 0, Active: 1, Revoked: 2 } as const;

async function deployFixture() {
  const core = await deployCore(connection);
  const { modelRegistry, timelock } = core;
  /** One governed call on the model registry. */
  const govern = (data: Hex) => governed(timelock, modelRegistry.address, data, networkHelpers);
  const call = {
    setShapeVerifier: (shapeId: Hex, verifier: Hex) =>
      encodeFunctionData({
        abi: modelRegistry.abi,
        functionName: "setShapeVerifier",
        args: [shapeId, verifier],
      }),
    registerModel: (commitment: bigint, shapeId = SHAPE_ID, uri = CARD_URI, hash = CARD_HASH) =>
      encodeFunctionData({
        abi: modelRegistry.abi,
        functionName: "registerModel",
        args: [commitment, shapeId, uri, hash],
      }),
    revokeModel: (commitment: bigint) =>
      encodeFunctionData({
        abi: modelRegistry.abi,
        functionName: "revokeModel",
        args: [commitment],
      }),
  };
  return { ...core, govern, call };
}

/** The deployment with the shape's verifier set and MODEL registered. */
async function registeredFixture() {
  const fixture = await deployFixture();
  const { modelRegistry, timelock, mockVerifier, call } = fixture;
  await governedBatch(
    timelock,
    [
      {
        target: modelRegistry.address,
        data: call.setShapeVerifier(SHAPE_ID, mockVerifier.address),
      },
      { target: modelRegistry.address, data: call.registerModel(MODEL) },
    ],
    networkHelpers,
  );
  return fixture;
}

async function latestTimestamp(): Promise<bigint> {
  return (await publicClient.getBlock()).timestamp;
}

describe("ModelRegistry", () => {
  describe("roles", () => {
    it("gives the governor and admin roles to the timelock only", async () => {
      const { modelRegistry, timelock } = await networkHelpers.loadFixture(deployFixture);
      const governor = await modelRegistry.read.GOVERNOR_ROLE();
      const admin = await modelRegistry.read.DEFAULT_ADMIN_ROLE();
      assert.equal(await modelRegistry.read.hasRole([governor, timelock.address]), true);
      assert.equal(await modelRegistry.read.hasRole([admin, timelock.address]), true);
      assert.equal(await modelRegistry.read.hasRole([governor, deployer.account.address]), false);
      assert.equal(await modelRegistry.read.hasRole([admin, deployer.account.address]), false);
    });

    it("reverts when an account other than the timelock changes anything", async () => {
      const { modelRegistry, mockVerifier } = await networkHelpers.loadFixture(registeredFixture);
      const role = await modelRegistry.read.GOVERNOR_ROLE();
      const unauthorized: [Address, Hex] = [getAddress(deployer.account.address), role];
      await viem.assertions.revertWithCustomErrorWithArgs(
        modelRegistry.write.setShapeVerifier([SHAPE_ID, mockVerifier.address]),
        modelRegistry,
        "AccessControlUnauthorizedAccount",
        unauthorized,
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        modelRegistry.write.registerModel([MODEL + 1n, SHAPE_ID, CARD_URI, CARD_HASH]),
        modelRegistry,
        "AccessControlUnauthorizedAccount",
        unauthorized,
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        modelRegistry.write.revokeModel([MODEL]),
        modelRegistry,
        "AccessControlUnauthorizedAccount",
        unauthorized,
      );
    });

    it("reverts on a zero governor", async () => {
      const { modelRegistry } = await networkHelpers.loadFixture(deployFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        viem.deployContract("ModelRegistry", [zeroAddress]),
        modelRegistry,
        "ModelRegistryInvalidGovernor",
        [zeroAddress],
      );
    });
  });

  describe("setShapeVerifier", () => {
    it("sets and replaces a shape's verifier with events", async () => {
      const { modelRegistry, mockVerifier, govern, call } =
        await networkHelpers.loadFixture(deployFixture);
      const verifier = getAddress(mockVerifier.address);
      assert.equal(await modelRegistry.read.verifierFor([SHAPE_ID]), zeroAddress);
      await viem.assertions.emitWithArgs(
        govern(call.setShapeVerifier(SHAPE_ID, verifier)),
        modelRegistry,
        "ShapeVerifierSet",
        [SHAPE_ID, verifier, zeroAddress],
      );
      assert.equal(await modelRegistry.read.verifierFor([SHAPE_ID]), verifier);

      const replacement = getAddress(
        (await viem.deployContract("MockScoreVerifier", [true])).address,
      );
      await viem.assertions.emitWithArgs(
        govern(call.setShapeVerifier(SHAPE_ID, replacement)),
        modelRegistry,
        "ShapeVerifierSet",
        [SHAPE_ID, replacement, verifier],
      );
      assert.equal(await modelRegistry.read.verifierFor([SHAPE_ID]), replacement);
      assert.equal(await modelRegistry.read.verifierFor([OTHER_SHAPE_ID]), zeroAddress);
    });

    it("moves every model of the shape to the replacement verifier", async () => {
      const { modelRegistry, govern, call } = await networkHelpers.loadFixture(registeredFixture);
      const replacement = getAddress(
        (await viem.deployContract("MockScoreVerifier", [true])).address,
      );
      await govern(call.setShapeVerifier(SHAPE_ID, replacement));
      assert.deepEqual(await modelRegistry.read.activeVerifierOf([MODEL]), [1, replacement]);
    });

    it("reverts when the verifier is not a contract", async () => {
      const { modelRegistry, govern, call } = await networkHelpers.loadFixture(deployFixture);
      for (const verifier of [zeroAddress, getAddress(stranger.account.address)]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          govern(call.setShapeVerifier(SHAPE_ID, verifier)),
          modelRegistry,
          "ModelRegistryInvalidVerifier",
          [SHAPE_ID, verifier],
        );
      }
    });
  });

  describe("registerModel", () => {
    it("activates the model with its card and emits ModelRegistered", async () => {
      const { modelRegistry, mockVerifier, govern, call } =
        await networkHelpers.loadFixture(deployFixture);
      await govern(call.setShapeVerifier(SHAPE_ID, mockVerifier.address));
      assert.equal(await modelRegistry.read.isActive([MODEL]), false);

      await viem.assertions.emitWithArgs(
        govern(call.registerModel(MODEL)),
        modelRegistry,
        "ModelRegistered",
        [MODEL, SHAPE_ID, 1, CARD_URI, CARD_HASH],
      );
      assert.equal(await modelRegistry.read.isActive([MODEL]), true);
      assert.deepEqual(await modelRegistry.read.modelOf([MODEL]), {
        shapeId: SHAPE_ID,
        cardHash: CARD_HASH,
        cardUri: CARD_URI,
        status: STATUS.Active,
        id: 1,
        registeredAt: await latestTimestamp(),
        revokedAt: 0n,
      });
      assert.deepEqual(await modelRegistry.read.activeVerifierOf([MODEL]), [
        1,
        getAddress(mockVerifier.address),
      ]);
      assert.equal(await modelRegistry.read.isActiveId([1]), true);
      assert.equal(await modelRegistry.read.commitmentOf([1]), MODEL);
      assert.equal(await modelRegistry.read.modelCount(), 1);
    });

    it("gives each model the next compact id", async () => {
      const { modelRegistry, govern, call } = await networkHelpers.loadFixture(registeredFixture);
      await viem.assertions.emitWithArgs(
        govern(call.registerModel(MODEL + 1n)),
        modelRegistry,
        "ModelRegistered",
        [MODEL + 1n, SHAPE_ID, 2, CARD_URI, CARD_HASH],
      );
      assert.equal(await modelRegistry.read.commitmentOf([2]), MODEL + 1n);
      assert.equal(await modelRegistry.read.modelCount(), 2);
    });

    it("accepts the largest field element and reverts on zero and on the field modulus", async () => {
      const { modelRegistry, govern, call } = await networkHelpers.loadFixture(registeredFixture);
      for (const commitment of [0n, P, 2n ** 256n - 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          govern(call.registerModel(commitment)),
          modelRegistry,
          "ModelRegistryInvalidCommitment",
          [commitment],
        );
      }
      await govern(call.registerModel(P - 1n));
      assert.equal(await modelRegistry.read.isActive([P - 1n]), true);
    });

    it("reverts when the model is already registered, also after revocation", async () => {
      const { modelRegistry, govern, call } = await networkHelpers.loadFixture(registeredFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        govern(call.registerModel(MODEL)),
        modelRegistry,
        "ModelRegistryAlreadyRegistered",
        [MODEL, STATUS.Active],
      );
      await govern(call.revokeModel(MODEL));
      await viem.assertions.revertWithCustomErrorWithArgs(
        govern(call.registerModel(MODEL)),
        modelRegistry,
        "ModelRegistryAlreadyRegistered",
        [MODEL, STATUS.Revoked],
      );
    });

    it("reverts when the shape has no verifier", async () => {
      const { modelRegistry, govern, call } = await networkHelpers.loadFixture(registeredFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        govern(call.registerModel(MODEL + 1n, OTHER_SHAPE_ID)),
        modelRegistry,
        "ModelRegistryUnknownShape",
        [OTHER_SHAPE_ID],
      );
    });

    it("reverts without a model card URI or hash", async () => {
      const { modelRegistry, govern, call } = await networkHelpers.loadFixture(registeredFixture);
      const zeroHash = `0x${"00".repeat(32)}` as const;
      for (const [uri, hash] of [
        ["", CARD_HASH],
        [CARD_URI, zeroHash],
      ] as const) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          govern(call.registerModel(MODEL + 1n, SHAPE_ID, uri, hash)),
          modelRegistry,
          "ModelRegistryMissingModelCard",
          [MODEL + 1n],
        );
      }
    });
  });

  describe("revokeModel", () => {
    it("deactivates the model for good and emits ModelRevoked", async () => {
      const { modelRegistry, govern, call } = await networkHelpers.loadFixture(registeredFixture);
      await viem.assertions.emitWithArgs(
        govern(call.revokeModel(MODEL)),
        modelRegistry,
        "ModelRevoked",
        [MODEL, 1],
      );
      const model = await modelRegistry.read.modelOf([MODEL]);
      assert.equal(model.status, STATUS.Revoked);
      assert.equal(model.revokedAt, await latestTimestamp());
      assert.equal(await modelRegistry.read.isActive([MODEL]), false);
      assert.equal(await modelRegistry.read.isActiveId([1]), false);
      assert.deepEqual(await modelRegistry.read.activeVerifierOf([MODEL]), [0, zeroAddress]);
      // The audit trail keeps the id → commitment link.
      assert.equal(await modelRegistry.read.commitmentOf([1]), MODEL);
    });

    it("reverts when the model is not active", async () => {
      const { modelRegistry, govern, call } = await networkHelpers.loadFixture(registeredFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        govern(call.revokeModel(MODEL + 1n)),
        modelRegistry,
        "ModelRegistryNotActive",
        [MODEL + 1n, STATUS.None],
      );
      await govern(call.revokeModel(MODEL));
      await viem.assertions.revertWithCustomErrorWithArgs(
        govern(call.revokeModel(MODEL)),
        modelRegistry,
        "ModelRegistryNotActive",
        [MODEL, STATUS.Revoked],
      );
    });
  });

  describe("views of unknown entries", () => {
    it("reports nothing for an unknown model, shape or id", async () => {
      const { modelRegistry } = await networkHelpers.loadFixture(registeredFixture);
      assert.equal(await modelRegistry.read.isActive([MODEL + 1n]), false);
      assert.equal((await modelRegistry.read.modelOf([MODEL + 1n])).status, STATUS.None);
      assert.deepEqual(await modelRegistry.read.activeVerifierOf([MODEL + 1n]), [0, zeroAddress]);
      assert.equal(await modelRegistry.read.isActiveId([0]), false);
      assert.equal(await modelRegistry.read.isActiveId([2]), false);
      assert.equal(await modelRegistry.read.commitmentOf([2]), 0n);
    });
  });
});

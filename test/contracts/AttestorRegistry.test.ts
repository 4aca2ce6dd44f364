import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { network } from "hardhat";
import { encodeFunctionData, getAddress, zeroAddress, type Address, type Hex } from "viem";

import { deployCore, governed } from "../helpers/governance.js";

const connection = await network.create();
const { viem, networkHelpers } = connection;
const [deployer] = await viem.getWalletClients();
if (deployer === undefined) throw new Error("the tests need an account");
const publicClient = await viem.getPublicClient();

/** BN254 scalar field modulus: public signals live in [0, P). */
const P = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const KEY = 0x0badc0ffee0badc0ffee0badc0ffee0badc0ffee0badc0ffee0badc0ffeen;
const NEW_KEY = 0x0c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffeen;
const LABEL = "Acme credit data, key 2025-01";
const NEW_LABEL = "Acme credit data, key 2025-07";

const STATUS = { None: 0, Trusted: 1, Revoked: 2 } as const;

async function deployFixture() {
  const core = await deployCore(connection);
  const { attestorRegistry, timelock } = core;
  /** One governed call on the attestor registry. */
  const govern = (data: Hex) => governed(timelock, attestorRegistry.address, data, networkHelpers);
  const call = {
    trust: (keyHash: bigint, label = LABEL) =>
      encodeFunctionData({
        abi: attestorRegistry.abi,
        functionName: "trustAttestor",
        args: [keyHash, label],
      }),
    revoke: (keyHash: bigint) =>
      encodeFunctionData({
        abi: attestorRegistry.abi,
        functionName: "revokeAttestor",
        args: [keyHash],
      }),
    rotate: (oldKeyHash: bigint, newKeyHash: bigint, label = NEW_LABEL) =>
      encodeFunctionData({
        abi: attestorRegistry.abi,
        functionName: "rotateAttestor",
        args: [oldKeyHash, newKeyHash, label],
      }),
  };
  return { ...core, govern, call };
}

/** The deployment with KEY trusted. */
async function trustedFixture() {
  const fixture = await deployFixture();
  await fixture.govern(fixture.call.trust(KEY));
  return fixture;
}

async function latestTimestamp(): Promise<bigint> {
  return (await publicClient.getBlock()).timestamp;
}

describe("AttestorRegistry", () => {
  describe("roles", () => {
    it("gives the governor and admin roles to the timelock only", async () => {
      const { attestorRegistry, timelock } = await networkHelpers.loadFixture(deployFixture);
      const governor = await attestorRegistry.read.GOVERNOR_ROLE();
      const admin = await attestorRegistry.read.DEFAULT_ADMIN_ROLE();
      assert.equal(await attestorRegistry.read.hasRole([governor, timelock.address]), true);
      assert.equal(await attestorRegistry.read.hasRole([admin, timelock.address]), true);
      assert.equal(
        await attestorRegistry.read.hasRole([governor, deployer.account.address]),
        false,
      );
      assert.equal(await attestorRegistry.read.hasRole([admin, deployer.account.address]), false);
    });

    it("reverts when an account other than the timelock changes anything", async () => {
      const { attestorRegistry } = await networkHelpers.loadFixture(trustedFixture);
      const unauthorized: [Address, Hex] = [
        getAddress(deployer.account.address),
        await attestorRegistry.read.GOVERNOR_ROLE(),
      ];
      await viem.assertions.revertWithCustomErrorWithArgs(
        attestorRegistry.write.trustAttestor([NEW_KEY, LABEL]),
        attestorRegistry,
        "AccessControlUnauthorizedAccount",
        unauthorized,
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        attestorRegistry.write.revokeAttestor([KEY]),
        attestorRegistry,
        "AccessControlUnauthorizedAccount",
        unauthorized,
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        attestorRegistry.write.rotateAttestor([KEY, NEW_KEY, NEW_LABEL]),
        attestorRegistry,
        "AccessControlUnauthorizedAccount",
        unauthorized,
      );
    });

    it("reverts on a zero governor", async () => {
      const { attestorRegistry } = await networkHelpers.loadFixture(deployFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        viem.deployContract("AttestorRegistry", [zeroAddress]),
        attestorRegistry,
        "AttestorRegistryInvalidGovernor",
        [zeroAddress],
      );
    });
  });

  describe("trustAttestor", () => {
    it("trusts the key with its label and emits AttestorTrusted", async () => {
      const { attestorRegistry, govern, call } = await networkHelpers.loadFixture(deployFixture);
      assert.equal(await attestorRegistry.read.isTrusted([KEY]), false);
      await viem.assertions.emitWithArgs(
        govern(call.trust(KEY)),
        attestorRegistry,
        "AttestorTrusted",
        [KEY, 1, LABEL],
      );
      assert.equal(await attestorRegistry.read.isTrusted([KEY]), true);
      assert.deepEqual(await attestorRegistry.read.attestorOf([KEY]), {
        label: LABEL,
        status: STATUS.Trusted,
        id: 1,
        trustedAt: await latestTimestamp(),
        revokedAt: 0n,
      });
      assert.equal(await attestorRegistry.read.trustedIdOf([KEY]), 1);
      assert.equal(await attestorRegistry.read.isTrustedId([1]), true);
      assert.equal(await attestorRegistry.read.keyHashOf([1]), KEY);
      assert.equal(await attestorRegistry.read.attestorCount(), 1);
    });

    it("accepts the largest field element and reverts on zero and on the field modulus", async () => {
      const { attestorRegistry, govern, call } = await networkHelpers.loadFixture(deployFixture);
      for (const keyHash of [0n, P, 2n ** 256n - 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          govern(call.trust(keyHash)),
          attestorRegistry,
          "AttestorRegistryInvalidKeyHash",
          [keyHash],
        );
      }
      await govern(call.trust(P - 1n));
      assert.equal(await attestorRegistry.read.isTrusted([P - 1n]), true);
    });

    it("reverts when the key is already registered, also after revocation", async () => {
      const { attestorRegistry, govern, call } = await networkHelpers.loadFixture(trustedFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        govern(call.trust(KEY)),
        attestorRegistry,
        "AttestorRegistryAlreadyRegistered",
        [KEY, STATUS.Trusted],
      );
      await govern(call.revoke(KEY));
      await viem.assertions.revertWithCustomErrorWithArgs(
        govern(call.trust(KEY)),
        attestorRegistry,
        "AttestorRegistryAlreadyRegistered",
        [KEY, STATUS.Revoked],
      );
    });

    it("reverts without a label", async () => {
      const { attestorRegistry, govern, call } = await networkHelpers.loadFixture(deployFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        govern(call.trust(KEY, "")),
        attestorRegistry,
        "AttestorRegistryEmptyLabel",
        [KEY],
      );
    });
  });

  describe("revokeAttestor", () => {
    it("withdraws the key for good and emits AttestorRevoked", async () => {
      const { attestorRegistry, govern, call } = await networkHelpers.loadFixture(trustedFixture);
      await viem.assertions.emitWithArgs(
        govern(call.revoke(KEY)),
        attestorRegistry,
        "AttestorRevoked",
        [KEY, 1],
      );
      const attestor = await attestorRegistry.read.attestorOf([KEY]);
      assert.equal(attestor.status, STATUS.Revoked);
      assert.equal(attestor.revokedAt, await latestTimestamp());
      assert.equal(await attestorRegistry.read.isTrusted([KEY]), false);
      assert.equal(await attestorRegistry.read.trustedIdOf([KEY]), 0);
      assert.equal(await attestorRegistry.read.isTrustedId([1]), false);
      assert.equal(await attestorRegistry.read.keyHashOf([1]), KEY);
    });

    it("reverts when the key is not trusted", async () => {
      const { attestorRegistry, govern, call } = await networkHelpers.loadFixture(trustedFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        govern(call.revoke(NEW_KEY)),
        attestorRegistry,
        "AttestorRegistryNotTrusted",
        [NEW_KEY, STATUS.None],
      );
      await govern(call.revoke(KEY));
      await viem.assertions.revertWithCustomErrorWithArgs(
        govern(call.revoke(KEY)),
        attestorRegistry,
        "AttestorRegistryNotTrusted",
        [KEY, STATUS.Revoked],
      );
    });
  });

  describe("rotateAttestor", () => {
    it("revokes the old key and trusts the new one in one operation, with both events", async () => {
      const { attestorRegistry, govern, call } = await networkHelpers.loadFixture(trustedFixture);
      const rotation = await govern(call.rotate(KEY, NEW_KEY));
      await viem.assertions.emitWithArgs(rotation, attestorRegistry, "AttestorRevoked", [KEY, 1]);
      await viem.assertions.emitWithArgs(rotation, attestorRegistry, "AttestorTrusted", [
        NEW_KEY,
        2,
        NEW_LABEL,
      ]);
      assert.equal(await attestorRegistry.read.isTrusted([KEY]), false);
      assert.equal(await attestorRegistry.read.isTrusted([NEW_KEY]), true);
      assert.equal(await attestorRegistry.read.trustedIdOf([NEW_KEY]), 2);
      assert.equal(await attestorRegistry.read.attestorCount(), 2);
    });

    it("reverts when the old key is not trusted", async () => {
      const { attestorRegistry, govern, call } = await networkHelpers.loadFixture(deployFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        govern(call.rotate(KEY, NEW_KEY)),
        attestorRegistry,
        "AttestorRegistryNotTrusted",
        [KEY, STATUS.None],
      );
    });

    it("reverts when rotating a key onto itself, leaving it trusted", async () => {
      const { attestorRegistry, govern, call } = await networkHelpers.loadFixture(trustedFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        govern(call.rotate(KEY, KEY)),
        attestorRegistry,
        "AttestorRegistryAlreadyRegistered",
        [KEY, STATUS.Revoked],
      );
      assert.equal(await attestorRegistry.read.isTrusted([KEY]), true);
    });

    it("reverts when the new key is invalid or unlabelled, leaving the old key trusted", async () => {
      const { attestorRegistry, govern, call } = await networkHelpers.loadFixture(trustedFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        govern(call.rotate(KEY, P)),
        attestorRegistry,
        "AttestorRegistryInvalidKeyHash",
        [P],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        govern(call.rotate(KEY, NEW_KEY, "")),
        attestorRegistry,
        "AttestorRegistryEmptyLabel",
        [NEW_KEY],
      );
      assert.equal(await attestorRegistry.read.isTrusted([KEY]), true);
    });
  });
});

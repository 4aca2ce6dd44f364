import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { network } from "hardhat";
import { encodeFunctionData, getAddress, keccak256, pad, toHex, zeroAddress } from "viem";

import CoreModule from "../../ignition/modules/Core.js";
import {
  deployCore,
  execute,
  governed,
  schedule,
  TEST_MIN_DELAY,
  type ScheduledOperation,
  type Timelock,
} from "../helpers/governance.js";

const connection = await network.create();
const { viem, ignition, networkHelpers } = connection;
const [proposer, stranger, guardian] = await viem.getWalletClients();
if (proposer === undefined || stranger === undefined || guardian === undefined)
  throw new Error("the tests need 3 accounts");

const SHAPE_ID = keccak256(toHex("mlp-19-16-8-1"));
const MODEL = 0x1f2e3d4c5b6a79880123456789abcdef0123456789abcdef0123456789abcdefn;
const DAY = 24n * 3600n;
// OpenZeppelin's TimelockController state bitmap for "Ready" (1 << OperationState.Ready).
const READY_STATE = pad(toHex(1n << 2n));

async function deployFixture() {
  const core = await deployCore(connection);
  const { modelRegistry, mockVerifier } = core;
  // The first governance step of every deployment: give the shape its verifier.
  const setShapeVerifier = {
    target: modelRegistry.address,
    data: encodeFunctionData({
      abi: modelRegistry.abi,
      functionName: "setShapeVerifier",
      args: [SHAPE_ID, mockVerifier.address],
    }),
  };
  return { ...core, setShapeVerifier };
}

function operationId(timelock: Timelock, operation: ScheduledOperation) {
  return timelock.read.hashOperationBatch([
    operation.targets,
    operation.values,
    operation.payloads,
    operation.predecessor,
    operation.salt,
  ]);
}

describe("Governance (Core deployment)", () => {
  describe("roles after deployment", () => {
    it("makes the timelock its own only admin, with the configured proposer and open execution", async () => {
      const { timelock } = await networkHelpers.loadFixture(deployFixture);
      const admin = await timelock.read.DEFAULT_ADMIN_ROLE();
      const proposerRole = await timelock.read.PROPOSER_ROLE();
      const cancellerRole = await timelock.read.CANCELLER_ROLE();
      const executorRole = await timelock.read.EXECUTOR_ROLE();
      assert.equal(await timelock.read.getMinDelay(), TEST_MIN_DELAY);
      assert.equal(await timelock.read.hasRole([admin, timelock.address]), true);
      assert.equal(await timelock.read.hasRole([admin, proposer.account.address]), false);
      assert.equal(await timelock.read.hasRole([proposerRole, proposer.account.address]), true);
      assert.equal(await timelock.read.hasRole([cancellerRole, proposer.account.address]), true);
      assert.equal(await timelock.read.hasRole([proposerRole, stranger.account.address]), false);
      // The zero address holding EXECUTOR_ROLE means anyone may execute a ready operation.
      assert.equal(await timelock.read.hasRole([executorRole, zeroAddress]), true);
    });

    it("puts every registry under the timelock and gives the deployer nothing", async () => {
      const { timelock, modelRegistry, attestorRegistry, scoreRegistry } =
        await networkHelpers.loadFixture(deployFixture);
      for (const registry of [modelRegistry, attestorRegistry, scoreRegistry]) {
        for (const role of [
          await registry.read.DEFAULT_ADMIN_ROLE(),
          await registry.read.GOVERNOR_ROLE(),
        ]) {
          assert.equal(await registry.read.hasRole([role, timelock.address]), true);
          assert.equal(await registry.read.hasRole([role, proposer.account.address]), false);
        }
      }
      const pauser = await scoreRegistry.read.PAUSER_ROLE();
      assert.equal(await scoreRegistry.read.hasRole([pauser, guardian.account.address]), true);
      assert.equal(await scoreRegistry.read.hasRole([pauser, timelock.address]), true);
      assert.equal(await scoreRegistry.read.hasRole([pauser, proposer.account.address]), false);
    });

    it("wires the score registry to the deployed registries and exposes the given verifier", async () => {
      const { modelRegistry, attestorRegistry, scoreRegistry, verifier, mockVerifier } =
        await networkHelpers.loadFixture(deployFixture);
      assert.equal(await scoreRegistry.read.modelRegistry(), getAddress(modelRegistry.address));
      assert.equal(
        await scoreRegistry.read.attestorRegistry(),
        getAddress(attestorRegistry.address),
      );
      assert.equal(getAddress(verifier.address), getAddress(mockVerifier.address));
    });

    it("deploys with production defaults when only proposers and the verifier are given", async () => {
      const { mockVerifier } = await networkHelpers.loadFixture(deployFixture);
      const core = await ignition.deploy(CoreModule, {
        parameters: {
          Core: { proposers: [proposer.account.address], verifier: mockVerifier.address },
        },
      });
      assert.equal(await core.timelock.read.getMinDelay(), 2n * DAY);
      assert.equal(await core.scoreRegistry.read.freshnessWindow(), DAY);
      assert.equal(await core.scoreRegistry.read.scoreValidity(), 30n * DAY);
      const pauser = await core.scoreRegistry.read.PAUSER_ROLE();
      assert.equal(
        await core.scoreRegistry.read.hasRole([pauser, guardian.account.address]),
        false,
      );
    });
  });

  describe("the timelock delay", () => {
    it("changes nothing until the delay has passed", async () => {
      const { timelock, modelRegistry, mockVerifier, setShapeVerifier } =
        await networkHelpers.loadFixture(deployFixture);
      const operation = await schedule(timelock, [setShapeVerifier]);
      const id = await operationId(timelock, operation);
      const readyAt = await timelock.read.getTimestamp([id]);

      await viem.assertions.revertWithCustomErrorWithArgs(
        execute(timelock, operation),
        timelock,
        "TimelockUnexpectedOperationState",
        [id, READY_STATE],
      );
      await networkHelpers.time.setNextBlockTimestamp(readyAt - 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        execute(timelock, operation),
        timelock,
        "TimelockUnexpectedOperationState",
        [id, READY_STATE],
      );
      assert.equal(await modelRegistry.read.verifierFor([SHAPE_ID]), zeroAddress);

      await networkHelpers.time.setNextBlockTimestamp(readyAt);
      await viem.assertions.emitWithArgs(
        execute(timelock, operation),
        modelRegistry,
        "ShapeVerifierSet",
        [SHAPE_ID, getAddress(mockVerifier.address), zeroAddress],
      );
      assert.equal(await timelock.read.isOperationDone([id]), true);
    });

    it("reverts when the operation is scheduled with less than the minimum delay", async () => {
      const { timelock, setShapeVerifier } = await networkHelpers.loadFixture(deployFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        timelock.write.schedule([
          setShapeVerifier.target,
          0n,
          setShapeVerifier.data,
          pad("0x00"),
          pad("0x01"),
          TEST_MIN_DELAY - 1n,
        ]),
        timelock,
        "TimelockInsufficientDelay",
        [TEST_MIN_DELAY - 1n, TEST_MIN_DELAY],
      );
    });

    it("lets anyone execute a ready operation but only proposers schedule", async () => {
      const { timelock, modelRegistry, mockVerifier, setShapeVerifier } =
        await networkHelpers.loadFixture(deployFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        timelock.write.schedule(
          [
            setShapeVerifier.target,
            0n,
            setShapeVerifier.data,
            pad("0x00"),
            pad("0x01"),
            TEST_MIN_DELAY,
          ],
          { account: stranger.account },
        ),
        timelock,
        "AccessControlUnauthorizedAccount",
        [getAddress(stranger.account.address), await timelock.read.PROPOSER_ROLE()],
      );

      const operation = await schedule(timelock, [setShapeVerifier]);
      await networkHelpers.time.increase(TEST_MIN_DELAY);
      await timelock.write.executeBatch(
        [
          operation.targets,
          operation.values,
          operation.payloads,
          operation.predecessor,
          operation.salt,
        ],
        { account: stranger.account },
      );
      assert.equal(
        await modelRegistry.read.verifierFor([SHAPE_ID]),
        getAddress(mockVerifier.address),
      );
    });

    it("never executes a cancelled operation", async () => {
      const { timelock, modelRegistry, setShapeVerifier } =
        await networkHelpers.loadFixture(deployFixture);
      const operation = await schedule(timelock, [setShapeVerifier]);
      const id = await operationId(timelock, operation);
      await viem.assertions.emitWithArgs(timelock.write.cancel([id]), timelock, "Cancelled", [id]);
      await networkHelpers.time.increase(TEST_MIN_DELAY);
      await viem.assertions.revertWithCustomErrorWithArgs(
        execute(timelock, operation),
        timelock,
        "TimelockUnexpectedOperationState",
        [id, READY_STATE],
      );
      assert.equal(await modelRegistry.read.verifierFor([SHAPE_ID]), zeroAddress);
    });

    it("changes its own delay only through a timelocked operation", async () => {
      const { timelock } = await networkHelpers.loadFixture(deployFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        timelock.write.updateDelay([1n]),
        timelock,
        "TimelockUnauthorizedCaller",
        [getAddress(proposer.account.address)],
      );
      const updateDelay = encodeFunctionData({
        abi: timelock.abi,
        functionName: "updateDelay",
        args: [DAY],
      });
      await viem.assertions.emitWithArgs(
        governed(timelock, timelock.address, updateDelay, networkHelpers),
        timelock,
        "MinDelayChange",
        [TEST_MIN_DELAY, DAY],
      );
      assert.equal(await timelock.read.getMinDelay(), DAY);
    });
  });

  describe("a model's path to approval", () => {
    it("sets the shape's verifier and registers its model in one timelocked operation", async () => {
      const { timelock, modelRegistry, mockVerifier, setShapeVerifier } =
        await networkHelpers.loadFixture(deployFixture);
      const cardHash = keccak256(toHex("model card"));
      const registerModel = {
        target: modelRegistry.address,
        data: encodeFunctionData({
          abi: modelRegistry.abi,
          functionName: "registerModel",
          args: [MODEL, SHAPE_ID, "ipfs://model-card", cardHash],
        }),
      };
      // Batched so the model is approved the moment its shape can be verified, never half-way.
      const operation = await schedule(timelock, [setShapeVerifier, registerModel]);
      await networkHelpers.time.increase(TEST_MIN_DELAY);
      assert.equal(await modelRegistry.read.isActive([MODEL]), false);

      const execution = await execute(timelock, operation);
      await viem.assertions.emitWithArgs(execution, modelRegistry, "ShapeVerifierSet", [
        SHAPE_ID,
        getAddress(mockVerifier.address),
        zeroAddress,
      ]);
      await viem.assertions.emitWithArgs(execution, modelRegistry, "ModelRegistered", [
        MODEL,
        SHAPE_ID,
        1,
        "ipfs://model-card",
        cardHash,
      ]);
      assert.equal(await modelRegistry.read.isActive([MODEL]), true);
    });

    it("hands the governor role over to a new governor only through the timelock", async () => {
      const { timelock, modelRegistry } = await networkHelpers.loadFixture(deployFixture);
      const role = await modelRegistry.read.GOVERNOR_ROLE();
      const successor = getAddress(guardian.account.address);
      await viem.assertions.revertWithCustomErrorWithArgs(
        modelRegistry.write.grantRole([role, successor]),
        modelRegistry,
        "AccessControlUnauthorizedAccount",
        [getAddress(proposer.account.address), await modelRegistry.read.DEFAULT_ADMIN_ROLE()],
      );
      await viem.assertions.emitWithArgs(
        governed(
          timelock,
          modelRegistry.address,
          encodeFunctionData({
            abi: modelRegistry.abi,
            functionName: "grantRole",
            args: [role, successor],
          }),
          networkHelpers,
        ),
        modelRegistry,
        "RoleGranted",
        [role, successor, getAddress(timelock.address)],
      );
      assert.equal(await modelRegistry.read.hasRole([role, successor]), true);
    });
  });
});

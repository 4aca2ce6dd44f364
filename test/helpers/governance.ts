/**
 * Governance through the TimelockController, the way production does it: every registry change
 * is scheduled, waits the timelock's minimum delay, then executes. Tests use these helpers (and
 * the Core Ignition module as their fixture), so they exercise the deployed governance path.
 */
import type { ContractReturnType } from "@nomicfoundation/hardhat-viem/types";
import type { NetworkConnection } from "hardhat/types/network";
import { toHex, zeroHash, type Address, type Hash, type Hex } from "viem";
import CoreModule from "../../ignition/modules/Core.js";

/** The timelock delay of the test deployment, in seconds. */
export const TEST_MIN_DELAY = 3600n;
/** The freshness window of the test deployment, in seconds. */
export const TEST_FRESHNESS_WINDOW = 3600n;
/** The score validity of the test deployment, in seconds. */
export const TEST_SCORE_VALIDITY = 30n * 24n * 3600n;

/** The deployed GovernanceTimelock (OpenZeppelin TimelockController). */
export type Timelock = ContractReturnType<"GovernanceTimelock">;

/** One call the timelock makes on governance's behalf. */
export interface GovernanceCall {
  target: Address;
  data: Hex;
  /** Wei sent with the call; none by default. */
  value?: bigint;
}

/** A scheduled timelock operation: exactly what `executeBatch` needs to run it. */
export interface ScheduledOperation {
  targets: Address[];
  values: bigint[];
  payloads: Hex[];
  predecessor: Hex;
  salt: Hex;
}

/** Moves the chain's clock forward; a Hardhat connection's `networkHelpers` fits. */
export interface ChainClock {
  time: { increase(seconds: bigint): Promise<unknown> };
}

/**
 * Schedules calls as one timelock operation with the timelock's minimum delay, from the
 * connection's default account (which must hold PROPOSER_ROLE).
 */
export async function schedule(
  timelock: Timelock,
  calls: readonly GovernanceCall[],
): Promise<ScheduledOperation> {
  if (calls.length === 0)
    throw new Error("schedule: a governance operation needs at least one call");
  const operation: ScheduledOperation = {
    targets: calls.map((call) => call.target),
    values: calls.map((call) => call.value ?? 0n),
    payloads: calls.map((call) => call.data),
    predecessor: zeroHash,
    // A fresh salt per operation, so the same change can be governed twice on one chain.
    salt: toHex(crypto.getRandomValues(new Uint8Array(32))),
  };
  const delay = await timelock.read.getMinDelay();
  await timelock.write.scheduleBatch([
    operation.targets,
    operation.values,
    operation.payloads,
    operation.predecessor,
    operation.salt,
    delay,
  ]);
  return operation;
}

/** Executes a scheduled operation; reverts unless its delay has passed. */
export async function execute(timelock: Timelock, operation: ScheduledOperation): Promise<Hash> {
  return timelock.write.executeBatch([
    operation.targets,
    operation.values,
    operation.payloads,
    operation.predecessor,
    operation.salt,
  ]);
}

/** Schedules calls as one operation, lets the minimum delay pass, executes; returns the execution tx. */
export async function governedBatch(
  timelock: Timelock,
  calls: readonly GovernanceCall[],
  clock: ChainClock,
): Promise<Hash> {
  const operation = await schedule(timelock, calls);
  await clock.time.increase(await timelock.read.getMinDelay());
  return execute(timelock, operation);
}

/** One governed call: schedule → wait the minimum delay → execute; returns the execution tx. */
export async function governed(
  timelock: Timelock,
  target: Address,
  calldata: Hex,
  clock: ChainClock,
): Promise<Hash> {
  return governedBatch(timelock, [{ target, data: calldata }], clock);
}

/**
 * The contract tests' fixture: the Core Ignition module exactly as production deploys it, with a
 * MockScoreVerifier (answer configurable) standing in for the shape's generated verifier.
 * Wallet 0 is the timelock's proposer, wallet 2 the pause guardian; anyone may execute.
 */
export async function deployCore(connection: NetworkConnection) {
  const { viem, ignition } = connection;
  const [proposer, , guardian] = await viem.getWalletClients();
  if (proposer === undefined || guardian === undefined)
    throw new Error("deployCore: the network needs at least 3 accounts");
  const mockVerifier = await viem.deployContract("MockScoreVerifier", [true]);
  const core = await ignition.deploy(CoreModule, {
    parameters: {
      Core: {
        minDelay: TEST_MIN_DELAY,
        proposers: [proposer.account.address],
        pauser: guardian.account.address,
        freshnessWindow: TEST_FRESHNESS_WINDOW,
        scoreValidity: TEST_SCORE_VALIDITY,
        verifier: mockVerifier.address,
      },
    },
  });
  return { ...core, mockVerifier };
}

/**
 * Governance through the TimelockController, the way production does it: every registry change
 * is scheduled, waits the timelock's minimum delay, then executes. Tests use these helpers (and
 * the Core Ignition module as their fixture), so they exercise the deployed governance path; the
 * schedule/execute steps are the scripts' own (scripts/lib/governance.ts), exported apart so a
 * test can act between them.
 */
import type { NetworkConnection } from "hardhat/types/network";
import type { Address, Hash, Hex } from "viem";
import CoreModule from "../../ignition/modules/Core.js";
import {
  execute,
  schedule,
  type GovernanceCall,
  type ScheduledOperation,
  type Timelock,
} from "../../scripts/lib/governance.js";

/** The timelock delay of the test deployment, in seconds. */
export const TEST_MIN_DELAY = 3600n;
/** The freshness window of the test deployment, in seconds. */
export const TEST_FRESHNESS_WINDOW = 3600n;
/** The score validity of the test deployment, in seconds. */
export const TEST_SCORE_VALIDITY = 30n * 24n * 3600n;

export type { GovernanceCall, ScheduledOperation, Timelock };
export { execute, schedule };

/** Moves the chain's clock forward; a Hardhat connection's `networkHelpers` fits. */
export interface ChainClock {
  time: { increase(seconds: bigint): Promise<unknown> };
}

/** Schedules calls as one operation, lets the minimum delay pass, executes; returns the execution tx. */
export async function governedBatch(
  timelock: Timelock,
  calls: readonly GovernanceCall[],
  clock: ChainClock,
): Promise<Hash> {
  const operation = await schedule(timelock, calls);
  await clock.time.increase(operation.delay);
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

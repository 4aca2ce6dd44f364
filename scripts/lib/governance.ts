/**
 * Governance the way production does it: every registry change is a TimelockController operation,
 * scheduled in public, executable only after the timelock's minimum delay. On a local chain the
 * scripts move the clock past the delay (time travel); on any other chain they wait for a short
 * delay, or stop and say when and how to execute a long one.
 */
import type { NetworkConnection } from "hardhat/types/network";
import {
  encodeFunctionData,
  toHex,
  zeroHash,
  type Abi,
  type Address,
  type Hash,
  type Hex,
} from "viem";
import type { ZkCredit } from "../../ignition/modules/ZkCredit.js";
import { isLocalChain, refreshLocalPrice } from "./chain.js";

/** One call the timelock makes on governance's behalf. */
export interface GovernanceCall {
  target: Address;
  data: Hex;
  /** Wei sent with the call; none by default. */
  value?: bigint;
  /** What it does, for the log. */
  label?: string;
}

/** The deployed GovernanceTimelock (OpenZeppelin TimelockController). */
export type Timelock = ZkCredit["timelock"];

/** A scheduled timelock operation: exactly what `executeBatch` needs to run it. */
export interface ScheduledOperation {
  targets: Address[];
  values: bigint[];
  payloads: Hex[];
  predecessor: Hex;
  salt: Hex;
  /** The delay it was scheduled with (the timelock's minimum), seconds. */
  delay: bigint;
  /** The scheduling transaction. */
  scheduleTx: Hash;
}

/**
 * Schedules calls as one timelock operation with the timelock's minimum delay, from the
 * connection's default account (which must hold PROPOSER_ROLE).
 */
export async function schedule(
  timelock: Timelock,
  calls: readonly GovernanceCall[],
): Promise<ScheduledOperation> {
  if (calls.length === 0) throw new Error("a governance operation needs at least one call");
  const targets = calls.map((c) => c.target);
  const values = calls.map((c) => c.value ?? 0n);
  const payloads = calls.map((c) => c.data);
  // A fresh salt per operation, so the same change can be governed twice on one chain.
  const salt = toHex(crypto.getRandomValues(new Uint8Array(32)));
  const delay = await timelock.read.getMinDelay();
  const scheduleTx = await timelock.write.scheduleBatch([
    targets,
    values,
    payloads,
    zeroHash,
    salt,
    delay,
  ]);
  return { targets, values, payloads, predecessor: zeroHash, salt, delay, scheduleTx };
}

/** Executes a scheduled operation; reverts unless its delay has passed. */
export async function execute(timelock: Timelock, op: ScheduledOperation): Promise<Hash> {
  return timelock.write.executeBatch([op.targets, op.values, op.payloads, op.predecessor, op.salt]);
}

/** Builds a call from an ABI, a function name and its arguments. */
export function governanceCall(
  label: string,
  contract: { address: Address; abi: Abi },
  functionName: string,
  args: readonly unknown[],
): GovernanceCall {
  return {
    label,
    target: contract.address,
    data: encodeFunctionData({ abi: contract.abi, functionName, args }),
  };
}

/** Longest delay a script waits for in real time on a non-local chain. */
const MAX_REAL_WAIT_SECONDS = 600n;

/**
 * Schedules `calls` as one timelock batch from the connection's first account (a proposer),
 * gets past the delay (time travel on local chains) and executes it. Returns the execution tx.
 */
export async function governed(
  connection: NetworkConnection,
  zk: Pick<ZkCredit, "timelock" | "priceFeed">,
  calls: readonly GovernanceCall[],
  log: (line: string) => void = () => {},
): Promise<Hash> {
  const { timelock } = zk;
  const publicClient = await connection.viem.getPublicClient();
  const op = await schedule(timelock, calls);
  await publicClient.waitForTransactionReceipt({ hash: op.scheduleTx });
  const { delay, salt } = op;
  const id = await timelock.read.hashOperationBatch([
    op.targets,
    op.values,
    op.payloads,
    op.predecessor,
    salt,
  ]);
  const name = (c: GovernanceCall) => c.label ?? `call to ${c.target}`;
  for (const c of calls) log(`  scheduled  ${name(c)}`);
  log(`  timelock operation ${id.slice(0, 18)}…, ready in ${delay} s`);

  if (await isLocalChain(connection)) {
    await connection.networkHelpers.time.increase(delay);
    // A live feed would have posted prices meanwhile; the local mock must be told to.
    await refreshLocalPrice(connection, zk.priceFeed);
    log(`  time travel +${delay} s (local chain)`);
  } else if (delay <= MAX_REAL_WAIT_SECONDS) {
    log(`  waiting ${delay} s for the timelock delay`);
    while (!(await timelock.read.isOperationReady([id]))) {
      await new Promise((r) => setTimeout(r, 5000));
    }
  } else {
    throw new Error(
      `timelock operation ${id} is scheduled; execute it after ${delay} s with TimelockController.executeBatch (salt ${salt})`,
    );
  }
  const executeTx = await execute(timelock, op);
  const receipt = await publicClient.waitForTransactionReceipt({ hash: executeTx });
  if (receipt.status !== "success") throw new Error(`timelock execution ${executeTx} reverted`);
  for (const c of calls) log(`  executed   ${name(c)}`);
  return executeTx;
}

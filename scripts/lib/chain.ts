/**
 * What the scripts need to know about the chain they run on: whether it is a local development
 * chain (where time travel and mock prices are allowed), and keeping the local feed fresh.
 */
import type { NetworkConnection } from "hardhat/types/network";
import { LOCAL_COLLATERAL_PRICE, type ZkCredit } from "../../ignition/modules/ZkCredit.js";

/** Hardhat's (and anvil's) chain id: the only chain the scripts move the clock on. */
export const LOCAL_CHAIN_ID = 31337;

/** Whether the connection is Hardhat's in-process chain or a local node (`npx hardhat node`). */
export async function isLocalChain(connection: NetworkConnection): Promise<boolean> {
  if (connection.networkConfig.type === "edr-simulated") return true;
  const publicClient = await connection.viem.getPublicClient();
  return (await publicClient.getChainId()) === LOCAL_CHAIN_ID;
}

/** Whether the chain lives only in this process (nothing persists after the script). */
export function isEphemeral(connection: NetworkConnection): boolean {
  return connection.networkConfig.type === "edr-simulated";
}

/**
 * Posts the local collateral price again "now". The pool rejects prices older than its heartbeat
 * (1 hour), so after every time jump on a local chain the mock feed must be updated, as a live
 * Chainlink feed would have been.
 */
export async function refreshLocalPrice(
  connection: NetworkConnection,
  priceFeed: ZkCredit["priceFeed"],
  price: bigint = LOCAL_COLLATERAL_PRICE,
): Promise<void> {
  if (!(await isLocalChain(connection))) return;
  const publicClient = await connection.viem.getPublicClient();
  await publicClient.waitForTransactionReceipt({ hash: await priceFeed.write.setPrice([price]) });
}

/** Moves a local chain's clock forward and refreshes the mock price. Refuses on other chains. */
export async function timeTravel(
  connection: NetworkConnection,
  priceFeed: ZkCredit["priceFeed"],
  seconds: bigint,
): Promise<void> {
  if (!(await isLocalChain(connection))) {
    throw new Error(`time travel is only possible on a local chain (chain id ${LOCAL_CHAIN_ID})`);
  }
  await connection.networkHelpers.time.increase(seconds);
  await refreshLocalPrice(connection, priceFeed);
}

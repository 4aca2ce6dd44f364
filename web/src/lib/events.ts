/**
 * Event history of a deployed contract, read in block ranges from the deployment block to the
 * latest block: real nodes cap eth_getLogs ranges, so one unbounded query would work only locally.
 */
import type {
  Address,
  ContractEventArgs,
  ContractEventName,
  GetContractEventsReturnType,
  PublicClient,
} from "viem";
import { contract, deploymentBlock, type ContractName, type DeployedContract } from "./contracts";

/** Blocks per eth_getLogs query (public RPCs commonly accept 10k). */
const RANGE = 10_000n;

type AbiOf<N extends ContractName> = DeployedContract<N>["abi"];

/** Every `eventName` log of contract `name` matching the indexed `args`, oldest first. */
export async function contractEvents<N extends ContractName, E extends ContractEventName<AbiOf<N>>>(
  client: PublicClient,
  name: N,
  eventName: E,
  args?: ContractEventArgs<AbiOf<N>, E>,
): Promise<GetContractEventsReturnType<AbiOf<N>, E, true>> {
  const { address, abi } = contract(name) as { address: Address; abi: AbiOf<N> };
  const latest = await client.getBlockNumber();
  const logs: GetContractEventsReturnType<AbiOf<N>, E, true> = [];
  for (let from = deploymentBlock(name); from <= latest; from += RANGE) {
    const to = from + RANGE - 1n < latest ? from + RANGE - 1n : latest;
    const page = await client.getContractEvents({
      address,
      abi,
      eventName,
      args,
      fromBlock: from,
      toBlock: to,
      strict: true,
    });
    logs.push(...(page as GetContractEventsReturnType<AbiOf<N>, E, true>));
  }
  return logs;
}

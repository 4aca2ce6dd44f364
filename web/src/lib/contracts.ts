/**
 * Contracts by NAME from the generated deployments file (deploy script output): the app never
 * holds an address or an ABI of its own. `contract("LendingPool")` is typed from the file, so
 * wagmi infers function names, arguments and results.
 */
import type { Abi, Address } from "viem";
import { deployedContracts } from "../../../deployments/deployedContracts";
import { CHAIN_ID } from "./env";

type Deployed = typeof deployedContracts;
type ChainContracts = Deployed[keyof Deployed];

/** A contract name in the deployments file (ScoreRegistry, LendingPool, …). */
export type ContractName = keyof ChainContracts & string;

/** Address and ABI of one deployed contract. */
export type DeployedContract<N extends ContractName> = ChainContracts[N];

const onChain = (deployedContracts as Record<number, ChainContracts | undefined>)[CHAIN_ID];

/** Whether deployments/deployedContracts.ts has contracts for the configured chain. */
export const hasDeployment: boolean = onChain !== undefined;

/**
 * The deployed contract called `name` on the configured chain. Throws, naming the chain and the
 * file, when the deploy script has not written it (the UI shows that message).
 */
export function contract<N extends ContractName>(name: N): DeployedContract<N> {
  const c = onChain?.[name];
  if (!c) {
    throw new Error(
      `deployments/deployedContracts.ts has no ${name} for chain ${CHAIN_ID}: run the deploy script (scripts/deploy.ts) against this chain and rebuild the web app`,
    );
  }
  return c;
}

/** Every ABI in the deployments file, for decoding errors raised by nested calls (tokens, verifier). */
export const allAbis: readonly Abi[] = onChain
  ? Object.values(onChain as Record<string, { abi: Abi }>).map((c) => c.abi)
  : [];

/** Name of the deployed contract at `address`, if any (used to label calls in the audit trail). */
export function contractNameAt(address: Address | null | undefined): ContractName | undefined {
  if (!onChain || !address) return undefined;
  const lower = address.toLowerCase();
  return (Object.keys(onChain) as ContractName[]).find(
    (n) => (onChain[n] as { address: string }).address.toLowerCase() === lower,
  );
}

/**
 * Block to start log queries from: the deployment block when the file records one, else genesis
 * (a local chain is short; a real deployment should record its block).
 */
export function deploymentBlock(name: ContractName): bigint {
  const c = onChain?.[name] as
    { deployedOnBlock?: number | bigint; blockNumber?: number | bigint } | undefined;
  const block = c?.deployedOnBlock ?? c?.blockNumber;
  return block === undefined ? 0n : BigInt(block);
}

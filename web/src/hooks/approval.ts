/**
 * Pool calls that pull tokens (deposit collateral, repay, vault deposit): preceded by an ERC-20
 * approval when the current allowance does not cover them. Approves exactly what is needed (not
 * unlimited): a web page should not leave standing allowances.
 */
import type { Address } from "viem";
import { readContract } from "wagmi/actions";
import type { Config } from "wagmi";
import { contract } from "@/lib/contracts";
import { CHAIN_ID } from "@/lib/env";
import { prepareCall, type ContractCall, type TxSequence } from "./useTxSequence";

async function approvalStep(
  config: Config,
  token: "StableToken" | "CollateralToken",
  symbol: string,
  owner: Address,
  amount: bigint,
): Promise<{ label: string; call: ContractCall }[]> {
  const spender = contract("LendingPool").address;
  const allowance = await readContract(config, {
    ...contract(token),
    functionName: "allowance",
    args: [owner, spender],
    chainId: CHAIN_ID,
  });
  if (allowance >= amount) return [];
  return [
    {
      label: `Approve the pool to take ${symbol}`,
      call: prepareCall(token, "approve", [spender, amount]),
    },
  ];
}

/**
 * Runs `step` on `tx`, after an approval of `needed` base units of `token` to the pool if the
 * allowance is short. Failing to read the allowance shows on `tx` like any other failure.
 */
export async function runWithApproval(
  config: Config,
  tx: TxSequence,
  owner: Address,
  token: { name: "StableToken" | "CollateralToken"; symbol: string },
  needed: bigint,
  step: { label: string; call: ContractCall },
): Promise<boolean> {
  let approve: { label: string; call: ContractCall }[];
  try {
    approve = await approvalStep(config, token.name, token.symbol, owner, needed);
  } catch (e) {
    tx.fail(`Read your ${token.symbol} allowance`, e);
    return false;
  }
  return tx.run([...approve, step]);
}

"use client";
/**
 * Repays the connected borrower's debt: approve the stable asset if needed, then
 * LendingPool.repay(borrower, amount) (interest first, then principal).
 */
import { useConfig, useConnection } from "wagmi";
import { maxUint256 } from "viem";
import type { Tokens } from "./useTokens";
import { runWithApproval } from "./approval";
import { prepareCall, useTxSequence, type TxAction } from "./useTxSequence";

/**
 * Interest accrues every second between reading the debt and mining the repayment; "repay all"
 * approves 0.1% more than the debt read (the pool pulls only what is owed) and passes
 * type(uint256).max, which the pool caps at the debt.
 */
const REPAY_ALL_BUFFER_DIVISOR = 1000n;

export function useRepay(
  tokens: Tokens | undefined,
): TxAction & { repayAll: (debt: bigint) => Promise<boolean> } {
  const config = useConfig();
  const { address } = useConnection();
  const tx = useTxSequence({ ...tokens, token: tokens?.asset });
  const repay = async (approveAmount: bigint, amount: bigint) => {
    if (!address || !tokens) return false;
    return runWithApproval(
      config,
      tx,
      address,
      { name: "StableToken", symbol: tokens.asset.symbol },
      approveAmount,
      { label: "Repay", call: prepareCall("LendingPool", "repay", [address, amount]) },
    );
  };
  return {
    tx,
    send: (amount) => repay(amount, amount),
    repayAll: (debt) => repay(debt + debt / REPAY_ALL_BUFFER_DIVISOR + 1n, maxUint256),
  };
}

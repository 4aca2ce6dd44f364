"use client";
/**
 * A borrower's position in the pool: collateral, debt, credit line and what is still available,
 * the tier and rate its score earns, the statement clock, and its wallet balances and allowances
 * (what the forms validate against before sending anything).
 */
import { useReadContracts } from "wagmi";
import { zeroAddress, type Address } from "viem";
import { contract } from "@/lib/contracts";
import { CHAIN_ID } from "@/lib/env";

export interface CreditLine {
  /** Collateral posted, collateral base units. */
  collateral: bigint;
  /** Principal plus interest owed now, asset base units. */
  debt: bigint;
  line: bigint;
  available: bigint;
  tier: { index: number; minScore: number; advanceRateBps: number; aprBps: number };
  /** Rate in force on the current debt, bps. */
  aprBps: number;
  minimumDue: bigint;
  paidInPeriod: bigint;
  monthsLate: number;
  /** Unix time from which the current statement can close; 0 without an account. */
  statementDueAt: bigint;
  statementCount: number;
  hasAccount: boolean;
  wallet: { asset: bigint; collateral: bigint };
}

export function useCreditLine(borrower: Address | undefined): {
  data?: CreditLine;
  isLoading: boolean;
  error: Error | null;
} {
  const pool = contract("LendingPool");
  const stable = contract("StableToken");
  const coll = contract("CollateralToken");
  const { data, isLoading, error } = useReadContracts({
    allowFailure: false,
    contracts: [
      { ...pool, functionName: "accountOf", args: [borrower ?? zeroAddress], chainId: CHAIN_ID },
      { ...pool, functionName: "debtOf", args: [borrower ?? zeroAddress], chainId: CHAIN_ID },
      { ...pool, functionName: "creditLineOf", args: [borrower ?? zeroAddress], chainId: CHAIN_ID },
      { ...pool, functionName: "tierOf", args: [borrower ?? zeroAddress], chainId: CHAIN_ID },
      {
        ...pool,
        functionName: "statementDueAt",
        args: [borrower ?? zeroAddress],
        chainId: CHAIN_ID,
      },
      { ...stable, functionName: "balanceOf", args: [borrower ?? zeroAddress], chainId: CHAIN_ID },
      { ...coll, functionName: "balanceOf", args: [borrower ?? zeroAddress], chainId: CHAIN_ID },
    ],
    query: { enabled: !!borrower },
  });
  if (!data) return { isLoading, error };
  const [
    account,
    debt,
    [line, available],
    [tierIndex, tier],
    dueAt,
    assetBalance,
    collateralBalance,
  ] = data;
  return {
    isLoading,
    error,
    data: {
      collateral: account.collateral,
      debt,
      line,
      available,
      tier: {
        index: tierIndex,
        minScore: tier.minScore,
        advanceRateBps: tier.advanceRateBps,
        aprBps: tier.aprBps,
      },
      aprBps: account.aprBps,
      minimumDue: account.minimumDue,
      paidInPeriod: account.paidInPeriod,
      monthsLate: account.monthsLate,
      statementDueAt: dueAt,
      statementCount: account.statementCount,
      hasAccount: account.statementAt > 0,
      wallet: { asset: assetBalance, collateral: collateralBalance },
    },
  };
}

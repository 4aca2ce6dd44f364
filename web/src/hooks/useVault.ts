"use client";
/**
 * The lender's side: the pool as an ERC-4626 vault. Pool totals (assets, cash, lent out,
 * utilisation), the rates borrowers pay and lenders earn, the lender's shares, and deposit /
 * withdraw actions.
 */
import { useQuery } from "@tanstack/react-query";
import { useConfig, useConnection, usePublicClient, useReadContracts } from "wagmi";
import { readContract } from "wagmi/actions";
import type { Address } from "viem";
import { contract } from "@/lib/contracts";
import { CHAIN_ID } from "@/lib/env";
import { contractEvents } from "@/lib/events";
import type { Tokens } from "./useTokens";
import { runWithApproval } from "./approval";
import { prepareCall, useTxSequence, type TxAction } from "./useTxSequence";

export interface VaultStats {
  totalAssets: bigint;
  /** Stable asset held by the pool (what can be withdrawn or drawn now). */
  cash: bigint;
  totalDebt: bigint;
  /** totalDebt / totalAssets in bps (0 for an empty vault). */
  utilisationBps: number;
  /** Borrow rate weighted by principal over all open accounts, bps (undefined with no debt). */
  averageBorrowAprBps?: number;
  /** Interest accruing per year over total assets, bps: what lenders earn at today's book. */
  lenderAprBps?: number;
  tiers: readonly { minScore: number; advanceRateBps: number; aprBps: number }[];
  /** The connected lender's vault shares, their value in assets, and what it can withdraw now. */
  shares: bigint;
  shareDecimals: number;
  sharesValue: bigint;
  maxWithdraw: bigint;
  walletAssets: bigint;
}

/** Principal-weighted borrow rate from every account ever opened (AccountOpened events). */
function useBorrowBook() {
  const client = usePublicClient({ chainId: CHAIN_ID });
  const config = useConfig();
  return useQuery({
    queryKey: ["borrowBook", CHAIN_ID],
    enabled: !!client,
    queryFn: async () => {
      if (!client) throw new Error("no RPC client for the configured chain");
      const opened = await contractEvents(client, "LendingPool", "AccountOpened");
      const borrowers = [...new Set(opened.map((l) => l.args.borrower))];
      const accounts = await Promise.all(
        borrowers.map((b) =>
          readContract(config, {
            ...contract("LendingPool"),
            functionName: "accountOf",
            args: [b],
            chainId: CHAIN_ID,
          }),
        ),
      );
      let principal = 0n;
      let weighted = 0n;
      for (const a of accounts) {
        principal += a.principal;
        weighted += a.principal * BigInt(a.aprBps);
      }
      return { principal, weighted, borrowers: borrowers.length };
    },
  });
}

export function useVault(tokens: Tokens | undefined): {
  stats?: VaultStats;
  isLoading: boolean;
  error: Error | null;
  deposit: TxAction;
  withdraw: TxAction;
} {
  const config = useConfig();
  const { address } = useConnection();
  const pool = contract("LendingPool");
  const stable = contract("StableToken");
  const lender: Address = address ?? "0x0000000000000000000000000000000000000000";
  const reads = useReadContracts({
    allowFailure: false,
    contracts: [
      { ...pool, functionName: "totalAssets", chainId: CHAIN_ID },
      { ...pool, functionName: "totalDebt", chainId: CHAIN_ID },
      { ...stable, functionName: "balanceOf", args: [pool.address], chainId: CHAIN_ID },
      { ...pool, functionName: "tiers", chainId: CHAIN_ID },
      { ...pool, functionName: "balanceOf", args: [lender], chainId: CHAIN_ID },
      { ...pool, functionName: "maxWithdraw", args: [lender], chainId: CHAIN_ID },
      { ...stable, functionName: "balanceOf", args: [lender], chainId: CHAIN_ID },
      // Shares have more decimals than the asset (ERC-4626 decimals offset against inflation attacks).
      { ...pool, functionName: "decimals", chainId: CHAIN_ID },
    ],
  });
  const shares = reads.data?.[4] ?? 0n;
  const value = useReadContracts({
    allowFailure: false,
    contracts: [{ ...pool, functionName: "convertToAssets", args: [shares], chainId: CHAIN_ID }],
    query: { enabled: shares > 0n },
  });
  const book = useBorrowBook();

  const units = { ...tokens, token: tokens?.asset };
  const depositTx = useTxSequence(units);
  const withdrawTx = useTxSequence(units);
  const deposit: TxAction = {
    tx: depositTx,
    send: async (amount) => {
      if (!address || !tokens) return false;
      return runWithApproval(
        config,
        depositTx,
        address,
        { name: "StableToken", symbol: tokens.asset.symbol },
        amount,
        {
          label: "Deposit into the vault",
          call: prepareCall("LendingPool", "deposit", [amount, address]),
        },
      );
    },
  };
  const withdraw: TxAction = {
    tx: withdrawTx,
    send: (amount) =>
      address
        ? withdrawTx.run([
            {
              label: "Withdraw from the vault",
              call: prepareCall("LendingPool", "withdraw", [amount, address, address]),
            },
          ])
        : Promise.resolve(false),
  };

  let stats: VaultStats | undefined;
  if (reads.data) {
    const [totalAssets, totalDebt, cash, tiers, , maxWithdraw, walletAssets, shareDecimals] =
      reads.data;
    const b = book.data;
    stats = {
      totalAssets,
      cash,
      totalDebt,
      utilisationBps: totalAssets > 0n ? Number((totalDebt * 10_000n) / totalAssets) : 0,
      averageBorrowAprBps: b && b.principal > 0n ? Number(b.weighted / b.principal) : undefined,
      // Fractional bps: a young pool earns far less than 1 bp.
      lenderAprBps: b && totalAssets > 0n ? Number(b.weighted) / Number(totalAssets) : undefined,
      tiers,
      shares,
      shareDecimals,
      sharesValue: shares > 0n ? (value.data?.[0] ?? 0n) : 0n,
      maxWithdraw,
      walletAssets,
    };
  }
  return { stats, isLoading: reads.isLoading, error: reads.error ?? book.error, deposit, withdraw };
}

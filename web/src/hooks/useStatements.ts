"use client";
/**
 * A borrower's closed 30-day statements, newest first, from the pool's StatementClosed events:
 * the same history the feature extractor reads (the newest six are the model's inputs).
 */
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { Address, Hash } from "viem";
import { contractEvents } from "@/lib/events";
import { CHAIN_ID } from "@/lib/env";

export interface Statement {
  index: bigint;
  closedAt: bigint;
  /** Asset base units. */
  creditLine: bigint;
  balance: bigint;
  paid: bigint;
  /** −2 no use, −1 paid in full, 0 minimum paid, k = k months late. */
  status: number;
  transactionHash: Hash;
}

/** The repayment status in words. */
export function statusText(status: number): string {
  if (status <= -2) return "no use";
  if (status === -1) return "paid in full";
  if (status === 0) return "minimum paid";
  return `${status} month${status === 1 ? "" : "s"} late`;
}

export function useStatements(borrower: Address | undefined) {
  const client = usePublicClient({ chainId: CHAIN_ID });
  return useQuery({
    queryKey: ["statements", CHAIN_ID, borrower],
    enabled: !!borrower && !!client,
    queryFn: async (): Promise<Statement[]> => {
      const logs = await contractEvents(client!, "LendingPool", "StatementClosed", {
        borrower: borrower!,
      });
      return logs
        .map((l) => ({
          index: l.args.index,
          closedAt: l.args.closedAt,
          creditLine: l.args.creditLine,
          balance: l.args.balance,
          paid: l.args.paid,
          status: l.args.status,
          transactionHash: l.transactionHash,
        }))
        .reverse();
    },
  });
}

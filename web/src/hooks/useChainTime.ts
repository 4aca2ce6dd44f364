"use client";
/**
 * The latest block's timestamp: "now" for expiry and due dates. A local chain's clock is moved
 * forward by the seed script (months of statements), so wall-clock time would be wrong.
 */
import { useBlock } from "wagmi";
import { CHAIN_ID } from "@/lib/env";

export function useChainTime(): bigint | undefined {
  const { data } = useBlock({ chainId: CHAIN_ID, query: { refetchInterval: 5_000 } });
  return data?.timestamp;
}

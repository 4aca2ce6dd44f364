"use client";
/**
 * Symbols and decimals of the pool's two tokens (the stable asset and the collateral), read once:
 * every amount the app shows or parses goes through these units.
 */
import { useReadContracts } from "wagmi";
import { contract } from "@/lib/contracts";
import { CHAIN_ID } from "@/lib/env";
import type { ErrorUnits, Unit } from "@/lib/errors";

export interface Tokens {
  asset: Unit;
  collateral: Unit;
}

export function useTokens(): { tokens?: Tokens; units: ErrorUnits; error: Error | null } {
  const stable = contract("StableToken");
  const coll = contract("CollateralToken");
  const { data, error } = useReadContracts({
    allowFailure: false,
    contracts: [
      { ...stable, functionName: "symbol", chainId: CHAIN_ID },
      { ...stable, functionName: "decimals", chainId: CHAIN_ID },
      { ...coll, functionName: "symbol", chainId: CHAIN_ID },
      { ...coll, functionName: "decimals", chainId: CHAIN_ID },
    ],
    query: { staleTime: Infinity },
  });
  const tokens = data && {
    asset: { symbol: data[0], decimals: Number(data[1]) },
    collateral: { symbol: data[2], decimals: Number(data[3]) },
  };
  return { tokens, units: tokens ?? {}, error };
}

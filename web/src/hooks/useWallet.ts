"use client";
/**
 * The connected wallet as the pages need it: its address, and whether it is on the chain the
 * contracts live on (writes are only offered when it is).
 */
import { useConnection } from "wagmi";
import type { Address } from "viem";
import { CHAIN_ID } from "@/lib/env";

export interface Wallet {
  address?: Address;
  connected: boolean;
  /** The wallet's current chain id (undefined while disconnected). */
  chainId?: number;
  /** Connected, but to another chain than the deployment's. */
  wrongNetwork: boolean;
  /** Connected to the right chain: transactions may be offered. */
  ready: boolean;
}

export function useWallet(): Wallet {
  const { address, status, chainId } = useConnection();
  const connected = status === "connected" && !!address;
  const wrongNetwork = connected && chainId !== CHAIN_ID;
  return {
    address: connected ? address : undefined,
    connected,
    chainId,
    wrongNetwork,
    ready: connected && !wrongNetwork,
  };
}

/**
 * wagmi configuration: one chain (the deployment's, the local Hardhat chain by default) reached
 * through NEXT_PUBLIC_RPC_URL, and the injected EIP-1193 wallet (window.ethereum) as the only
 * connector: reads go through our RPC whatever network the wallet is on; writes go through the wallet.
 */
import { createConfig, http, injected } from "wagmi";
import { defineChain } from "viem";
import { hardhat } from "viem/chains";
import { CHAIN_ID, RPC_URL } from "./env";

/** The chain the contracts live on, with our RPC URL (a wallet asked to add it gets this URL). */
export const appChain = defineChain({
  ...hardhat,
  id: CHAIN_ID,
  name: CHAIN_ID === hardhat.id ? "Hardhat (local)" : `Chain ${CHAIN_ID}`,
  rpcUrls: { default: { http: [RPC_URL] } },
});

export const wagmiConfig = createConfig({
  chains: [appChain],
  connectors: [injected({ shimDisconnect: true })],
  // One injected connector (window.ethereum), not one per EIP-6963 announcement: a single, predictable button.
  multiInjectedProviderDiscovery: false,
  transports: { [appChain.id]: http(RPC_URL, { batch: true }) },
  // Pages are prerendered without a wallet; the client reconnects after hydration.
  ssr: true,
  // A local chain mines on demand: poll for receipts quickly.
  pollingInterval: 1_000,
});

declare module "wagmi" {
  interface Register {
    config: typeof wagmiConfig;
  }
}

/**
 * Run-time endpoints, inlined at build time by Next.js (NEXT_PUBLIC_*). These two URLs are the only
 * network the app talks to besides its own server.
 */

/** JSON-RPC endpoint of the chain the contracts are deployed on. */
export const RPC_URL: string = process.env.NEXT_PUBLIC_RPC_URL || "http://127.0.0.1:8545";

/** Base URL of the prover service (issue 6), without a trailing slash. */
export const PROVER_URL: string = (
  process.env.NEXT_PUBLIC_PROVER_URL || "http://127.0.0.1:8787"
).replace(/\/+$/, "");

/** Chain id the app expects; the deployments file must hold contracts for it. */
export const CHAIN_ID: number = Number(process.env.NEXT_PUBLIC_CHAIN_ID || 31337);

import type { NextConfig } from "next";

/**
 * The web app builds from web/ with the repository's single node_modules (Turbopack finds the
 * repository root from package-lock.json), and imports two files from outside web/: the generated
 * deployments/deployedContracts.ts and the feature schema prover/features/schema.ts.
 */
const config: NextConfig = {
  reactStrictMode: true,
  // Nothing is fetched at run time beyond the RPC and the prover: no telemetry pings, no remote images.
  images: { unoptimized: true },
  poweredByHeader: false,
};

export default config;

"use client";
/** Small shared notices: connect first, an error box, and the guard for a missing deployment. */
import type { ReactNode } from "react";
import { hasDeployment } from "@/lib/contracts";
import { CHAIN_ID } from "@/lib/env";

export function ConnectFirst({ what }: { what: string }) {
  return (
    <div className="page">
      <p className="notice" data-testid="connect-first">
        Connect your wallet (button at the top right) to see {what}.
      </p>
    </div>
  );
}

export function ErrorBox({ message }: { message: string }) {
  return (
    <div className="banner error" role="alert">
      {message}
    </div>
  );
}

/** Renders the pages only when the deployments file has contracts for the configured chain. */
export function DeploymentGuard({ children }: { children: ReactNode }) {
  if (!hasDeployment) {
    return (
      <ErrorBox
        message={`No contracts for chain ${CHAIN_ID} in deployments/deployedContracts.ts. Deploy them (npx hardhat run --network localhost scripts/deploy.ts), then rebuild the web app.`}
      />
    );
  }
  return <>{children}</>;
}

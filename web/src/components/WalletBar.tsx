"use client";
/**
 * Connect / disconnect the injected wallet (header), and under the header the wrong-network banner
 * with its switch button. Connection and switch failures (no wallet, rejected request) are shown
 * in plain words.
 */
import { useConnect, useConnectors, useDisconnect, useSwitchChain } from "wagmi";
import { explainError } from "@/lib/errors";
import { shortHex } from "@/lib/amounts";
import { appChain } from "@/lib/wagmi";
import { useWallet } from "@/hooks/useWallet";

export function WalletBar() {
  const wallet = useWallet();
  const connectors = useConnectors();
  const connect = useConnect();
  const disconnect = useDisconnect();

  return (
    <div className="wallet">
      {wallet.connected && wallet.address ? (
        <>
          <span className="address" data-testid="wallet-address" title={wallet.address}>
            {shortHex(wallet.address)}
          </span>
          <button type="button" className="secondary" onClick={() => disconnect.mutate()}>
            Disconnect
          </button>
        </>
      ) : (
        connectors.map((c) => (
          <button
            key={c.uid}
            type="button"
            data-testid="connect"
            disabled={connect.isPending}
            onClick={() => connect.mutate({ connector: c })}
          >
            {connect.isPending ? "Connecting…" : "Connect wallet"}
          </button>
        ))
      )}
      {connect.error && (
        <div className="banner error" role="alert" data-testid="wallet-error">
          {explainError(connect.error).message}
        </div>
      )}
    </div>
  );
}

export function WalletAlerts() {
  const wallet = useWallet();
  const switchChain = useSwitchChain();
  return (
    <>
      {wallet.wrongNetwork && (
        <div className="banner warn" role="alert" data-testid="wrong-network">
          Your wallet is on chain {wallet.chainId}; zkcredit runs on {appChain.name} (chain{" "}
          {appChain.id}).{" "}
          <button
            type="button"
            data-testid="switch-network"
            disabled={switchChain.isPending}
            onClick={() => switchChain.mutate({ chainId: appChain.id })}
          >
            {switchChain.isPending ? "Switching…" : `Switch to ${appChain.name}`}
          </button>
        </div>
      )}
      {switchChain.error && (
        <div className="banner error" role="alert" data-testid="switch-error">
          {explainError(switchChain.error).message}
        </div>
      )}
    </>
  );
}

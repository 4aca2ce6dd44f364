"use client";
/** Every step of a transaction sequence with its state, hash and, on failure, the reason in plain words. */
import type { TxStep } from "@/hooks/useTxSequence";
import { shortHex } from "@/lib/amounts";

const WORDS: Record<TxStep["status"], string> = {
  queued: "waiting for the previous step",
  checking: "checking with the contract…",
  signing: "confirm in your wallet…",
  pending: "pending: waiting to be mined…",
  confirmed: "confirmed",
  reverted: "reverted",
  failed: "failed",
};

export function TxStatus({ steps, testId }: { steps: readonly TxStep[]; testId?: string }) {
  if (steps.length === 0) return null;
  return (
    <ol className="tx" data-testid={testId}>
      {steps.map((s, i) => (
        <li key={i} className={`tx-${s.status}`} data-status={s.status}>
          <strong>{s.label}</strong>:{" "}
          {s.status === "reverted" && s.sent === false
            ? "refused by the contract (nothing was sent)"
            : WORDS[s.status]}
          {s.hash && (
            <span className="hash" title={s.hash}>
              {" "}
              tx {shortHex(s.hash, 6)}
              {s.blockNumber !== undefined && ` in block ${s.blockNumber}`}
            </span>
          )}
          {s.message && <div className="reason">{s.message}</div>}
          {s.customError && <code className="custom-error">{s.customError}</code>}
        </li>
      ))}
    </ol>
  );
}

"use client";
/**
 * "Get a proven score": progress through the prover's stages and the submission, the new score
 * and the features the attestor signed, and, when the service is down, how to start it.
 */
import { FEATURE_SCHEMA } from "../../../prover/features/schema";
import { PROVER_URL } from "@/lib/env";
import { PROVEN_STAGES, useProvenScore, type ProvenStage } from "@/hooks/useProvenScore";
import type { Wallet } from "@/hooks/useWallet";
import { TxStatus } from "./TxStatus";

const STAGE_WORDS: Record<ProvenStage, string> = {
  features: "Features: rebuilding your last six statements from the pool's events",
  attestation: "Attestation: the data attestor signs the features for your wallet",
  proving: "Proving: Groth16 proof that the approved model computed the score",
  submitting: "Submitting: your wallet sends the proof to ScoreRegistry",
  confirmed: "Confirmed: the score is recorded on chain",
};

export function ProvenScorePanel({ wallet }: { wallet: Wallet }) {
  const proven = useProvenScore(wallet.address);
  const current = proven.stage ? PROVEN_STAGES.indexOf(proven.stage) : -1;
  const disabled = !wallet.ready || proven.phase === "working";

  return (
    <section className="card" data-testid="proven-score">
      <h2>Get a proven score</h2>
      <p className="muted">
        The prover service reads your history, has it signed by the attestor and proves the score in
        zero knowledge: the model’s weights and your features stay private; the chain checks the
        proof.
      </p>
      <button
        type="button"
        data-testid="get-proven-score"
        disabled={disabled}
        onClick={() => void proven.start()}
      >
        {proven.phase === "working" ? "Working…" : "Get a proven score"}
      </button>
      {!wallet.ready && (
        <span className="hint">
          {" "}
          {wallet.connected ? "Switch network first." : "Connect your wallet first."}
        </span>
      )}

      {proven.phase !== "idle" && (
        <ol className="stages" data-testid="stages">
          {PROVEN_STAGES.map((stage, i) => {
            const state =
              i < current || proven.phase === "done"
                ? "done"
                : i === current
                  ? proven.phase === "failed"
                    ? "failed"
                    : "active"
                  : "todo";
            return (
              <li key={stage} className={`stage-${state}`} data-stage={stage} data-state={state}>
                {STAGE_WORDS[stage]}
              </li>
            );
          })}
        </ol>
      )}
      {proven.jobId && (
        <div className="hint">
          Prover job {proven.jobId}
          {proven.queued && proven.phase === "working" ? ": waiting for a free prover worker…" : ""}
        </div>
      )}

      {proven.error && (
        <div className="banner error" role="alert" data-testid="proven-error">
          {proven.error}
          {proven.proverDown && (
            <div className="help" data-testid="prover-help">
              To start the prover, run in the repository: <code>npm run serve</code>. It listens on{" "}
              <code>{PROVER_URL}</code> (set <code>NEXT_PUBLIC_PROVER_URL</code> when building the
              app to use another address). Then press the button again.
            </div>
          )}
        </div>
      )}
      <TxStatus steps={proven.tx.steps} testId="tx-submit-score" />

      {proven.result && (
        <div className="result" data-testid="proven-result">
          <p>
            Proven score: <strong data-testid="proven-score-value">{proven.result.score}</strong>
          </p>
          {proven.result.features.length === FEATURE_SCHEMA.features.length && (
            <details>
              <summary>
                The {proven.result.features.length} features the attestor signed (private inputs of
                the proof)
              </summary>
              <table className="features">
                <tbody>
                  {FEATURE_SCHEMA.features.map((f, i) => (
                    <tr key={f.name}>
                      <td>
                        <code>{f.name}</code>
                      </td>
                      <td className="num">{proven.result?.features[i]}</td>
                      <td className="muted">{f.description}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
        </div>
      )}
    </section>
  );
}

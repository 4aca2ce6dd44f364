"use client";
/**
 * Audit: the models and attestor keys governance approved (and revoked), and every recorded score
 * with its proof, decoded from the transaction's calldata and re-verifiable in this page.
 */
import { useState } from "react";
import type { Hash } from "viem";
import { formatTime, shortHex } from "@/lib/amounts";
import { explainError } from "@/lib/errors";
import { publicSignals, verifyInBrowser, type VerifyOutcome } from "@/lib/proof";
import {
  useAuditTrail,
  useRecordedProof,
  type AuditModel,
  type AuditScore,
} from "@/hooks/useAuditTrail";
import { CardLink } from "./CardLink";
import { ErrorBox } from "./Notice";

const hex = (v: bigint) => `0x${v.toString(16).padStart(64, "0")}`;

function Status({ status, ok, bad }: { status: number; ok: string; bad: string }) {
  return status === 1 ? (
    <span className="pill ok">{ok}</span>
  ) : (
    <span className="pill bad">{bad}</span>
  );
}

/** The verification key of a model's shape, from the committed circuits/build (see the API route). */
async function fetchVerificationKey(
  shapeId: string,
): Promise<{ shape: string; verificationKey: object }> {
  const res = await fetch(`/api/verification-key/${shapeId}`);
  const body = (await res.json().catch(() => undefined)) as
    { shape?: string; verificationKey?: object; error?: { message?: string } } | undefined;
  if (!res.ok || !body?.verificationKey || !body.shape) {
    throw new Error(
      `verification key for shape ${shortHex(shapeId, 6)}: ${body?.error?.message ?? res.statusText}`,
    );
  }
  return { shape: body.shape, verificationKey: body.verificationKey };
}

type Check =
  | { state: "idle" }
  | { state: "running" }
  | { state: "done"; outcome: VerifyOutcome; shape: string }
  | { state: "error"; message: string };

function ProofDetails({ score, model }: { score: AuditScore; model?: AuditModel }) {
  const proof = useRecordedProof(score.transactionHash as Hash);
  const [check, setCheck] = useState<Check>({ state: "idle" });

  const verify = async () => {
    if (!proof.data) return;
    if (!model) {
      setCheck({
        state: "error",
        message:
          "the score's model is not in the ModelRegistry's events, so its shape (and key) is unknown",
      });
      return;
    }
    setCheck({ state: "running" });
    try {
      const { shape, verificationKey } = await fetchVerificationKey(model.shapeId);
      setCheck({
        state: "done",
        shape,
        outcome: await verifyInBrowser(verificationKey, proof.data),
      });
    } catch (e) {
      setCheck({ state: "error", message: e instanceof Error ? e.message : String(e) });
    }
  };

  if (proof.isLoading) return <div className="proof">Loading the transaction…</div>;
  if (proof.error)
    return <div className="proof bad">Cannot read the proof: {proof.error.message}</div>;
  if (!proof.data) return null;
  const signals = publicSignals(proof.data.claim);
  // The circuit's order; the first packs subject + attestedAt·2^160 + score·2^224.
  const names = ["packedClaim", "modelCommitment", "attestorKeyHash"];
  return (
    <div className="proof" data-testid="proof-details">
      <h4>Public signals (from the calldata)</h4>
      <table className="signals">
        <tbody>
          {signals.map((s, i) => (
            <tr key={names[i]}>
              <td>
                <code>{names[i]}</code>
              </td>
              <td className="mono">{s}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>Proof (Groth16, calldata order)</h4>
      <ol className="mono proof-elements">
        {proof.data.proof.map((p, i) => (
          <li key={i}>{hex(p)}</li>
        ))}
      </ol>
      <button
        type="button"
        data-testid="verify-in-browser"
        disabled={check.state === "running"}
        onClick={() => void verify()}
      >
        {check.state === "running" ? "Verifying…" : "Verify in browser"}
      </button>
      {check.state === "done" && (
        <span
          className={`pill ${check.outcome.valid ? "ok" : "bad"}`}
          data-testid="verify-result"
          data-valid={String(check.outcome.valid)}
          data-verify-ms={check.outcome.verifyMs.toFixed(1)}
          data-total-ms={check.outcome.totalMs.toFixed(1)}
        >
          {check.outcome.valid ? "✓ proof valid" : "✗ proof INVALID"} against circuits/build/
          {check.shape}/verification_key.json ({check.outcome.verifyMs.toFixed(0)} ms verify,{" "}
          {check.outcome.totalMs.toFixed(0)} ms with loading)
        </span>
      )}
      {check.state === "error" && (
        <span className="pill bad" data-testid="verify-result" data-valid="error">
          {check.message}
        </span>
      )}
    </div>
  );
}

export function Audit() {
  const { models, attestors, scores } = useAuditTrail();
  const [open, setOpen] = useState<string>();
  const error = models.error ?? attestors.error ?? scores.error;
  const modelOf = (commitment: bigint) => models.data?.find((m) => m.commitment === commitment);
  const attestorOf = (keyHash: bigint) => attestors.data?.find((a) => a.keyHash === keyHash);

  return (
    <div className="page">
      <h1>Audit</h1>
      {error && <ErrorBox message={explainError(error).message} />}
      <section className="card">
        <h2>Models</h2>
        <table data-testid="models">
          <thead>
            <tr>
              <th>#</th>
              <th>Status</th>
              <th>Commitment</th>
              <th>Shape</th>
              <th>Model card</th>
              <th>Registered</th>
            </tr>
          </thead>
          <tbody>
            {models.data?.map((m) => (
              <tr key={m.commitment.toString()}>
                <td>{m.id}</td>
                <td>
                  <Status
                    status={m.status}
                    ok="approved"
                    bad={`revoked ${formatTime(m.revokedAt)}`}
                  />
                </td>
                <td className="mono" title={m.commitment.toString()}>
                  {shortHex(hex(m.commitment), 8)}
                </td>
                <td className="mono" title={m.shapeId}>
                  {shortHex(m.shapeId, 6)}
                </td>
                <td>
                  <CardLink uri={m.cardUri} />
                  <div className="mono muted" title="keccak256 of the model card">
                    {shortHex(m.cardHash, 6)}
                  </div>
                </td>
                <td>{formatTime(m.registeredAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {models.data?.length === 0 && <p className="muted">No model registered.</p>}
      </section>
      <section className="card">
        <h2>Attestors</h2>
        <table data-testid="attestors">
          <thead>
            <tr>
              <th>#</th>
              <th>Status</th>
              <th>Operator</th>
              <th>Key hash</th>
              <th>Trusted since</th>
            </tr>
          </thead>
          <tbody>
            {attestors.data?.map((a) => (
              <tr key={a.keyHash.toString()}>
                <td>{a.id}</td>
                <td>
                  <Status
                    status={a.status}
                    ok="trusted"
                    bad={`revoked ${formatTime(a.revokedAt)}`}
                  />
                </td>
                <td>{a.label}</td>
                <td className="mono" title={a.keyHash.toString()}>
                  {shortHex(hex(a.keyHash), 8)}
                </td>
                <td>{formatTime(a.trustedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {attestors.data?.length === 0 && <p className="muted">No attestor trusted.</p>}
      </section>
      <section className="card">
        <h2>Recorded scores</h2>
        <table data-testid="scores">
          <thead>
            <tr>
              <th>Wallet</th>
              <th className="num">Score</th>
              <th>Model</th>
              <th>Attestor</th>
              <th>Attested</th>
              <th>Expires</th>
              <th>Transaction</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {scores.data?.map((s) => {
              const key = `${s.transactionHash}`;
              const model = modelOf(s.modelCommitment);
              return (
                <ScoreRow
                  key={key}
                  score={s}
                  model={model}
                  attestorLabel={attestorOf(s.attestorKeyHash)?.label}
                  open={open === key}
                  toggle={() => setOpen(open === key ? undefined : key)}
                />
              );
            })}
          </tbody>
        </table>
        {scores.data?.length === 0 && <p className="muted">No score recorded yet.</p>}
      </section>
    </div>
  );
}

function ScoreRow(props: {
  score: AuditScore;
  model?: AuditModel;
  attestorLabel?: string;
  open: boolean;
  toggle: () => void;
}) {
  const { score: s, model, attestorLabel, open, toggle } = props;
  return (
    <>
      <tr data-testid="score-row" data-subject={s.subject}>
        <td className="mono" title={s.subject}>
          {shortHex(s.subject)}
        </td>
        <td className="num">{s.score}</td>
        <td>{model ? `#${model.id}` : shortHex(hex(s.modelCommitment), 6)}</td>
        <td>{attestorLabel ?? shortHex(hex(s.attestorKeyHash), 6)}</td>
        <td>{formatTime(s.attestedAt)}</td>
        <td>{formatTime(s.expiresAt)}</td>
        <td className="mono" title={s.transactionHash}>
          {shortHex(s.transactionHash, 6)} (block {s.blockNumber.toString()})
        </td>
        <td>
          <button type="button" className="secondary" data-testid="show-proof" onClick={toggle}>
            {open ? "Hide proof" : "Proof"}
          </button>
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={8}>
            <ProofDetails score={s} model={model} />
          </td>
        </tr>
      )}
    </>
  );
}

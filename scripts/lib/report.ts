/** What the scripts print: histories, scores, the audit trail, as readable tables. */
import type { Address } from "viem";
import { LOCAL_DECIMALS } from "../../ignition/modules/ZkCredit.js";
import { featureNames, type ChainCreditHistory } from "../../prover/index.js";
import type { AuditTrail } from "./audit.js";
import { amount, bps, date, ms, shortField, shortHex, table } from "./format.js";
import type { SubmittedScore } from "./score.js";

const USD = LOCAL_DECIMALS.stable;
const STATUS_TEXT: Record<string, string> = { "-2": "unused", "-1": "paid", "0": "min" };

/** A statement status as a word: paid (in full), min (minimum paid), unused, or N late. */
export function statusText(status: bigint): string {
  return STATUS_TEXT[String(status)] ?? `${status} late`;
}

/** One row per wallet: its statements newest first, as the feature extractor read them. */
export function historiesTable(
  rows: readonly { name: string; history: ChainCreditHistory }[],
): string {
  return table(
    [
      "wallet",
      "address",
      "line (zkUSD)",
      "statements, newest first",
      "newest balance",
      "newest paid",
    ],
    rows.map(({ name, history: h }) => [
      name,
      shortHex(h.wallet),
      h.creditLimit.toLocaleString("en-US"),
      h.statements.length === 0
        ? "none (thin file)"
        : h.statements.map((s) => statusText(s.status)).join(" · ") +
          (h.thinFile ? "  (thin file)" : ""),
      (h.statements[0]?.balance ?? 0n).toLocaleString("en-US"),
      (h.statements[0]?.paid ?? 0n).toLocaleString("en-US"),
    ]),
  );
}

/** The features of one wallet, name = value, in schema order. */
export function featuresLine(features: readonly bigint[]): string {
  const names = featureNames();
  return features.map((v, i) => `${names[i]}=${v}`).join(" ");
}

/** What one score submission produced. */
export function scoreReport(name: string, r: SubmittedScore): string {
  const t = r.scored.timings;
  return [
    `  ${name} ${r.scored.history.wallet}`,
    `    features   ${featuresLine(r.scored.features)}`,
    `    score      ${r.scored.score} (model ${shortField(r.scored.calldata.claim.modelCommitment)}, attested at ${date(r.scored.calldata.claim.attestedAt)})`,
    `    timings    features ${ms(t.featuresMs)} · attestation ${ms(t.attestationMs)} · witness ${ms(t.witnessMs)} · proof ${ms(t.proveMs)}`,
    `    on chain   submitScore ${shortHex(r.txHash)} (${r.gasUsed.toLocaleString("en-US")} gas) → valid=${r.valid}, tier ${r.tier}: advance ${bps(r.advanceRateBps)}, APR ${bps(r.aprBps)}`,
    `    credit     line ${amount(r.creditLine, USD)} zkUSD, available ${amount(r.available, USD)} zkUSD`,
  ].join("\n");
}

/** Models, attestors and scores with the off-chain proof check of each. */
export function auditReport(
  trail: AuditTrail,
  names: ReadonlyMap<Address, string> = new Map(),
): string {
  const models = table(
    ["id", "commitment", "shape", "status", "card", "block"],
    trail.models.map((m) => [
      String(m.id),
      shortField(m.commitment),
      m.shape ?? shortHex(m.shapeId),
      m.status,
      m.cardUri,
      String(m.block),
    ]),
  );
  const attestors = table(
    ["id", "key hash", "label", "status", "block"],
    trail.attestors.map((a) => [
      String(a.id),
      shortField(a.keyHash),
      a.label,
      a.status,
      String(a.block),
    ]),
  );
  const scores = table(
    [
      "wallet",
      "score",
      "model",
      "attestor",
      "attested at",
      "expires",
      "tx",
      "proof (re-verified off-chain)",
    ],
    trail.scores.map((s) => [
      names.get(s.subject) ?? shortHex(s.subject),
      String(s.score),
      shortField(s.modelCommitment),
      shortField(s.attestorKeyHash),
      date(s.attestedAt),
      date(s.expiresAt),
      shortHex(s.txHash),
      `${s.proof.verified ? "✔ valid" : "✘ INVALID"}: ${s.proof.detail}`,
    ]),
  );
  return [
    `Models (${trail.models.length})`,
    models,
    "",
    `Attestors (${trail.attestors.length})`,
    attestors,
    "",
    `Scores (${trail.scores.length})`,
    scores,
  ].join("\n");
}

/**
 * The circuit column of the model card: real Groth16 proofs on a deterministic, stratified sample
 * of test rows. Each row's features are signed by a throwaway attestor key, proved (witness +
 * Groth16), verified against the verification key, and its public score is checked against the
 * integer reference computed here independently of the witness builder.
 */
import { attest, type AttestorKey } from "../attest/index.js";
import { inferInteger } from "../model/reference.js";
import { modelCommitment } from "../model/commitment.js";
import type { QuantizedModel } from "../model/types.js";
import {
  buildWitnessInput,
  generateProof,
  verifyScoreProof,
  type VerificationKey,
} from "../proof/index.js";
import { seededRandom, shuffleInPlace } from "../train/random.js";
import type { LabelledRow } from "../train/split.js";

/**
 * `n` rows drawn per class in proportion to the rows' default rate (at least one of each class,
 * so a sample AUC exists), shuffled with `seed` from id order: the same rows on every run.
 * Returned in id order.
 */
export function proofSample<T extends LabelledRow>(
  rows: readonly T[],
  n: number,
  seed: number,
): T[] {
  if (!Number.isInteger(n) || n < 2)
    throw new Error(`proof sample size ${n}: need at least 2 rows`);
  if (n > rows.length) throw new Error(`proof sample size ${n} exceeds the ${rows.length} rows`);
  const byClass = ([0, 1] as const).map((label) =>
    rows.filter((r) => r.label === label).sort((a, b) => a.id - b.id),
  );
  const [good, bad] = byClass as [T[], T[]];
  if (good.length === 0 || bad.length === 0) throw new Error("proof sample needs both classes");
  const nBad = Math.min(bad.length, Math.max(1, Math.round((n * bad.length) / rows.length)));
  const nGood = n - nBad;
  if (nGood < 1 || nGood > good.length)
    throw new Error(`proof sample cannot draw ${nGood} non-defaulters`);
  const random = seededRandom(seed);
  const picked = [
    ...shuffleInPlace([...good], random).slice(0, nGood),
    ...shuffleInPlace([...bad], random).slice(0, nBad),
  ];
  return picked.sort((a, b) => a.id - b.id);
}

export interface ProvedRow {
  id: number;
  label: 0 | 1;
  /** The score the proof makes public. */
  score: number;
  /** The integer reference's score for the same features. */
  referenceScore: number;
  witnessMs: number;
  proveMs: number;
  verifyMs: number;
}

export interface ProveRowsArgs {
  model: QuantizedModel;
  rows: readonly { id: number; label: 0 | 1; features: readonly bigint[] }[];
  wasmPath: string;
  zkeyPath: string;
  vkey: VerificationKey;
  attestor: AttestorKey;
  /** Unix seconds the attestations are dated (fixed, so the inputs are reproducible). */
  attestedAt: bigint;
  onProgress?: (done: number, total: number, row: ProvedRow) => void;
}

/**
 * Proves and verifies every row in turn; throws, naming the row id, if a proof does not verify or
 * states another score or model commitment than the integer reference.
 */
export async function proveRows(a: ProveRowsArgs): Promise<ProvedRow[]> {
  const commitment = modelCommitment(a.model);
  const out: ProvedRow[] = [];
  for (const row of a.rows) {
    // The row id as the wallet: any 160-bit subject works, and this one names the row.
    const subject = BigInt(row.id);
    const attestation = await attest({
      key: a.attestor,
      subject,
      attestedAt: a.attestedAt,
      features: row.features,
    });
    const witness = await buildWitnessInput({
      model: a.model,
      features: row.features,
      subject,
      attestedAt: a.attestedAt,
      attestation,
    });
    const proof = await generateProof({
      wasmPath: a.wasmPath,
      zkeyPath: a.zkeyPath,
      input: witness,
    });
    const t0 = performance.now();
    const valid = await verifyScoreProof(a.vkey, proof);
    const verifyMs = performance.now() - t0;
    if (!valid) throw new Error(`test row id ${row.id}: the proof does not verify`);
    const reference = inferInteger(a.model, row.features).score;
    if (proof.claim.score !== reference) {
      throw new Error(
        `test row id ${row.id}: the proof's public score ${proof.claim.score} differs from the integer reference ${reference}`,
      );
    }
    if (proof.claim.modelCommitment !== commitment) {
      throw new Error(
        `test row id ${row.id}: the proof's model commitment ${proof.claim.modelCommitment} is not ${commitment}`,
      );
    }
    const proved: ProvedRow = {
      id: row.id,
      label: row.label,
      score: Number(proof.claim.score),
      referenceScore: Number(reference),
      witnessMs: proof.timings?.witnessMs ?? NaN,
      proveMs: proof.timings?.proveMs ?? NaN,
      verifyMs,
    };
    out.push(proved);
    a.onProgress?.(out.length, a.rows.length, proved);
  }
  return out;
}

/**
 * Client of the prover service (prover/service, issue 6): POST /v1/scores starts a job, GET
 * /v1/scores/:id reports its stage and, when done, the calldata of ScoreRegistry.submitScore.
 * Responses are checked field by field: the service is not trusted to be well-formed, and a
 * malformed answer becomes a clear error instead of a crash further down.
 */
import { isAddress, type Address } from "viem";
import { PROVER_URL } from "./env";
import { publicSignals } from "./proof";

export type JobStatus = "queued" | "running" | "done" | "failed";
export type JobStage = "queued" | "features" | "attestation" | "proving" | "done" | "failed";
const STAGES: readonly string[] = [
  "queued",
  "features",
  "attestation",
  "proving",
  "done",
  "failed",
];

/** What ScoreRegistry.submitScore takes, exactly (the contract's argument order). */
export interface SubmitScoreCalldata {
  claim: {
    subject: Address;
    score: number;
    modelCommitment: bigint;
    attestorKeyHash: bigint;
    attestedAt: bigint;
  };
  /** [pA0, pA1, pB00, pB01, pB10, pB11, pC0, pC1], pB in the verifier's order. */
  proof: readonly [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
}

export interface JobResult {
  score: number;
  publicSignals: string[];
  calldata: SubmitScoreCalldata;
  /** The 19 feature values the attestor signed, schema order, as decimal strings. */
  features: string[];
}

export interface Job {
  id: string;
  status: JobStatus;
  stage: JobStage;
  error?: { code: string; message: string };
  result?: JobResult;
}

/** Why talking to the prover failed, phrased for the user. */
export class ProverError extends Error {
  constructor(
    message: string,
    /** "unreachable" when no HTTP answer came back (service not started, wrong URL, CORS). */
    readonly kind: "unreachable" | "timeout" | "rejected" | "malformed" | "job-failed",
  ) {
    super(message);
    this.name = "ProverError";
  }
}

const REQUEST_TIMEOUT_MS = 10_000;

async function request(path: string, init?: RequestInit): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${PROVER_URL}${path}`, {
      ...init,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "TimeoutError") {
      throw new ProverError(
        `The prover service at ${PROVER_URL} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s.`,
        "timeout",
      );
    }
    throw new ProverError(`The prover service at ${PROVER_URL} is not reachable.`, "unreachable");
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const detail = typeof err?.message === "string" ? err.message : res.statusText;
    const code = typeof err?.code === "string" ? ` (${err.code})` : "";
    throw new ProverError(`The prover service refused the request: ${detail}${code}.`, "rejected");
  }
  if (body === undefined)
    throw new ProverError(`The prover service sent a non-JSON answer to ${path}.`, "malformed");
  return body;
}

function malformed(what: string): never {
  throw new ProverError(`The prover service sent a malformed job: ${what}.`, "malformed");
}

function bigintField(v: unknown, what: string): bigint {
  if (
    (typeof v === "string" && /^(0x[0-9a-fA-F]+|\d+)$/.test(v)) ||
    (typeof v === "number" && Number.isSafeInteger(v))
  ) {
    return BigInt(v);
  }
  return malformed(`${what} is not an integer`);
}

function parseResult(r: unknown): JobResult {
  const o = r as Record<string, unknown>;
  const calldata = o.calldata as { claim?: Record<string, unknown>; proof?: unknown } | undefined;
  const claim = calldata?.claim;
  if (!claim) return malformed("result.calldata.claim is missing");
  const subject = claim.subject;
  if (typeof subject !== "string" || !isAddress(subject))
    return malformed("claim.subject is not an address");
  const proof = calldata.proof;
  if (!Array.isArray(proof) || proof.length !== 8)
    return malformed("calldata.proof does not have 8 elements");
  const p = proof.map((x, i) => bigintField(x, `proof[${i}]`));
  const score = Number(bigintField(claim.score, "claim.score"));
  const claimed = {
    subject,
    score,
    modelCommitment: bigintField(claim.modelCommitment, "claim.modelCommitment"),
    attestorKeyHash: bigintField(claim.attestorKeyHash, "claim.attestorKeyHash"),
    attestedAt: bigintField(claim.attestedAt, "claim.attestedAt"),
  };
  const signals = o.publicSignals;
  let expected: string;
  try {
    expected = publicSignals(claimed).join();
  } catch (err) {
    return malformed(`the claim does not fit a proof: ${(err as Error).message}`);
  }
  if (!Array.isArray(signals) || signals.join() !== expected) {
    return malformed(
      "publicSignals are not the claim's [packedClaim, modelCommitment, attestorKeyHash]",
    );
  }
  const features = Array.isArray(o.features) ? o.features.map((f) => String(f)) : [];
  return {
    score,
    publicSignals: signals as string[],
    features,
    calldata: {
      claim: claimed,
      proof: p as unknown as SubmitScoreCalldata["proof"],
    },
  };
}

function parseJob(body: unknown): Job {
  const o = body as Record<string, unknown> | null;
  if (!o || typeof o.id !== "string") return malformed("no job id");
  const status = o.status;
  if (status !== "queued" && status !== "running" && status !== "done" && status !== "failed") {
    return malformed(`unknown status ${String(status)}`);
  }
  // A fresh 202 may carry only {id, status}; then the job has not started.
  const stage = o.stage === undefined ? (status === "done" ? "done" : "queued") : o.stage;
  if (typeof stage !== "string" || !STAGES.includes(stage))
    return malformed(`unknown stage ${String(stage)}`);
  const e = o.error as { code?: unknown; message?: unknown } | undefined;
  return {
    id: o.id,
    status,
    stage: stage as JobStage,
    error: e
      ? { code: String(e.code ?? "ERROR"), message: String(e.message ?? "unknown error") }
      : undefined,
    result: status === "done" ? parseResult(o.result) : undefined,
  };
}

/** Asks the service to score `subject` (at the latest block unless given). */
export async function startScoreJob(subject: Address, block?: bigint): Promise<Job> {
  const body = JSON.stringify(
    block === undefined ? { subject } : { subject, block: block.toString() },
  );
  return parseJob(
    await request("/v1/scores", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    }),
  );
}

/** The job's current state. */
export async function getScoreJob(id: string): Promise<Job> {
  return parseJob(await request(`/v1/scores/${encodeURIComponent(id)}`));
}

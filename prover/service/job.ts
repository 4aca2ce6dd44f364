/**
 * The score job: what a queue carries (JobData), what a client sees (JobView) and the one function
 * that does the work, `runScoreJob`, which the embedded worker threads and the Redis workers both
 * call. It is a thin layer over the prover library's `scoreWallet`: the service adds no scoring
 * logic, only JSON-safe results and error codes.
 */
import { getAddress, type Address } from "viem";
import {
  loadAttestorKey,
  loadScoringModel,
  scoreWallet,
  type AttestorKey,
  type ScoredWallet,
  type ScoreStage,
  type ScoringModel,
} from "../index.js";

/** What a queue carries: JSON-safe (BullMQ stores it as JSON), block already resolved. */
export interface JobData {
  /** Checksummed wallet address. */
  subject: Address;
  /** Decimal block number the history is read at. */
  block: string;
}

export type JobStatus = "queued" | "running" | "done" | "failed";
export type JobStage = "queued" | ScoreStage | "done" | "failed";

/** Wall time per stage, ms; present once the stage has ended. */
export interface JobTimings {
  queuedMs?: number;
  featuresMs?: number;
  attestationMs?: number;
  witnessMs?: number;
  proveMs?: number;
  /** features + attestation + proving (not the time queued). */
  totalMs?: number;
}

export interface JobError {
  code: string;
  message: string;
}

/** A finished job's result: bigints as decimal strings, in the contract's order. */
export interface JobResult {
  score: number;
  /** [packedClaim, modelCommitment, attestorKeyHash]; packedClaim = subject + attestedAt·2^160 + score·2^224. */
  publicSignals: string[];
  /** ScoreRegistry.submitScore(claim, proof). */
  calldata: {
    claim: {
      subject: Address;
      score: number;
      modelCommitment: string;
      attestorKeyHash: string;
      attestedAt: string;
    };
    /** [pA0, pA1, pB00, pB01, pB10, pB11, pC0, pC1]. */
    proof: string[];
  };
  /** The feature values the attestor signed, schema order. */
  features: string[];
  /** The chain history the features were derived from (what an auditor re-reads). */
  history: {
    wallet: Address;
    pool: Address;
    chainId: number;
    blockNumber: string;
    blockTimestamp: string;
    creditLimit: string;
    statementCount: string;
    thinFile: boolean;
    statements: {
      index: string;
      closedAt: string;
      creditLine: string;
      balance: string;
      paid: string;
      status: string;
      blockNumber: string;
      transactionHash: string;
    }[];
  };
  timings: JobTimings;
}

/** What GET /v1/scores/:id answers. */
export interface JobView {
  id: string;
  status: JobStatus;
  stage: JobStage;
  subject: Address;
  block: string;
  /** ISO time the job was created. */
  createdAt: string;
  timings: JobTimings;
  error?: JobError;
  result?: JobResult;
}

/** Progress reported while a job runs: the stage just started and the stages already timed. */
export interface JobProgress {
  stage: ScoreStage;
  timings: JobTimings;
}

/**
 * The job id of a request: one job per (subject, block), so duplicates find the running job.
 * No ":" (BullMQ reserves it in ids) and nothing secret: the history is public chain data.
 */
export function jobIdOf(data: JobData): string {
  return `${data.subject.toLowerCase()}-${data.block}`;
}

/** Pattern of job ids, for route validation. */
export const JOB_ID_PATTERN = "^0x[0-9a-f]{40}-[0-9]{1,20}$";

/** What a worker loads once and reuses for every job. Structured-clone safe (worker threads). */
export interface WorkerSetup {
  modelPath: string;
  /** Key file; without it the key is read from ZKCREDIT_ATTESTOR_KEY. */
  attestorKeyFile?: string;
  rpcUrl: string;
  pool: Address;
  /** Decimal; where history scans stop (the pool's deployment block). */
  fromBlock?: string;
}

export interface JobContext {
  model: ScoringModel;
  attestorKey: AttestorKey;
  rpcUrl: string;
  pool: Address;
  fromBlock?: bigint;
}

/** Loads the model (with its circuit artifacts) and the attestor key: once per worker. */
export async function loadJobContext(setup: WorkerSetup): Promise<JobContext> {
  const model = loadScoringModel(setup.modelPath);
  const attestorKey = await loadAttestorKey(
    setup.attestorKeyFile === undefined ? {} : { file: setup.attestorKeyFile },
  );
  return {
    model,
    attestorKey,
    rpcUrl: setup.rpcUrl,
    pool: getAddress(setup.pool),
    fromBlock: setup.fromBlock === undefined ? undefined : BigInt(setup.fromBlock),
  };
}

const STAGE_TIMING: Record<ScoreStage, keyof JobTimings> = {
  features: "featuresMs",
  attestation: "attestationMs",
  proving: "proveMs",
};

/** Scores one wallet: features → attestation → proof, reporting each stage as it starts. */
export async function runScoreJob(
  ctx: JobContext,
  data: JobData,
  onProgress: (progress: JobProgress) => void = () => {},
): Promise<JobResult> {
  const timings: JobTimings = {};
  let current: { stage: ScoreStage; at: number } | undefined;
  const scored = await scoreWallet({
    model: ctx.model,
    attestorKey: ctx.attestorKey,
    rpcUrl: ctx.rpcUrl,
    pool: ctx.pool,
    wallet: data.subject,
    blockNumber: BigInt(data.block),
    fromBlock: ctx.fromBlock,
    // Jobs run one per pool thread, and the pool has one thread per core: each proves on its own
    // thread (a multi-threaded prover cannot start inside a worker thread anyway).
    singleThread: true,
    onStage: (stage) => {
      const now = performance.now();
      if (current !== undefined) timings[STAGE_TIMING[current.stage]] = now - current.at;
      current = { stage, at: now };
      onProgress({ stage, timings: { ...timings } });
    },
  });
  return toJobResult(scored);
}

const str = (v: bigint | number): string => v.toString();

/** The JSON-safe form of scoreWallet's result. */
export function toJobResult(s: ScoredWallet): JobResult {
  const h = s.history;
  return {
    score: s.score,
    publicSignals: s.publicSignals.map(str),
    calldata: {
      claim: {
        subject: s.calldata.claim.subject,
        score: s.calldata.claim.score,
        modelCommitment: str(s.calldata.claim.modelCommitment),
        attestorKeyHash: str(s.calldata.claim.attestorKeyHash),
        attestedAt: str(s.calldata.claim.attestedAt),
      },
      proof: s.calldata.proof.map(str),
    },
    features: s.features.map(str),
    history: {
      wallet: h.wallet,
      pool: h.pool,
      chainId: h.chainId,
      blockNumber: str(h.blockNumber),
      blockTimestamp: str(h.blockTimestamp),
      creditLimit: str(h.creditLimit),
      statementCount: str(h.statementCount),
      thinFile: h.thinFile,
      statements: h.statements.map((st) => ({
        index: str(st.index),
        closedAt: str(st.closedAt),
        creditLine: str(st.creditLine),
        balance: str(st.balance),
        paid: str(st.paid),
        status: str(st.status),
        blockNumber: str(st.blockNumber),
        transactionHash: st.transactionHash,
      })),
    },
    timings: {
      featuresMs: s.timings.featuresMs,
      attestationMs: s.timings.attestationMs,
      witnessMs: s.timings.witnessMs,
      proveMs: s.timings.proveMs,
      totalMs: s.timings.totalMs,
    },
  };
}

/** Failure codes of a job, from the library's error messages (which name what was wrong). */
const JOB_ERROR_PATTERNS: [RegExp, string][] = [
  [/unknown block|beyond the chain head/i, "unknown_block"],
  [/not a lending pool|has no contract code|is it a LendingPool/i, "invalid_pool"],
  [/witness generation failed/i, "witness_failed"],
  [/attestor/i, "attestation_failed"],
  [
    /eth_|fetch failed|HTTP request failed|ECONNREFUSED|ECONNRESET|timed? ?out|socket/i,
    "rpc_error",
  ],
];

/** Job error codes worth one more attempt (the node may answer next time). */
export const RETRYABLE_JOB_ERRORS: ReadonlySet<string> = new Set(["rpc_error"]);

/**
 * The error a client sees for a failed job: a stable code and the library's first line, plus the
 * cause's first line when there is one (viem's "HTTP request failed." says why only there).
 */
export function jobErrorOf(err: unknown): JobError {
  const first = (e: unknown): string =>
    (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
  const { details, cause } = (err ?? {}) as { details?: unknown; cause?: unknown };
  let message = first(err);
  if (typeof details === "string" && details !== "" && !message.includes(details)) {
    message += ` (${details})`;
  } else if (cause instanceof Error && !message.includes(first(cause))) {
    message += ` (${first(cause)})`;
  }
  message = message.slice(0, 500);
  const code = JOB_ERROR_PATTERNS.find(([re]) => re.test(message))?.[1] ?? "job_failed";
  return { code, message };
}

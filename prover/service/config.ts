/**
 * Service configuration: one typed object, read from the environment by `configFromEnv` (what
 * `npm run serve` and `npm run worker` do) or built directly by tests and the bench. Every bad
 * value is refused at start-up with the variable's name, never discovered mid-job.
 */
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { getAddress, isAddress, type Address } from "viem";
import { REPO_ROOT } from "../proof/index.js";

export type QueueMode = "embedded" | "redis";

export interface ServiceConfig {
  /** Interface and port the API listens on (loopback unless told otherwise). */
  host: string;
  port: number;
  /** embedded: in-process queue + worker threads; redis: BullMQ, jobs done by `npm run worker`. */
  mode: QueueMode;
  /** Required in redis mode. */
  redisUrl?: string;
  /** Proofs at once: worker threads in this process (one proof per core). */
  concurrency: number;
  /** Quantized model files; the first one proves, all are listed by GET /v1/models. */
  modelPaths: string[];
  /** JSON-RPC endpoint of the chain the lending pool lives on. */
  rpcUrl: string;
  /** LendingPool address; default deployments/deployedContracts.ts for the RPC's chain id. */
  pool?: Address;
  /** ModelRegistry address for GET /v1/models; default from the deployments file, else none. */
  modelRegistry?: Address;
  /** The pool's deployment block (where history scans stop); default found on chain. */
  fromBlock?: bigint;
  /** Attestor key file; without it the key comes from ZKCREDIT_ATTESTOR_KEY. */
  attestorKeyFile?: string;
  /** Origins allowed to call the API from a browser (the web app). */
  corsOrigins: string[];
  /** Largest accepted request body, bytes. */
  bodyLimit: number;
  /** Requests per client (IP) per window on every route, and on POST /v1/scores. */
  rateLimit: { max: number; scoreMax: number; windowMs: number };
  /** Jobs waiting beyond this are refused with queue_full (backpressure, not unbounded memory). */
  maxQueued: number;
  /** How long a finished job is kept (and returned for duplicate requests), seconds. */
  jobTtlSeconds: number;
  /** BullMQ worker lock and stalled-job check (a crashed worker's job returns after ~both). */
  lockDurationMs: number;
  stalledIntervalMs: number;
  /**
   * Longest wait on SIGTERM. Redis: running jobs finish or are re-queued. Embedded: queued jobs
   * are worked off too; what has not finished then fails with code shutting_down.
   */
  shutdownTimeoutMs: number;
  logLevel: string;
}

export const DEFAULT_MODEL = resolve(REPO_ROOT, "data/models/reference/quantized.json");
export const DEFAULT_PORT = 8787;
/** The web app's dev server (web/, `next dev`). */
export const DEFAULT_CORS_ORIGINS = ["http://localhost:3000", "http://127.0.0.1:3000"];

/** Defaults for everything with a sensible default; rpcUrl has none. */
export function defaultConfig(rpcUrl: string): ServiceConfig {
  return {
    host: "127.0.0.1",
    port: DEFAULT_PORT,
    mode: "embedded",
    concurrency: availableParallelism(),
    modelPaths: [DEFAULT_MODEL],
    rpcUrl,
    corsOrigins: DEFAULT_CORS_ORIGINS,
    // A score request is ~80 bytes; 4 KiB leaves room for headers' worth of slack, not payloads.
    bodyLimit: 4096,
    // A browser polling one job every second stays well inside 600/min.
    rateLimit: { max: 600, scoreMax: 60, windowMs: 60_000 },
    maxQueued: 1000,
    jobTtlSeconds: 3600,
    lockDurationMs: 30_000,
    stalledIntervalMs: 30_000,
    shutdownTimeoutMs: 30_000,
    logLevel: "info",
  };
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, min: number, max: number): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return undefined;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new Error(`${name}="${raw}" must be an integer in [${min}, ${max}]`);
  }
  return Number(raw);
}

function address(env: Env, name: string): Address | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return undefined;
  if (!isAddress(raw, { strict: false }))
    throw new Error(`${name}="${raw}" is not an address (0x + 40 hex digits)`);
  return getAddress(raw);
}

function list(env: Env, name: string): string[] | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return undefined;
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/**
 * Reads the configuration from environment variables (names in the README of the service):
 * ZKCREDIT_RPC_URL (or RPC_URL), ZKCREDIT_POOL, ZKCREDIT_MODEL_REGISTRY, ZKCREDIT_FROM_BLOCK,
 * ZKCREDIT_MODEL (comma-separated), ZKCREDIT_ATTESTOR_KEY_FILE (or ZKCREDIT_ATTESTOR_KEY),
 * ZKCREDIT_HOST, PORT, ZKCREDIT_QUEUE (embedded|redis), REDIS_URL, ZKCREDIT_CONCURRENCY,
 * ZKCREDIT_CORS_ORIGINS, ZKCREDIT_BODY_LIMIT, ZKCREDIT_RATE_LIMIT, ZKCREDIT_SCORE_RATE_LIMIT,
 * ZKCREDIT_RATE_WINDOW_MS, ZKCREDIT_MAX_QUEUED, ZKCREDIT_JOB_TTL_S, ZKCREDIT_LOCK_DURATION_MS,
 * ZKCREDIT_STALLED_INTERVAL_MS, ZKCREDIT_SHUTDOWN_TIMEOUT_MS, LOG_LEVEL.
 */
export function configFromEnv(env: Env = process.env): ServiceConfig {
  const rpcUrl = (env.ZKCREDIT_RPC_URL ?? env.RPC_URL ?? "http://127.0.0.1:8545").trim();
  try {
    const url = new URL(rpcUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error();
  } catch {
    throw new Error(`ZKCREDIT_RPC_URL="${rpcUrl}" is not an http(s) URL`);
  }
  const c = defaultConfig(rpcUrl);
  const mode = env.ZKCREDIT_QUEUE?.trim() || "embedded";
  if (mode !== "embedded" && mode !== "redis") {
    throw new Error(`ZKCREDIT_QUEUE="${mode}" must be "embedded" or "redis"`);
  }
  c.mode = mode;
  c.redisUrl = env.REDIS_URL?.trim() || undefined;
  if (mode === "redis" && c.redisUrl === undefined) {
    throw new Error("ZKCREDIT_QUEUE=redis needs REDIS_URL (e.g. redis://127.0.0.1:6379)");
  }
  c.host = env.ZKCREDIT_HOST?.trim() || c.host;
  c.port = integer(env, "PORT", 0, 65535) ?? c.port;
  c.concurrency = integer(env, "ZKCREDIT_CONCURRENCY", 1, 256) ?? c.concurrency;
  c.modelPaths = (list(env, "ZKCREDIT_MODEL") ?? c.modelPaths).map((p) => resolve(p));
  c.pool = address(env, "ZKCREDIT_POOL");
  c.modelRegistry = address(env, "ZKCREDIT_MODEL_REGISTRY");
  const fromBlock = integer(env, "ZKCREDIT_FROM_BLOCK", 0, Number.MAX_SAFE_INTEGER);
  c.fromBlock = fromBlock === undefined ? undefined : BigInt(fromBlock);
  c.attestorKeyFile = env.ZKCREDIT_ATTESTOR_KEY_FILE?.trim() || undefined;
  c.corsOrigins = list(env, "ZKCREDIT_CORS_ORIGINS") ?? c.corsOrigins;
  c.bodyLimit = integer(env, "ZKCREDIT_BODY_LIMIT", 256, 1 << 20) ?? c.bodyLimit;
  c.rateLimit = {
    max: integer(env, "ZKCREDIT_RATE_LIMIT", 1, 1_000_000) ?? c.rateLimit.max,
    scoreMax: integer(env, "ZKCREDIT_SCORE_RATE_LIMIT", 1, 1_000_000) ?? c.rateLimit.scoreMax,
    windowMs: integer(env, "ZKCREDIT_RATE_WINDOW_MS", 100, 86_400_000) ?? c.rateLimit.windowMs,
  };
  c.maxQueued = integer(env, "ZKCREDIT_MAX_QUEUED", 1, 1_000_000) ?? c.maxQueued;
  c.jobTtlSeconds = integer(env, "ZKCREDIT_JOB_TTL_S", 1, 30 * 86_400) ?? c.jobTtlSeconds;
  c.lockDurationMs = integer(env, "ZKCREDIT_LOCK_DURATION_MS", 500, 600_000) ?? c.lockDurationMs;
  c.stalledIntervalMs =
    integer(env, "ZKCREDIT_STALLED_INTERVAL_MS", 200, 600_000) ?? c.stalledIntervalMs;
  c.shutdownTimeoutMs =
    integer(env, "ZKCREDIT_SHUTDOWN_TIMEOUT_MS", 0, 600_000) ?? c.shutdownTimeoutMs;
  c.logLevel = env.LOG_LEVEL?.trim() || c.logLevel;
  return c;
}

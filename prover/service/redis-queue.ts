/**
 * Redis mode, API side: jobs go into a BullMQ queue and are proven by `npm run worker` processes
 * (redis-worker.ts) on any machine that reaches the Redis server. Jobs live in Redis, so they
 * survive an API restart; the job id is the (subject, block) key, so BullMQ itself deduplicates.
 * Finished jobs are read back from Redis; completions reach the metrics through QueueEvents.
 */
import { Queue, QueueEvents, type Job } from "bullmq";
import type { Logger } from "pino";
import { ApiError } from "./errors.js";
import {
  jobIdOf,
  type JobData,
  type JobError,
  type JobProgress,
  type JobResult,
  type JobStatus,
  type JobView,
} from "./job.js";
import type { QueueCounts } from "./metrics.js";
import type { JobQueue, OnJobFinished } from "./queue.js";

/** The BullMQ queue every API and worker process of a deployment shares. */
export const QUEUE_NAME = "zkcredit-scores";

/** How a worker encodes a job error in BullMQ's failedReason (one string): "code: message". */
export function encodeJobError(e: JobError): string {
  return `${e.code}: ${e.message}`;
}

function decodeJobError(reason: string | undefined): JobError {
  const m = /^([a-z_]+): ([\s\S]*)$/.exec(reason ?? "");
  if (m !== null) return { code: m[1]!, message: m[2]! };
  // BullMQ's own reasons, e.g. "job stalled more than allowable limit" after repeated crashes.
  const code = /stalled/i.test(reason ?? "") ? "worker_crashed" : "job_failed";
  return { code, message: reason ?? "the job failed" };
}

const STATUS: Record<string, JobStatus> = {
  waiting: "queued",
  wait: "queued",
  delayed: "queued",
  prioritized: "queued",
  "waiting-children": "queued",
  active: "running",
  completed: "done",
  failed: "failed",
};

/**
 * The client's view of a BullMQ job in `state`. Read the state before the job: a job only moves
 * forward, so a snapshot taken after the state holds what that state needs (a snapshot taken
 * before it could be "active" data read as "completed", without the result).
 */
function viewOf(job: Job<JobData, JobResult>, state: string): JobView | undefined {
  const status = STATUS[state];
  if (status === undefined) return undefined; // "unknown": removed meanwhile
  const queuedMs =
    job.processedOn !== undefined ? Math.max(0, job.processedOn - job.timestamp) : undefined;
  const progress =
    typeof job.progress === "object" && job.progress !== null
      ? (job.progress as Partial<JobProgress>)
      : {};
  const view: JobView = {
    id: job.id!,
    status,
    stage:
      status === "running"
        ? (progress.stage ?? "features")
        : status === "queued"
          ? "queued"
          : status,
    subject: job.data.subject,
    block: job.data.block,
    createdAt: new Date(job.timestamp).toISOString(),
    timings: status === "queued" ? {} : { queuedMs, ...progress.timings },
  };
  if (status === "done") {
    view.result = job.returnvalue;
    view.timings = { queuedMs, ...job.returnvalue.timings };
  }
  if (status === "failed") view.error = decodeJobError(job.failedReason);
  return view;
}

export interface RedisQueueOptions {
  redisUrl: string;
  maxQueued: number;
  ttlSeconds: number;
  log: Logger;
  onFinished?: OnJobFinished;
}

export class RedisQueue implements JobQueue {
  readonly mode = "redis";
  #closing = false;

  private constructor(
    private readonly queue: Queue<JobData, JobResult>,
    private readonly events: QueueEvents,
    private readonly opts: RedisQueueOptions,
  ) {}

  static async start(opts: RedisQueueOptions): Promise<RedisQueue> {
    const queue = new Queue<JobData, JobResult>(QUEUE_NAME, {
      // No offline queue: with Redis down a request fails at once (503) instead of hanging.
      connection: { url: opts.redisUrl, enableOfflineQueue: false },
      defaultJobOptions: {
        // One retry, for what may pass (an RPC error, a dead prover thread); deterministic job
        // errors fail at once (UnrecoverableError in redis-worker.ts). A killed worker's job comes
        // back through BullMQ's stalled-job check, which does not count as an attempt.
        attempts: 2,
        backoff: { type: "fixed", delay: 1000 },
        removeOnComplete: { age: opts.ttlSeconds },
        removeOnFail: { age: opts.ttlSeconds },
      },
    });
    const events = new QueueEvents(QUEUE_NAME, {
      connection: { url: opts.redisUrl, maxRetriesPerRequest: null },
    });
    queue.on("error", (err) => opts.log.error({ err }, "redis queue error"));
    events.on("error", (err) => opts.log.error({ err }, "redis queue events error"));
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    const self = new RedisQueue(queue, events, opts);
    const finished = (jobId: string): void => {
      self
        .get(jobId)
        .then((view) => {
          if (view !== undefined && (view.status === "done" || view.status === "failed")) {
            opts.onFinished?.(view);
          }
        })
        .catch((err: unknown) => opts.log.warn({ err, jobId }, "cannot read finished job"));
    };
    events.on("completed", ({ jobId }) => finished(jobId));
    events.on("failed", ({ jobId }) => finished(jobId));
    return self;
  }

  async #call<T>(what: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (err) {
      // Our own errors and programming errors pass through (the latter become a logged 500).
      if (err instanceof ApiError || err instanceof TypeError || err instanceof RangeError)
        throw err;
      this.opts.log.error({ err }, `redis: ${what} failed`);
      throw new ApiError(
        "queue_unavailable",
        `the job queue (Redis) is unavailable: ${what} failed (${(err as Error).message.split("\n")[0]})`,
      );
    }
  }

  async submit(data: JobData): Promise<{ view: JobView; created: boolean }> {
    if (this.#closing) throw new ApiError("shutting_down", "the service is shutting down");
    const id = jobIdOf(data);
    return this.#call("submit", async () => {
      const existing = await this.#read(id);
      if (existing !== undefined) {
        const { job, view } = existing;
        if (view.status !== "failed") return { view, created: false };
        // A failed job is retried by a new request: remove it so the id is free again.
        await job.remove().catch(() => undefined);
      }
      const c = await this.counts();
      if (c.queued >= this.opts.maxQueued) {
        throw new ApiError("queue_full", `${c.queued} jobs are waiting; try again later`);
      }
      // With the same jobId BullMQ keeps the first job: two racing requests share one job.
      const job = await this.queue.add("score", data, { jobId: id });
      const view = viewOf(job, await job.getState());
      if (view === undefined) throw new Error(`job ${id} vanished right after it was added`);
      return { view, created: true };
    });
  }

  async get(id: string): Promise<JobView | undefined> {
    return this.#call("get", async () => (await this.#read(id))?.view);
  }

  /** A job and its view, state read first (see viewOf); undefined if there is no such job. */
  async #read(id: string): Promise<{ job: Job<JobData, JobResult>; view: JobView } | undefined> {
    const state = await this.queue.getJobState(id);
    const job = (await this.queue.getJob(id)) as Job<JobData, JobResult> | undefined;
    if (job === undefined) return undefined;
    const view = viewOf(job, state);
    return view === undefined ? undefined : { job, view };
  }

  async counts(): Promise<QueueCounts> {
    return this.#call("counts", async () => {
      const c = await this.queue.getJobCounts("wait", "delayed", "prioritized", "active");
      return {
        queued: (c.wait ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0),
        running: c.active ?? 0,
      };
    });
  }

  async healthy(): Promise<{ ok: boolean; detail: string }> {
    try {
      const workers = await this.queue.getWorkersCount();
      return { ok: !this.#closing, detail: `redis reachable, ${workers} worker(s) connected` };
    } catch (err) {
      return { ok: false, detail: `redis unreachable: ${(err as Error).message}` };
    }
  }

  /** The API holds no running jobs (workers do): closing is just closing the connections. */
  async close(): Promise<void> {
    this.#closing = true;
    await Promise.allSettled([this.events.close(), this.queue.close()]);
  }
}

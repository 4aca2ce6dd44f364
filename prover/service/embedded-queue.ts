/**
 * The default queue: jobs in this process's memory, proven by a ThreadPool of worker threads (one
 * proof per core). FIFO; a job whose thread crashed is put back at the front (up to
 * MAX_ATTEMPTS), one that met an RPC error once; finished jobs are kept `ttlSeconds` so duplicate
 * requests find them. Jobs do not survive a restart (that is what Redis mode is for), so a shutdown
 * works off the queued jobs as well as the running ones while its timeout allows, and fails the
 * rest with code `shutting_down`: a polling client learns to resubmit instead of losing its job.
 */
import type { Logger } from "pino";
import { ApiError } from "./errors.js";
import {
  RETRYABLE_JOB_ERRORS,
  jobIdOf,
  type JobData,
  type JobProgress,
  type JobView,
  type WorkerSetup,
} from "./job.js";
import type { QueueCounts } from "./metrics.js";
import type { JobQueue, OnJobFinished } from "./queue.js";
import { JobFailedError, ThreadPool, WorkerCrashedError } from "./thread-pool.js";

/** A job is tried this many times when its thread dies under it (a crash, not a job error). */
const MAX_ATTEMPTS = 3;

/** On shutdown, how long proofs finished during the drain wait for their clients to fetch them. */
const LINGER_MS = 5000;

interface Entry {
  view: JobView;
  data: JobData;
  attempts: number;
  enqueuedAt: number;
  finishedAt?: number;
  /** A client has read the job since it finished. */
  fetched?: boolean;
}

export interface EmbeddedQueueOptions {
  concurrency: number;
  setup: WorkerSetup;
  maxQueued: number;
  ttlSeconds: number;
  log: Logger;
  onFinished?: OnJobFinished;
}

export class EmbeddedQueue implements JobQueue {
  readonly mode = "embedded";
  readonly #jobs = new Map<string, Entry>();
  readonly #pending: string[] = [];
  readonly #sweeper: NodeJS.Timeout;
  /** Set by close(): submissions are refused. */
  #closing = false;
  /** Set when close()'s time is up: queued jobs are no longer started or retried. */
  #stopped = false;
  /** Jobs handed to the pool and not finished. */
  #active = 0;

  private constructor(
    readonly pool: ThreadPool,
    private readonly opts: EmbeddedQueueOptions,
  ) {
    this.#sweeper = setInterval(() => this.#sweep(), 10_000).unref();
  }

  /** Starts the worker threads (each loads the model once) and returns the ready queue. */
  static async start(opts: EmbeddedQueueOptions): Promise<EmbeddedQueue> {
    const pool = await ThreadPool.start(opts.concurrency, opts.setup, opts.log);
    return new EmbeddedQueue(pool, opts);
  }

  async submit(data: JobData): Promise<{ view: JobView; created: boolean }> {
    if (this.#closing) throw new ApiError("shutting_down", "the service is shutting down");
    const id = jobIdOf(data);
    const existing = this.#jobs.get(id);
    if (existing !== undefined && existing.view.status !== "failed") {
      return { view: existing.view, created: false };
    }
    if (this.#pending.length >= this.opts.maxQueued) {
      throw new ApiError("queue_full", `${this.#pending.length} jobs are waiting; try again later`);
    }
    const view: JobView = {
      id,
      status: "queued",
      stage: "queued",
      subject: data.subject,
      block: data.block,
      createdAt: new Date().toISOString(),
      timings: {},
    };
    this.#jobs.set(id, { view, data, attempts: 0, enqueuedAt: performance.now() });
    this.#pending.push(id);
    this.#dispatch();
    return { view, created: true };
  }

  async get(id: string): Promise<JobView | undefined> {
    const entry = this.#jobs.get(id);
    if (entry?.finishedAt !== undefined) entry.fetched = true;
    return entry?.view;
  }

  async counts(): Promise<QueueCounts> {
    return { queued: this.#pending.length, running: this.#active };
  }

  async healthy(): Promise<{ ok: boolean; detail: string }> {
    const threads = this.pool.idle + this.pool.busy;
    return {
      ok: threads > 0 && !this.#closing,
      detail: `${threads}/${this.pool.size} prover threads`,
    };
  }

  #dispatch(): void {
    // Count jobs handed to the pool rather than idle threads: a thread being replaced after a
    // crash is not idle yet, and pool.run waits for it.
    while (!this.#stopped && this.#active < this.pool.size && this.#pending.length > 0) {
      const entry = this.#jobs.get(this.#pending.shift()!);
      if (entry !== undefined) this.#run(entry);
    }
  }

  #run(entry: Entry): void {
    const { view } = entry;
    entry.attempts++;
    this.#active++;
    view.status = "running";
    view.stage = "features";
    view.timings = { queuedMs: performance.now() - entry.enqueuedAt };
    const queuedMs = view.timings.queuedMs;
    const onProgress = (p: JobProgress): void => {
      view.stage = p.stage;
      view.timings = { queuedMs, ...p.timings };
    };
    this.pool
      .run(view.id, entry.data, onProgress)
      .then((result) => {
        view.status = "done";
        view.stage = "done";
        view.result = result;
        view.timings = { queuedMs, ...result.timings };
        this.#finish(entry);
      })
      .catch((err: unknown) => {
        const retry =
          err instanceof WorkerCrashedError ||
          (err instanceof JobFailedError && RETRYABLE_JOB_ERRORS.has(err.error.code));
        // A crash is retried up to MAX_ATTEMPTS times, a retryable job error once.
        const attemptsAllowed = err instanceof WorkerCrashedError ? MAX_ATTEMPTS : 2;
        if (retry && entry.attempts < attemptsAllowed && !this.#stopped) {
          this.opts.log.warn({ jobId: view.id, attempts: entry.attempts }, "re-queueing job");
          view.status = "queued";
          view.stage = "queued";
          this.#pending.unshift(view.id);
        } else {
          view.status = "failed";
          view.stage = "failed";
          view.error =
            err instanceof JobFailedError
              ? err.error
              : this.#stopped && err instanceof WorkerCrashedError
                ? {
                    code: "shutting_down",
                    message: "the service shut down while proving this job; submit it again",
                  }
                : {
                    code: err instanceof WorkerCrashedError ? "worker_crashed" : "job_failed",
                    message: (err as Error).message,
                  };
          this.#finish(entry);
        }
      })
      .finally(() => {
        this.#active--;
        this.#dispatch();
      });
  }

  #finish(entry: Entry): void {
    entry.finishedAt = Date.now();
    const { view } = entry;
    this.opts.log.info(
      { jobId: view.id, status: view.status, error: view.error, timings: view.timings },
      "job finished",
    );
    this.opts.onFinished?.(view);
  }

  /** Forgets finished jobs older than the TTL, so a long-running service does not grow. */
  #sweep(): void {
    const before = Date.now() - this.opts.ttlSeconds * 1000;
    for (const [id, e] of this.#jobs) {
      if (e.finishedAt !== undefined && e.finishedAt < before) this.#jobs.delete(id);
    }
  }

  async close(timeoutMs: number): Promise<void> {
    const closingAt = Date.now();
    const deadline = closingAt + timeoutMs;
    this.#closing = true;
    clearInterval(this.#sweeper);
    if (this.#pending.length > 0) {
      this.opts.log.info({ jobs: this.#pending.length }, "working off queued jobs before exit");
    }
    while (this.#pending.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    this.#stopped = true;
    const unstarted = this.#pending.splice(0);
    if (unstarted.length > 0) {
      this.opts.log.warn({ jobs: unstarted.length }, "shutdown timeout: queued jobs not started");
    }
    for (const id of unstarted) {
      const entry = this.#jobs.get(id);
      if (entry === undefined) continue;
      entry.view.status = "failed";
      entry.view.stage = "failed";
      entry.view.error = {
        code: "shutting_down",
        message: "the service shut down before this job started; submit it again",
      };
      this.#finish(entry);
    }
    const finished = await this.pool.drain(Math.max(0, deadline - Date.now()));
    if (!finished) this.opts.log.warn("running jobs did not finish in time; stopping them");
    await this.pool.close();
    // The proofs finished during the drain exist only here: give their polling clients a moment
    // to fetch them before the process goes.
    const unread = () =>
      [...this.#jobs.values()].some(
        (e) => e.finishedAt !== undefined && e.finishedAt >= closingAt && e.fetched !== true,
      );
    const until = Date.now() + Math.min(LINGER_MS, timeoutMs);
    while (unread() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  }
}

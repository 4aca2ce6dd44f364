/**
 * A fixed pool of prover worker threads (thread-worker.ts), one job per thread at a time: one proof
 * per core. Both queue modes prove through it: the embedded queue in the API process, the Redis
 * worker in its own process (so the main thread stays free to renew BullMQ's job locks while a
 * proof runs). A thread that dies mid-job fails that job with `WorkerCrashedError` and is replaced.
 */
import { Worker } from "node:worker_threads";
import type { Logger } from "pino";
import type { JobData, JobError, JobProgress, JobResult, WorkerSetup } from "./job.js";

export type ToWorker = { type: "run"; jobId: string; data: JobData };
export type FromWorker =
  | { type: "ready" }
  | { type: "loadFailed"; message: string }
  | { type: "progress"; jobId: string; progress: JobProgress }
  | { type: "done"; jobId: string; result: JobResult; rssBytes: number }
  | { type: "failed"; jobId: string; error: JobError };

/** A job whose thread died under it (the job itself may be fine: run it again). */
export class WorkerCrashedError extends Error {
  constructor(
    readonly jobId: string,
    reason: string,
  ) {
    super(`the prover thread running job ${jobId} died: ${reason}`);
    this.name = "WorkerCrashedError";
  }
}

/** A job that failed with a classified error (see jobErrorOf). */
export class JobFailedError extends Error {
  constructor(readonly error: JobError) {
    super(error.message);
    this.name = "JobFailedError";
  }
}

interface Running {
  jobId: string;
  onProgress: (p: JobProgress) => void;
  resolve: (r: JobResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  running?: Running;
}

const WORKER_FILE = new URL("./thread-worker.ts", import.meta.url);

/**
 * snarkjs's dependency `web-worker` assumes any worker thread is one it started itself and, on
 * load, runs `workerData.mod` as the worker's script (logging an error when there is none). The
 * prover threads give it an empty script so it stays quiet; their own data is under `setup`.
 */
const WEB_WORKER_SHIM = { mod: "data:,", name: "zkcredit-prover" } as const;

/** What a prover thread receives as workerData. */
export interface ThreadData {
  mod: string;
  name: string;
  setup: WorkerSetup;
}

/**
 * Threads inherit the parent's execArgv; add the tsx loader when the parent got TypeScript
 * support some other way (e.g. a test runner's in-process hooks), so thread-worker.ts loads.
 */
function workerExecArgv(): string[] {
  const argv = process.execArgv;
  return argv.some((a) => a.includes("tsx"))
    ? argv
    : [...argv, "--import", import.meta.resolve("tsx/esm")];
}

export class ThreadPool {
  /** Threads ready to take jobs. */
  readonly #slots: Slot[] = [];
  /** Every live thread, including those still loading the model. */
  readonly #workers = new Set<Worker>();
  readonly #waiters: (() => void)[] = [];
  #closing = false;
  /** Largest RSS a thread reported after a job, bytes (the whole process's RSS). */
  peakRssBytes = 0;

  private constructor(
    readonly size: number,
    readonly setup: WorkerSetup,
    private readonly log: Logger,
  ) {}

  /** Starts `size` threads and waits until each has loaded the model (or one fails to). */
  static async start(size: number, setup: WorkerSetup, log: Logger): Promise<ThreadPool> {
    const pool = new ThreadPool(size, setup, log);
    try {
      await Promise.all(Array.from({ length: size }, () => pool.#spawn()));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  #spawn(): Promise<void> {
    const worker = new Worker(WORKER_FILE, {
      workerData: { ...WEB_WORKER_SHIM, setup: this.setup } satisfies ThreadData,
      execArgv: workerExecArgv(),
    });
    this.#workers.add(worker);
    const slot: Slot = { worker };
    return new Promise<void>((ready, failed) => {
      let started = false;
      worker.on("message", (msg: FromWorker) => {
        if (msg.type === "ready") {
          started = true;
          this.#slots.push(slot);
          this.#wake();
          ready();
        } else if (msg.type === "loadFailed") {
          failed(new Error(`prover worker could not start: ${msg.message}`));
        } else {
          this.#onJobMessage(slot, msg);
        }
      });
      worker.on("error", (err) => {
        this.log.error({ err }, "prover thread error");
        if (!started) failed(err);
      });
      worker.on("exit", (code) => {
        this.#workers.delete(worker);
        const i = this.#slots.indexOf(slot);
        if (i >= 0) this.#slots.splice(i, 1);
        if (!started) {
          failed(new Error(`prover worker exited (code ${code}) before loading the model`));
          return;
        }
        const running = slot.running;
        slot.running = undefined;
        running?.reject(new WorkerCrashedError(running.jobId, `thread exited with code ${code}`));
        if (!this.#closing) {
          this.log.warn({ code, jobId: running?.jobId }, "prover thread exited; starting another");
          this.#spawn().catch((err: unknown) =>
            this.log.error({ err }, "could not replace a prover thread"),
          );
        }
      });
    });
  }

  #onJobMessage(slot: Slot, msg: Exclude<FromWorker, { type: "ready" | "loadFailed" }>): void {
    const running = slot.running;
    if (running === undefined || running.jobId !== msg.jobId) return;
    if (msg.type === "progress") {
      running.onProgress(msg.progress);
      return;
    }
    slot.running = undefined;
    if (msg.type === "done") {
      this.peakRssBytes = Math.max(this.peakRssBytes, msg.rssBytes);
      running.resolve(msg.result);
    } else {
      running.reject(new JobFailedError(msg.error));
    }
    this.#wake();
  }

  #wake(): void {
    while (this.#waiters.length > 0 && this.idle > 0) this.#waiters.shift()!();
  }

  /** Threads ready and not proving. */
  get idle(): number {
    return this.#slots.filter((s) => s.running === undefined).length;
  }

  /** Jobs running now. */
  get busy(): number {
    return this.#slots.filter((s) => s.running !== undefined).length;
  }

  /** Runs a job on the next free thread (waiting for one if all are busy). */
  async run(
    jobId: string,
    data: JobData,
    onProgress: (p: JobProgress) => void,
  ): Promise<JobResult> {
    while (this.idle === 0) {
      if (this.#closing) throw new Error("the prover pool is closing");
      await new Promise<void>((wake) => this.#waiters.push(wake));
    }
    const slot = this.#slots.find((s) => s.running === undefined)!;
    return new Promise<JobResult>((resolve, reject) => {
      slot.running = { jobId, onProgress, resolve, reject };
      slot.worker.postMessage({ type: "run", jobId, data } satisfies ToWorker);
    });
  }

  /** Waits until no job runs, at most `timeoutMs`; true when idle. */
  async drain(timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (this.busy > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    return this.busy === 0;
  }

  /** Stops every thread; running jobs fail with WorkerCrashedError. */
  async close(): Promise<void> {
    this.#closing = true;
    for (const wake of this.#waiters.splice(0)) wake();
    await Promise.all([...this.#workers].map((w) => w.terminate()));
  }
}

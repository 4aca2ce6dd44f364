/**
 * Redis mode, worker side (`npm run worker`): takes score jobs from the BullMQ queue and proves them
 * on a ThreadPool, the same job code as the embedded queue. Run as many as you like, anywhere.
 *
 * Crash safety is BullMQ's: the worker holds a lock on each active job and renews it every
 * lockDuration/2 from the main thread (the proof runs on a worker thread, so renewal never
 * waits for it). A killed worker stops renewing; after lockDuration the lock expires and the next
 * stalled-job check (every stalledInterval, on any live worker) moves the job back to wait, where
 * another worker takes it. A graceful stop (SIGTERM) lets running proofs finish for up to
 * shutdownTimeoutMs, then puts the unfinished jobs back in the queue itself.
 */
import { UnrecoverableError, WaitingError, Worker, type Job } from "bullmq";
import type { Logger } from "pino";
import type { ServiceConfig } from "./config.js";
import { RETRYABLE_JOB_ERRORS, type JobData, type JobResult, type WorkerSetup } from "./job.js";
import { QUEUE_NAME, encodeJobError } from "./redis-queue.js";
import { JobFailedError, ThreadPool, WorkerCrashedError } from "./thread-pool.js";

export interface RedisWorker {
  /** Jobs proven by this worker since start. */
  readonly completed: number;
  readonly pool: ThreadPool;
  /** Graceful stop: finish or re-queue running jobs, close Redis, stop the threads. */
  close(): Promise<void>;
}

export async function startRedisWorker(
  config: ServiceConfig,
  setup: WorkerSetup,
  log: Logger,
): Promise<RedisWorker> {
  if (config.redisUrl === undefined) throw new Error("the Redis worker needs REDIS_URL");
  const pool = await ThreadPool.start(config.concurrency, setup, log);
  // Fired on shutdown after the grace period: running processors put their jobs back.
  let requeue: () => void = () => {};
  const requeueNow = new Promise<void>((resolve) => (requeue = resolve));
  let completed = 0;

  const processor = async (job: Job<JobData, JobResult>, token?: string): Promise<JobResult> => {
    const id = job.id!;
    log.info({ jobId: id, attempt: job.attemptsStarted }, "job started");
    const proving = pool.run(id, job.data, (p) => {
      job.updateProgress(p).catch((err: unknown) => log.warn({ err, jobId: id }, "progress lost"));
    });
    const outcome = await Promise.race([
      proving.then((result) => ({ result })),
      requeueNow.then(() => ({ requeue: true as const })),
    ]).catch((err: unknown) => ({ err }));
    if ("result" in outcome) {
      completed++;
      log.info({ jobId: id, timings: outcome.result.timings }, "job done");
      return outcome.result;
    }
    if ("requeue" in outcome) {
      proving.catch(() => undefined); // the thread is stopped below; its rejection is expected
      await job.moveToWait(token);
      log.warn({ jobId: id }, "shutting down: job put back in the queue");
      throw new WaitingError();
    }
    const { err } = outcome;
    if (err instanceof JobFailedError) {
      log.warn({ jobId: id, error: err.error }, "job failed");
      const reason = encodeJobError(err.error);
      throw RETRYABLE_JOB_ERRORS.has(err.error.code)
        ? new Error(reason)
        : new UnrecoverableError(reason);
    }
    if (err instanceof WorkerCrashedError) {
      throw new Error(encodeJobError({ code: "worker_crashed", message: err.message }));
    }
    throw err;
  };

  const worker = new Worker<JobData, JobResult>(QUEUE_NAME, processor, {
    connection: { url: config.redisUrl, maxRetriesPerRequest: null },
    concurrency: pool.size,
    lockDuration: config.lockDurationMs,
    stalledInterval: config.stalledIntervalMs,
    // A job whose worker died twice is failed rather than retried forever.
    maxStalledCount: 2,
    removeOnComplete: { age: config.jobTtlSeconds },
    removeOnFail: { age: config.jobTtlSeconds },
  });
  worker.on("error", (err) => log.error({ err }, "redis worker error"));
  await worker.waitUntilReady();
  log.info(
    { queue: QUEUE_NAME, concurrency: pool.size, lockDurationMs: config.lockDurationMs },
    "redis worker ready",
  );

  return {
    get completed() {
      return completed;
    },
    pool,
    async close() {
      // Take no new jobs, give the running ones the grace period, then hand them back.
      const closing = worker.close();
      const drained = await pool.drain(config.shutdownTimeoutMs);
      if (!drained) requeue();
      await closing;
      await pool.close();
    },
  };
}

/**
 * What the HTTP layer needs from a job queue. Two implementations: EmbeddedQueue (in-process,
 * worker threads; the default) and RedisQueue (BullMQ; workers are separate processes).
 */
import type { JobData, JobView } from "./job.js";
import type { QueueCounts } from "./metrics.js";

export interface JobQueue {
  readonly mode: "embedded" | "redis";
  /**
   * The job for (subject, block): the existing one unless it failed or expired, else a new one.
   * Throws ApiError("queue_full") when too many jobs wait.
   */
  submit(data: JobData): Promise<{ view: JobView; created: boolean }>;
  get(id: string): Promise<JobView | undefined>;
  counts(): Promise<QueueCounts>;
  /** Whether the queue can take jobs (Redis reachable, prover threads alive). */
  healthy(): Promise<{ ok: boolean; detail: string }>;
  /** Stops taking jobs; lets running jobs finish for up to `timeoutMs`, then re-queues or drops them. */
  close(timeoutMs: number): Promise<void>;
}

/** Called once per job when it reaches done or failed (metrics). */
export type OnJobFinished = (view: JobView) => void;

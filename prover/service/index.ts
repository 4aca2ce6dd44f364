/**
 * The prover service: an HTTP API over the prover library with an embedded job queue (worker
 * threads, the default) or a Redis (BullMQ) queue served by `npm run worker` processes.
 *
 *   const service = await startService(configFromEnv());   // npm run serve
 *   const worker = await startWorker(configFromEnv());     // npm run worker (Redis mode)
 */
export { configFromEnv, defaultConfig, type QueueMode, type ServiceConfig } from "./config.js";
export { startService, startWorker, type Service } from "./service.js";
export type { RedisWorker } from "./redis-worker.js";
export { ERROR_CODES, type ErrorBody, type ErrorCode } from "./errors.js";
export {
  jobIdOf,
  runScoreJob,
  type JobData,
  type JobResult,
  type JobStage,
  type JobStatus,
  type JobView,
} from "./job.js";

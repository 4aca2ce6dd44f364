/**
 * A prover worker thread: loads the model and the attestor key once, then runs one score job at a
 * time for its ThreadPool (thread-pool.ts). Messages are the `ToWorker`/`FromWorker` unions.
 */
import { parentPort, workerData } from "node:worker_threads";
import { jobErrorOf, loadJobContext, runScoreJob, type JobContext } from "./job.js";
import type { FromWorker, ThreadData, ToWorker } from "./thread-pool.js";

const port = parentPort;
if (port === null) throw new Error("thread-worker.ts runs as a worker thread (see ThreadPool)");
const post = (msg: FromWorker): void => port.postMessage(msg);

let ctx: JobContext;
try {
  ctx = await loadJobContext((workerData as ThreadData).setup);
  post({ type: "ready" });
} catch (err) {
  post({ type: "loadFailed", message: jobErrorOf(err).message });
  // Nothing to serve without a model: let the pool see the exit.
  process.exit(1);
}

port.on("message", (msg: ToWorker) => {
  const { jobId, data } = msg;
  runScoreJob(ctx, data, (progress) => post({ type: "progress", jobId, progress }))
    .then((result) => post({ type: "done", jobId, result, rssBytes: process.memoryUsage.rss() }))
    .catch((err: unknown) => post({ type: "failed", jobId, error: jobErrorOf(err) }));
});

/**
 * `npm run worker`: a Redis-mode prover worker (REDIS_URL required) taking score jobs from the
 * queue the API fills. Start as many as there are machines and cores; ZKCREDIT_CONCURRENCY sets
 * the proofs per process (default: one per core). SIGTERM/SIGINT: finish or re-queue running jobs.
 */
import { configFromEnv, startWorker } from "../prover/service/index.js";

async function main(): Promise<void> {
  const config = configFromEnv({ ...process.env, ZKCREDIT_QUEUE: "redis" });
  const worker = await startWorker(config);
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      worker.close().then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
    });
  }
}

main().catch((err: unknown) => {
  console.error(`zkcredit worker: ${(err as Error).message}`);
  process.exit(1);
});

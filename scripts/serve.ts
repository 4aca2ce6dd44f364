/**
 * `npm run serve`: the prover service's HTTP API (default http://127.0.0.1:8787) with the queue
 * ZKCREDIT_QUEUE selects (embedded by default). Configuration: environment variables, see
 * prover/service/config.ts. SIGTERM/SIGINT shut down gracefully.
 */
import { configFromEnv, startService } from "../prover/service/index.js";

async function main(): Promise<void> {
  const service = await startService(configFromEnv());
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      service.close().then(
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
  console.error(`zkcredit serve: ${(err as Error).message}`);
  process.exit(1);
});

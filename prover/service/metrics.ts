/**
 * Prometheus metrics (GET /metrics): queue depth, jobs finished, proofs per minute, stage
 * latencies and failures. One registry per service instance, so tests can run several.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { JobView } from "./job.js";

/** Stage latency buckets, seconds: a proof takes ~1 s, an RPC history read ~10-100 ms. */
const BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64];

export interface QueueCounts {
  queued: number;
  running: number;
}

export class ServiceMetrics {
  readonly registry = new Registry();
  readonly #completed: Counter<"status">;
  readonly #failures: Counter<"code">;
  readonly #stage: Histogram<"stage">;
  readonly #httpErrors: Counter<"code">;
  /** Completion times (ms since epoch) of the last minute, for proofs per minute. */
  #recent: number[] = [];

  /** Where the queue depth gauge reads from (set once the queue exists). */
  #queue: { counts(): Promise<QueueCounts> } | undefined;

  constructor() {
    const registry = this.registry;
    collectDefaultMetrics({ register: registry, prefix: "zkcredit_service_" });
    this.#completed = new Counter({
      name: "zkcredit_jobs_finished_total",
      help: "Score jobs finished, by final status (done = proof produced).",
      labelNames: ["status"],
      registers: [registry],
    });
    this.#failures = new Counter({
      name: "zkcredit_job_failures_total",
      help: "Failed score jobs, by error code.",
      labelNames: ["code"],
      registers: [registry],
    });
    this.#stage = new Histogram({
      name: "zkcredit_stage_duration_seconds",
      help: "Wall time of each job stage (queued, features, attestation, witness, prove, total).",
      labelNames: ["stage"],
      buckets: BUCKETS,
      registers: [registry],
    });
    this.#httpErrors = new Counter({
      name: "zkcredit_http_errors_total",
      help: "Error responses, by error code.",
      labelNames: ["code"],
      registers: [registry],
    });
    const queue = () => this.#queue?.counts();
    const recent = (): number => {
      const since = Date.now() - 60_000;
      this.#recent = this.#recent.filter((t) => t >= since);
      return this.#recent.length;
    };
    new Gauge({
      name: "zkcredit_proofs_per_minute",
      help: "Proofs completed in the last 60 seconds.",
      registers: [registry],
      collect() {
        this.set(recent());
      },
    });
    new Gauge({
      name: "zkcredit_queue_depth",
      help: "Score jobs by queue state (queued = waiting for a worker, running = being proven).",
      labelNames: ["state"],
      registers: [registry],
      async collect() {
        const c = (await queue()) ?? { queued: 0, running: 0 };
        this.set({ state: "queued" }, c.queued);
        this.set({ state: "running" }, c.running);
      },
    });
  }

  /** Reports the depth of this queue. */
  watch(queue: { counts(): Promise<QueueCounts> }): void {
    this.#queue = queue;
  }

  /** Records a finished job: its status, failure code and stage timings. */
  jobFinished(view: JobView): void {
    this.#completed.inc({ status: view.status });
    if (view.status === "failed") {
      this.#failures.inc({ code: view.error?.code ?? "job_failed" });
      return;
    }
    this.#recent.push(Date.now());
    const t = view.timings;
    const stages: [string, number | undefined][] = [
      ["queued", t.queuedMs],
      ["features", t.featuresMs],
      ["attestation", t.attestationMs],
      ["witness", t.witnessMs],
      ["prove", t.proveMs],
      ["total", t.totalMs],
    ];
    for (const [stage, ms] of stages) {
      if (ms !== undefined) this.#stage.observe({ stage }, ms / 1000);
    }
  }

  httpError(code: string): void {
    this.#httpErrors.inc({ code });
  }
}

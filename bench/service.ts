/**
 * Load run of the prover service on loopback: the service (`scripts/serve.ts`, embedded queue) in
 * its own process with 1, then 2 prover workers, against Hardhat's in-process chain (the service
 * tests' fixture, served over HTTP). N concurrent clients submit a fixed number of distinct score
 * jobs and poll each to completion; the run stops by itself.
 *
 * Reported: proofs per minute (timed phase, after one warm-up job per worker), p50/p95 latency
 * from POST to done (queueing included: that is what a client waits), and the service process's
 * peak RSS (VmHWM). With the embedded queue all workers share that process, so the 1-worker
 * figure is the footprint of one worker plus the API, an upper bound for a worker.
 *
 * Alone: `npx tsx bench/service.ts` (BENCH_SERVICE_JOBS, BENCH_SERVICE_CLIENTS to size it).
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { pathToFileURL } from "node:url";
import type { Address } from "viem";
import { terminateCurves } from "../prover/index.js";
import type { JobView } from "../prover/service/index.js";
import { startTestChain, type TestChain } from "../test/service/chain.js";
import { send, waitForJob } from "../test/service/http.js";
import { startServeProcess } from "../test/service/process.js";

export interface ServiceFigures {
  proofsPerMinute1Worker: number;
  proofsPerMinute2Workers: number;
  /** POST → done, the 2-worker run. */
  p50LatencyMs: number;
  p95LatencyMs: number;
  /** Peak RSS of the service process with one worker (API + one prover thread), MB. */
  workerPeakRssMb: number;
  /** Peak RSS of the service process with two workers, MB. */
  servicePeakRssMb2Workers: number;
  /** Median stage times inside the workers (2-worker run), ms: where a job's time goes. */
  serviceFeaturesMsMedian: number;
  serviceWitnessMsMedian: number;
  serviceProveMsMedian: number;
  /** Cores the service process got during the timed phases (the machine is shared). */
  serviceCores1Worker: number;
  serviceCores2Workers: number;
  /** 1-minute load average when the run started: the machine is shared, read figures with it. */
  loadAverageAtStart: number;
}

interface RunFigures {
  proofsPerMinute: number;
  latencies: number[];
  views: JobView[];
  peakRssMb: number;
  /** CPU the service process used during the timed phase, in cores (CPU seconds / wall seconds). */
  cores: number;
}

/** CPU seconds a process has used, all threads (Linux /proc; NaN elsewhere). */
function cpuSeconds(pid: number): number {
  try {
    // Fields after the command name: state is the 3rd, utime the 14th, stime the 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks, USER_HZ = 100
  } catch {
    return Number.NaN;
  }
}

/** Peak resident set size of a process, MB (Linux /proc; NaN elsewhere). */
function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m === null ? Number.NaN : Number(m[1]) / 1024;
  } catch {
    return Number.NaN;
  }
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/** A fresh wallet per job, so no two requests share a job (subject, block). */
function wallet(i: number, workers: number): Address {
  return `0x${(0xbe00_0000n + BigInt(workers) * 1_000_000n + BigInt(i)).toString(16).padStart(40, "0")}` as Address;
}

/** Starts `npm run serve` with `workers` workers; the load generator is one client address. */
async function startServiceProcess(chain: TestChain, workers: number) {
  const service = await startServeProcess(chain, {
    env: {
      ZKCREDIT_MODEL_REGISTRY: chain.zk.modelRegistry.address,
      ZKCREDIT_CONCURRENCY: String(workers),
      // The load generator is one client address: lift the per-client limits for it.
      ZKCREDIT_RATE_LIMIT: "1000000",
      ZKCREDIT_SCORE_RATE_LIMIT: "1000000",
      LOG_LEVEL: "warn",
    },
  });
  return { url: service.url, pid: service.child.pid!, stop: service.stop };
}

/** `clients` concurrent clients run jobs [from, to) to completion; each job's latency and view. */
async function load(
  url: string,
  workers: number,
  from: number,
  to: number,
  clients: number,
): Promise<{ latencies: number[]; views: JobView[] }> {
  const latencies: number[] = [];
  const views: JobView[] = [];
  let next = from;
  const client = async () => {
    for (let i = next++; i < to; i = next++) {
      const t0 = performance.now();
      const posted = await send(url, { body: { subject: wallet(i, workers) } });
      if (posted.status !== 202)
        throw new Error(`POST /v1/scores: ${posted.status} ${posted.text}`);
      const done = await waitForJob(url, (posted.json as JobView).id, 600_000);
      if (done.status !== "done")
        throw new Error(`job ${done.id} failed: ${JSON.stringify(done.error)}`);
      latencies.push(performance.now() - t0);
      views.push(done);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { latencies, views };
}

async function run(
  chain: TestChain,
  workers: number,
  jobs: number,
  clients: number,
): Promise<RunFigures> {
  const service = await startServiceProcess(chain, workers);
  try {
    // Warm-up: one job per worker (each thread's first proof compiles the circuit's wasm).
    await load(service.url, workers, 0, workers, workers);
    const t0 = performance.now();
    const cpu0 = cpuSeconds(service.pid);
    const { latencies, views } = await load(service.url, workers, workers, workers + jobs, clients);
    const minutes = (performance.now() - t0) / 60_000;
    return {
      proofsPerMinute: jobs / minutes,
      latencies,
      views,
      peakRssMb: peakRssMb(service.pid),
      cores: (cpuSeconds(service.pid) - cpu0) / (minutes * 60),
    };
  } finally {
    await service.stop();
  }
}

/** The load run with 1 and 2 workers (what `npm run bench` calls). */
export async function benchService(
  opts: { jobs?: number; clients?: number } = {},
): Promise<ServiceFigures> {
  const jobs = opts.jobs ?? Number(process.env.BENCH_SERVICE_JOBS ?? 24);
  const clients = opts.clients ?? Number(process.env.BENCH_SERVICE_CLIENTS ?? 4);
  const loadAverageAtStart = loadavg()[0]!;
  const chain = await startTestChain();
  try {
    const one = await run(chain, 1, jobs, clients);
    console.log(
      `  1 worker:  ${one.proofsPerMinute.toFixed(1)} proofs/min, peak RSS ${one.peakRssMb.toFixed(0)} MB, ${one.cores.toFixed(2)} cores used`,
    );
    const two = await run(chain, 2, jobs, clients);
    console.log(
      `  2 workers: ${two.proofsPerMinute.toFixed(1)} proofs/min, peak RSS ${two.peakRssMb.toFixed(0)} MB, ${two.cores.toFixed(2)} cores used`,
    );
    const sorted = [...two.latencies].sort((a, b) => a - b);
    const median = (k: "featuresMs" | "witnessMs" | "proveMs"): number =>
      percentile(
        two.views.map((v) => v.timings[k] ?? Number.NaN).sort((a, b) => a - b),
        50,
      );
    return {
      proofsPerMinute1Worker: one.proofsPerMinute,
      proofsPerMinute2Workers: two.proofsPerMinute,
      p50LatencyMs: percentile(sorted, 50),
      p95LatencyMs: percentile(sorted, 95),
      workerPeakRssMb: one.peakRssMb,
      servicePeakRssMb2Workers: two.peakRssMb,
      serviceFeaturesMsMedian: median("featuresMs"),
      serviceWitnessMsMedian: median("witnessMs"),
      serviceProveMsMedian: median("proveMs"),
      serviceCores1Worker: one.cores,
      serviceCores2Workers: two.cores,
      loadAverageAtStart,
    };
  } finally {
    await chain.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  benchService()
    .then((figures) => console.log(JSON.stringify(figures, null, 2)))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    })
    .finally(() => terminateCurves());
}

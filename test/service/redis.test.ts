/**
 * The prover service in Redis mode with a real redis-server (test/service/redis.sh starts one and
 * sets REDIS_URL; without it these tests are skipped). The API runs in this process; workers are
 * separate `scripts/worker.ts` processes, as in production. Shown here: a job is proven by another
 * process, survives an API restart, survives its worker being SIGKILLed mid-proof (BullMQ's stalled
 * check hands it to another worker), and is handed back by a worker stopped with SIGTERM.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import {
  fromCalldata,
  loadScoringModel,
  terminateCurves,
  verifyProof,
} from "../../prover/index.js";
import {
  defaultConfig,
  startService,
  type JobView,
  type Service,
} from "../../prover/service/index.js";
import { startTestChain, type TestChain } from "./chain.js";
import { send, waitForJob } from "./http.js";
import { spawnScript } from "./process.js";

const REDIS_URL = process.env.REDIS_URL;
const skip = REDIS_URL
  ? false
  : "REDIS_URL is not set: run the Redis-mode tests with `bash test/service/redis.sh`";

/** Short lock and stalled-check intervals, so a dead worker's job comes back within seconds. */
const LOCK_MS = 2000;
const STALLED_MS = 1000;

interface WorkerProcess {
  name: string;
  child: ChildProcess;
  /** pino JSON lines the worker logged. */
  logs: Record<string, unknown>[];
  exited: Promise<number | null>;
}

describe("prover service in Redis mode (real redis-server, worker processes)", () => {
  // The reporter shows test names, not skip reasons: the skipped test says what to run.
  if (skip) {
    it(`skipped: ${skip}`, { skip }, () => {});
    return;
  }
  let chain: TestChain;
  let api: Service | undefined;
  const workers: WorkerProcess[] = [];

  const startApi = () =>
    startService({
      ...defaultConfig(chain.rpcUrl),
      port: 0,
      mode: "redis",
      redisUrl: REDIS_URL,
      modelPaths: [chain.modelPath],
      pool: chain.zk.lendingPool.address,
      logLevel: "error",
    });

  /** Starts `npm run worker`'s script in its own process and waits until it takes jobs. */
  async function startWorker(
    name: string,
    env: Record<string, string> = {},
  ): Promise<WorkerProcess> {
    const child = spawnScript(
      "scripts/worker.ts",
      chain,
      {
        REDIS_URL,
        ZKCREDIT_CONCURRENCY: "1",
        ZKCREDIT_LOCK_DURATION_MS: String(LOCK_MS),
        ZKCREDIT_STALLED_INTERVAL_MS: String(STALLED_MS),
        LOG_LEVEL: "info",
        ...env,
      },
      ["ignore", "pipe", "pipe"],
    );
    const w: WorkerProcess = {
      name,
      child,
      logs: [],
      exited: new Promise((resolve) => child.on("exit", (code) => resolve(code))),
    };
    workers.push(w);
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    let buffered = "";
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => {
        buffered += d.toString();
        const lines = buffered.split("\n");
        buffered = lines.pop()!;
        for (const line of lines) {
          try {
            const entry = JSON.parse(line) as Record<string, unknown>;
            w.logs.push(entry);
            if (entry.msg === "redis worker ready") resolve();
          } catch {
            // not a log line
          }
        }
      });
      void w.exited.then((code) =>
        reject(new Error(`worker ${name} exited (${code}) before it was ready: ${stderr}`)),
      );
    });
    await ready;
    return w;
  }

  const loggedJob = (w: WorkerProcess, msg: string, jobId: string) =>
    w.logs.some((l) => l.msg === msg && l.jobId === jobId);

  async function post(subject: string): Promise<JobView> {
    const r = await send(api!.url, { body: { subject } });
    assert.equal(r.status, 202, r.text);
    return r.json as JobView;
  }

  /** Polls fast until the job is in its proving stage (or fails the test if it finishes first). */
  async function untilProving(id: string): Promise<void> {
    for (const until = Date.now() + 60_000; Date.now() < until;) {
      const view = (await send(api!.url, { path: `/v1/scores/${id}` })).json as JobView;
      if (view.stage === "proving") return;
      assert.ok(
        view.status === "queued" || view.status === "running",
        `job ${id} is ${view.status} already`,
      );
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`job ${id} never reached the proving stage`);
  }

  async function assertProven(view: JobView): Promise<void> {
    assert.equal(view.status, "done", JSON.stringify(view.error));
    const r = view.result!;
    const vkey = loadScoringModel(chain.modelPath).vkey;
    assert.equal(
      await verifyProof(
        vkey,
        fromCalldata(r.calldata.proof.map(BigInt)),
        r.publicSignals.map(BigInt),
      ),
      true,
    );
  }

  before(async () => {
    const redis = new Redis(REDIS_URL!);
    await redis.flushdb(); // a clean queue: nothing left from an earlier run
    await redis.quit();
    chain = await startTestChain();
  });

  after(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGKILL");
    await Promise.all(workers.map((w) => w.exited));
    await api?.close();
    await chain?.close();
    await terminateCurves(); // verifyProof ran snarkjs in this process
  });

  it("keeps a queued job across an API restart, then a worker process proves it", async () => {
    api = await startApi();
    const job = await post(chain.borrower);
    assert.equal(job.status, "queued", "no worker yet: the job waits in Redis");
    await api.close();

    api = await startApi();
    const kept = await send(api.url, { path: `/v1/scores/${job.id}` });
    assert.equal(kept.status, 200, "the restarted API finds the job in Redis");
    assert.equal((kept.json as JobView).status, "queued");

    const a = await startWorker("A");
    const done = await waitForJob(api.url, job.id);
    await assertProven(done);
    assert.ok(loggedJob(a, "job done", job.id), "worker process A proved it");
    const again = await post(chain.borrower);
    assert.equal(again.id, job.id, "a duplicate request returns the finished job");

    const health = await send(api.url, { path: "/healthz" });
    assert.equal(health.status, 200);
    assert.match(
      (health.json as { queue: { detail: string } }).queue.detail,
      /1 worker\(s\) connected/,
    );
    // The API learns of completions through Redis (QueueEvents): its metrics count them.
    for (const until = Date.now() + 10_000; ; await new Promise((r) => setTimeout(r, 100))) {
      const metrics = await send(api.url, { path: "/metrics" });
      if (/zkcredit_jobs_finished_total\{status="done"\} [1-9]/.test(metrics.text)) {
        assert.match(metrics.text, /zkcredit_stage_duration_seconds_count\{stage="prove"\} [1-9]/);
        break;
      }
      assert.ok(Date.now() < until, "the API's metrics never saw the completed job");
    }
  });

  it("completes a job on another worker when its worker is SIGKILLed mid-proof", async () => {
    const a = workers.find((w) => w.name === "A")!;
    await chain.mine(1); // a new head: a new job for the same borrower
    const job = await post(chain.borrower);
    await untilProving(job.id);
    // Freeze A first so it cannot finish between the check and the kill; then kill it.
    a.child.kill("SIGSTOP");
    const frozen = (await send(api!.url, { path: `/v1/scores/${job.id}` })).json as JobView;
    assert.equal(frozen.status, "running", "the job was mid-proof when its worker died");
    a.child.kill("SIGKILL");
    await a.exited;

    const b = await startWorker("B");
    const done = await waitForJob(api!.url, job.id);
    await assertProven(done);
    assert.ok(loggedJob(b, "job done", job.id), "worker B finished the dead worker's job");
    assert.ok(!loggedJob(a, "job done", job.id));
  });

  it("puts a running job back in the queue when its worker is stopped with SIGTERM", async () => {
    const b = workers.find((w) => w.name === "B")!;
    // C takes the next job alone (B is paused), then is told to stop with no grace period.
    b.child.kill("SIGSTOP");
    const c = await startWorker("C", { ZKCREDIT_SHUTDOWN_TIMEOUT_MS: "0" });
    const job = await post(chain.stranger);
    await untilProving(job.id);
    c.child.kill("SIGTERM");
    assert.equal(await c.exited, 0, "a graceful stop exits 0");
    assert.ok(
      c.logs.some(
        (l) => l.msg === "shutting down: job put back in the queue" && l.jobId === job.id,
      ),
    );
    const back = (await send(api!.url, { path: `/v1/scores/${job.id}` })).json as JobView;
    assert.equal(back.status, "queued");

    b.child.kill("SIGCONT");
    const done = await waitForJob(api!.url, job.id);
    await assertProven(done);
    assert.ok(loggedJob(b, "job done", job.id));
  });
});

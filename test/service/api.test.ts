/**
 * The prover service's HTTP API in embedded mode, on a real chain with a real proof: a borrower's
 * score job goes queued → running (features, attestation, proving) → done, and its calldata is
 * accepted by the deployed ScoreRegistry. Duplicates share a job; unknown jobs are 404; the
 * models, health, metrics and OpenAPI routes say what they should.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  fromCalldata,
  loadScoringModel,
  terminateCurves,
  verifyProof,
} from "../../prover/index.js";
import {
  defaultConfig,
  startService,
  type Service,
  type JobView,
} from "../../prover/service/index.js";
import { badRequests } from "./bad-requests.js";
import { startTestChain, type TestChain } from "./chain.js";
import { errorCode, send, waitForJob } from "./http.js";
import { startServeProcess } from "./process.js";
import { unpackClaim } from "../../prover/proof/calldata.js";

/** POST /v1/scores per client per minute in this test's service. */
const SCORE_LIMIT = 100;

describe("prover service API (embedded queue, real proofs)", { timeout: 300_000 }, () => {
  let chain: TestChain;
  let service: Service;
  let url: string;
  let first: JobView;

  before(
    async () => {
      chain = await startTestChain();
      service = await startService({
        ...defaultConfig(chain.rpcUrl),
        port: 0,
        concurrency: 1,
        modelPaths: [chain.modelPath],
        pool: chain.zk.lendingPool.address,
        modelRegistry: chain.zk.modelRegistry.address,
        attestorKeyFile: chain.attestorKeyFile,
        rateLimit: { max: 1000, scoreMax: SCORE_LIMIT, windowMs: 60_000 },
        logLevel: "silent",
      });
      url = service.url;
    },
    { timeout: 180_000 },
  );

  after(
    async () => {
      await service?.close();
      await chain?.close();
      await terminateCurves(); // verifyProof ran snarkjs in this process
    },
    { timeout: 60_000 },
  );

  it("proves a borrower's score and the ScoreRegistry accepts the calldata", async () => {
    const head = await chain.connection.viem.getPublicClient().then((c) => c.getBlockNumber());
    const posted = await send(url, { body: { subject: chain.borrower } });
    assert.equal(posted.status, 202, posted.text);
    const job = posted.json as JobView;
    assert.equal(job.id, `${chain.borrower.toLowerCase()}-${head}`);
    assert.ok(job.status === "queued" || job.status === "running");
    assert.equal(posted.headers.location, `/v1/scores/${job.id}`);

    const stages = new Set<string>();
    first = await waitForJob(url, job.id, 120_000, (v) => stages.add(v.stage));
    assert.equal(first.status, "done", JSON.stringify(first.error));
    assert.ok(stages.has("done"));
    const r = first.result!;
    assert.ok(r.score >= 300 && r.score <= 850);
    assert.equal(r.publicSignals.length, 3);
    const packed = unpackClaim(BigInt(r.publicSignals[0]!));
    assert.equal(packed.subject, BigInt(chain.borrower));
    assert.equal(packed.score, BigInt(r.score));
    assert.equal(r.features.length, 19);
    assert.equal(r.history.statementCount, "2");
    assert.equal(r.history.blockNumber, head.toString());
    assert.equal(r.calldata.proof.length, 8);
    for (const k of [
      "featuresMs",
      "attestationMs",
      "witnessMs",
      "proveMs",
      "totalMs",
      "queuedMs",
    ] as const) {
      assert.equal(typeof first.timings[k], "number", `timings.${k}`);
    }

    // Off chain: the proof verifies against the shape's verification key.
    const model = loadScoringModel(chain.modelPath);
    const proof = r.calldata.proof.map(BigInt);
    assert.equal(
      await verifyProof(model.vkey, fromCalldata(proof), r.publicSignals.map(BigInt)),
      true,
    );

    // On chain: ScoreRegistry.submitScore takes the calldata as is and records the score.
    const claim = r.calldata.claim;
    await chain.zk.scoreRegistry.write.submitScore([
      {
        subject: claim.subject,
        score: claim.score,
        modelCommitment: BigInt(claim.modelCommitment),
        attestorKeyHash: BigInt(claim.attestorKeyHash),
        attestedAt: BigInt(claim.attestedAt),
      },
      proof as unknown as readonly [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint],
    ]);
    const [valid, score] = await chain.zk.scoreRegistry.read.validScoreOf([chain.borrower]);
    assert.equal(valid, true);
    assert.equal(score, r.score);
  });

  it("returns the same job for duplicate requests of one subject and block", async () => {
    const block = first.block;
    for (const body of [
      { subject: chain.borrower, block: Number(block) },
      { subject: chain.borrower, block },
      { subject: chain.borrower.toLowerCase(), block: `0x${BigInt(block).toString(16)}` },
    ]) {
      const r = await send(url, { body });
      assert.equal(r.status, 202, r.text);
      assert.equal((r.json as JobView).id, first.id);
      assert.equal((r.json as JobView).status, "done");
    }
    // "latest" is the head at request time: the same job until a block is mined.
    const latest = await send(url, { body: { subject: chain.borrower, block: "latest" } });
    const again = await send(url, { body: { subject: chain.borrower } });
    assert.equal((again.json as JobView).id, (latest.json as JobView).id);
    await chain.mine(1);
    const later = await send(url, { body: { subject: chain.borrower } });
    assert.notEqual(
      (later.json as JobView).id,
      (latest.json as JobView).id,
      "a new head, a new job",
    );
    // Let both proofs finish: the tests below expect an idle prover.
    await waitForJob(url, (latest.json as JobView).id);
    await waitForJob(url, (later.json as JobView).id);
  });

  it("answers 404 job_not_found for an unknown job and 400 for a malformed id", async () => {
    const unknown = await send(url, { path: `/v1/scores/0x${"ab".repeat(20)}-12` });
    assert.equal(unknown.status, 404);
    assert.equal(errorCode(unknown), "job_not_found");
    const malformed = await send(url, { path: "/v1/scores/not-a-job" });
    assert.equal(malformed.status, 400);
    assert.equal(errorCode(malformed), "invalid_job_id");
  });

  it("refuses a block beyond the head with unknown_block", async () => {
    const head = await chain.connection.viem.getPublicClient().then((c) => c.getBlockNumber());
    const r = await send(url, { body: { subject: chain.borrower, block: (head + 5n).toString() } });
    assert.equal(r.status, 422);
    assert.equal(errorCode(r), "unknown_block");
  });

  it("lists the model with its commitment, shape and on-chain status", async () => {
    const r = await send(url, { path: "/v1/models" });
    assert.equal(r.status, 200);
    const body = r.json as {
      chainId: number;
      models: {
        commitment: string;
        shape: string;
        proving: boolean;
        onChain: { status: string } | null;
      }[];
    };
    const model = loadScoringModel(chain.modelPath);
    assert.equal(body.chainId, 31337);
    assert.equal(body.models.length, 1);
    assert.equal(body.models[0]!.commitment, model.commitment.toString());
    assert.equal(body.models[0]!.shape, model.model.shape.name);
    assert.equal(body.models[0]!.proving, true);
    assert.equal(body.models[0]!.onChain?.status, "active");
  });

  it("reports health, Prometheus metrics and the OpenAPI document", async () => {
    const health = await send(url, { path: "/healthz" });
    assert.equal(health.status, 200);
    assert.equal((health.json as { status: string }).status, "ok");

    const metrics = await send(url, { path: "/metrics" });
    assert.equal(metrics.status, 200);
    assert.match(metrics.text, /zkcredit_jobs_finished_total\{status="done"\} [1-9]/);
    assert.match(metrics.text, /zkcredit_stage_duration_seconds_count\{stage="prove"\} [1-9]/);
    assert.match(metrics.text, /zkcredit_queue_depth\{state="queued"\} \d/);
    assert.match(metrics.text, /zkcredit_proofs_per_minute [1-9]/);

    const openapi = await send(url, { path: "/openapi.json" });
    assert.equal(openapi.status, 200);
    const doc = openapi.json as { openapi: string; paths: Record<string, Record<string, unknown>> };
    assert.match(doc.openapi, /^3\./);
    for (const [path, method] of [
      ["/v1/scores", "post"],
      ["/v1/scores/{id}", "get"],
      ["/v1/models", "get"],
      ["/healthz", "get"],
      ["/metrics", "get"],
    ] as const) {
      assert.ok(doc.paths[path]?.[method], `OpenAPI documents ${method.toUpperCase()} ${path}`);
    }
  });

  it("answers CORS preflights for the web app's origin only", async () => {
    const ok = await send(url, {
      method: "OPTIONS",
      path: "/v1/scores",
      headers: { origin: "http://localhost:3000", "access-control-request-method": "POST" },
    });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers["access-control-allow-origin"], "http://localhost:3000");
    const other = await send(url, {
      method: "OPTIONS",
      path: "/v1/scores",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    assert.equal(other.headers["access-control-allow-origin"], undefined);
  });

  it("answers 50+ kinds of bad request with a 4xx and a stable code, then still serves", async () => {
    const head = await chain.connection.viem.getPublicClient().then((c) => c.getBlockNumber());
    const cases = badRequests({ subject: chain.stranger, head });
    assert.ok(cases.length >= 50, `${cases.length} kinds of bad request`);
    const wrong: string[] = [];
    for (const c of cases) {
      // One client (127.0.0.2) sends them all: they stay under its rate limit.
      const r = await send(url, { ...c.request, from: "127.0.0.2" });
      if (r.status !== c.status || errorCode(r) !== c.code) {
        wrong.push(
          `${c.name}: expected ${c.status} ${c.code}, got ${r.status} ${r.text.slice(0, 160)}`,
        );
      }
    }
    assert.deepEqual(wrong, []);

    // A flood from one client: beyond its limit it gets 429 rate_limited, others are unaffected.
    const dup = { subject: chain.borrower, block: first.block };
    const flood = await Promise.all(
      Array.from({ length: SCORE_LIMIT + 50 }, () => send(url, { body: dup, from: "127.0.0.9" })),
    );
    const limited = flood.filter((r) => r.status === 429 && errorCode(r) === "rate_limited").length;
    assert.equal(flood.filter((r) => r.status === 202).length + limited, flood.length);
    assert.ok(limited >= 50, `${limited} of ${flood.length} flood requests were rate-limited`);
    assert.equal(errorCode(await send(url, { body: dup, from: "127.0.0.9" })), "rate_limited");

    // The process is up and a good request from anyone else is proven.
    const good = await send(url, { body: { subject: chain.stranger } });
    assert.equal(good.status, 202, good.text);
    const done = await waitForJob(url, (good.json as JobView).id);
    assert.equal(done.status, "done", JSON.stringify(done.error));
    assert.equal(done.result?.history.statementCount, "0", "a wallet without history still scores");
    assert.equal((await send(url, { path: "/healthz" })).status, 200);
  });

  it("npm run serve: starts from the environment, finishes running and queued jobs on SIGTERM, exits 0", async () => {
    const service = await startServeProcess(chain, {
      env: { ZKCREDIT_CONCURRENCY: "1", LOG_LEVEL: "info" },
      captureOutput: true,
      timeoutMs: 60_000,
    });
    const { child, exited, url: base } = service;
    try {
      await chain.mine(1);
      const posted = await send(base, { body: { subject: chain.borrower } });
      assert.equal(posted.status, 202, posted.text);
      const id = (posted.json as JobView).id;
      // One worker: this second job waits in the queue behind the first.
      const waiting = await send(base, { body: { subject: chain.stranger } });
      assert.equal(waiting.status, 202, waiting.text);
      const waitingId = (waiting.json as JobView).id;
      for (
        let v = posted.json as JobView;
        v.status === "queued";
        await new Promise((r) => setTimeout(r, 20))
      ) {
        v = (await send(base, { path: `/v1/scores/${id}` })).json as JobView;
      }
      child.kill("SIGTERM");
      // While draining it reports itself degraded and refuses new jobs, but still answers GETs,
      // so the client gets its proof.
      while ((await send(base, { path: "/healthz" })).status === 200) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const refused = await send(base, {
        body: { subject: "0x000000000000000000000000000000000000beef" },
      });
      assert.equal(refused.status, 503);
      assert.equal(errorCode(refused), "shutting_down");
      const done = await waitForJob(base, id);
      assert.equal(done.status, "done", JSON.stringify(done.error));
      const queuedDone = await waitForJob(base, waitingId);
      assert.equal(queuedDone.status, "done", JSON.stringify(queuedDone.error));
      assert.equal(await exited, 0, service.output());
      assert.match(service.output(), /"msg":"job finished"/);
      assert.match(service.output(), /"msg":"shut down"/);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("on SIGTERM with a short timeout, tells the clients of unfinished jobs to resubmit", async () => {
    const service = await startServeProcess(chain, {
      env: { ZKCREDIT_CONCURRENCY: "1", ZKCREDIT_SHUTDOWN_TIMEOUT_MS: "600" },
      captureOutput: true,
      timeoutMs: 60_000,
    });
    const { child, exited, url: base } = service;
    try {
      await chain.mine(1);
      // A first proof in a fresh worker takes seconds: both jobs are unfinished at the deadline.
      const ids: string[] = [];
      for (const subject of [chain.borrower, chain.stranger]) {
        const posted = await send(base, { body: { subject } });
        assert.equal(posted.status, 202, posted.text);
        ids.push((posted.json as JobView).id);
      }
      const views = new Map<string, JobView>();
      child.kill("SIGTERM");
      // Poll both until the process goes; the last answer for each is what its client saw.
      while (child.exitCode === null) {
        for (const id of ids) {
          const r = await send(base, { path: `/v1/scores/${id}` }).catch(() => undefined);
          if (r?.status === 200) views.set(id, r.json as JobView);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(await exited, 0, service.output());
      for (const id of ids) {
        const v = views.get(id);
        assert.equal(v?.status, "failed", JSON.stringify(v));
        assert.equal(v?.error?.code, "shutting_down");
        assert.match(v?.error?.message ?? "", /submit it again/);
      }
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});

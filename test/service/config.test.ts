/**
 * Service configuration from the environment (every bad value refused with the variable's name),
 * the error translation, and the ModelRegistry reads checked against the compiled contract's ABI.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { artifacts } from "hardhat";
import { toFunctionSignature, type AbiFunction } from "viem";
import { MODEL_REGISTRY_ABI, deployedAddress } from "../../prover/service/chain.js";
import { DEFAULT_MODEL, configFromEnv } from "../../prover/service/config.js";
import { ApiError, ERROR_CODES, toApiError } from "../../prover/service/errors.js";
import { jobErrorOf, jobIdOf } from "../../prover/service/job.js";

describe("service configuration", () => {
  it("has working defaults: loopback:8787, embedded queue, the reference model", () => {
    const c = configFromEnv({});
    assert.equal(c.host, "127.0.0.1");
    assert.equal(c.port, 8787);
    assert.equal(c.mode, "embedded");
    assert.deepEqual(c.modelPaths, [DEFAULT_MODEL]);
    assert.equal(c.rpcUrl, "http://127.0.0.1:8545");
    assert.ok(c.concurrency >= 1);
  });

  it("reads every variable it documents", () => {
    const c = configFromEnv({
      ZKCREDIT_RPC_URL: "https://rpc.example/v1",
      ZKCREDIT_POOL: "0x00000000000000000000000000000000000000aa",
      ZKCREDIT_FROM_BLOCK: "1234",
      ZKCREDIT_QUEUE: "redis",
      REDIS_URL: "redis://10.0.0.5:6379",
      PORT: "9000",
      ZKCREDIT_CONCURRENCY: "3",
      ZKCREDIT_CORS_ORIGINS: "https://app.example, http://localhost:3000",
      ZKCREDIT_SCORE_RATE_LIMIT: "5",
      ZKCREDIT_STALLED_INTERVAL_MS: "1000",
    });
    assert.equal(c.rpcUrl, "https://rpc.example/v1");
    assert.equal(c.pool, "0x00000000000000000000000000000000000000AA");
    assert.equal(c.fromBlock, 1234n);
    assert.equal(c.mode, "redis");
    assert.equal(c.redisUrl, "redis://10.0.0.5:6379");
    assert.equal(c.port, 9000);
    assert.equal(c.concurrency, 3);
    assert.deepEqual(c.corsOrigins, ["https://app.example", "http://localhost:3000"]);
    assert.equal(c.rateLimit.scoreMax, 5);
    assert.equal(c.stalledIntervalMs, 1000);
  });

  for (const [env, pattern] of [
    [{ ZKCREDIT_QUEUE: "kafka" }, /ZKCREDIT_QUEUE="kafka"/],
    [{ ZKCREDIT_QUEUE: "redis" }, /needs REDIS_URL/],
    [{ PORT: "http" }, /PORT="http" must be an integer/],
    [{ PORT: "70000" }, /PORT="70000"/],
    [{ ZKCREDIT_CONCURRENCY: "0" }, /ZKCREDIT_CONCURRENCY="0"/],
    [{ ZKCREDIT_POOL: "0x1234" }, /ZKCREDIT_POOL="0x1234" is not an address/],
    [{ ZKCREDIT_RPC_URL: "ws://127.0.0.1:8546" }, /ZKCREDIT_RPC_URL=.* is not an http\(s\) URL/],
  ] as const) {
    it(`refuses ${JSON.stringify(env)}`, () => {
      assert.throws(() => configFromEnv(env), pattern);
    });
  }
});

describe("contract addresses from the deployments file", () => {
  it("reads the address of a contract by chain id and name, checksummed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zkcredit-deployments-"));
    try {
      const file = join(dir, "deployedContracts.ts");
      writeFileSync(
        file,
        `export const deployedContracts = { 31337: { LendingPool: { address: "0x00000000000000000000000000000000000000aa", abi: [] } } } as const;\n`,
      );
      assert.equal(
        await deployedAddress(31337, "LendingPool", file),
        "0x00000000000000000000000000000000000000AA",
      );
      assert.equal(await deployedAddress(31337, "ModelRegistry", file), undefined);
      assert.equal(await deployedAddress(1, "LendingPool", file), undefined);
      assert.equal(await deployedAddress(31337, "LendingPool", join(dir, "missing.ts")), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("service errors", () => {
  it("gives every code a 4xx or 5xx status", () => {
    for (const [code, status] of Object.entries(ERROR_CODES)) {
      assert.ok(status >= 400 && status < 600, code);
    }
  });

  it("never leaks an unknown error's text, and keeps Fastify's client errors 4xx", () => {
    const internal = toApiError(new Error("secret detail at /home/x"));
    assert.equal(internal.status, 500);
    assert.doesNotMatch(internal.message, /secret/);
    const fastify = Object.assign(new Error("weird"), { statusCode: 431, code: "FST_ERR_X" });
    assert.equal(toApiError(fastify).status, 400);
    assert.equal(toApiError(new ApiError("queue_full", "x")).status, 503);
  });

  it("classifies job failures by the library's messages", () => {
    assert.equal(
      jobErrorOf(new Error("block 9 is beyond the chain head (block 3): unknown block")).code,
      "unknown_block",
    );
    assert.equal(
      jobErrorOf(new Error("pool 0x.. has no contract code at block 3: not a lending pool address"))
        .code,
      "invalid_pool",
    );
    assert.equal(
      jobErrorOf(new Error("witness generation failed: Assert Failed")).code,
      "witness_failed",
    );
    const viem = Object.assign(new Error("HTTP request failed.\nURL: http://x"), {
      details: "fetch failed",
    });
    assert.deepEqual(jobErrorOf(viem), {
      code: "rpc_error",
      message: "HTTP request failed. (fetch failed)",
    });
    assert.equal(jobErrorOf(new Error("something else")).code, "job_failed");
  });

  it("names jobs by lower-case subject and block", () => {
    assert.equal(
      jobIdOf({ subject: "0x00000000000000000000000000000000000000AA", block: "12" }),
      "0x00000000000000000000000000000000000000aa-12",
    );
  });
});

describe("ModelRegistry reads", () => {
  it("match the compiled ModelRegistry's ABI", async () => {
    const { abi } = await artifacts.readArtifact("ModelRegistry");
    type Param = { type: string; components?: readonly Param[] };
    const types = (ps: readonly Param[]): string =>
      ps
        .map((p) => (p.components ? `(${types(p.components)})${p.type.slice(5)}` : p.type))
        .join(",");
    const shape = (f: AbiFunction) =>
      `${toFunctionSignature(f)} ${f.stateMutability} returns (${types(f.outputs)})`;
    const functions = (abi as readonly { type: string }[]).filter((x) => x.type === "function");
    const compiled = new Set((functions as AbiFunction[]).map(shape));
    for (const f of MODEL_REGISTRY_ABI) {
      assert.ok(compiled.has(shape(f)), `ModelRegistry has ${shape(f)}`);
    }
  });
});

/**
 * The extractor's parts that need no chain: the event signature it decodes (checked against the
 * compiled LendingPool ABI), the recognition of "range too large" refusals, the paging itself
 * (over a fetch function that refuses wide ranges the way a node does), and input validation.
 * test/integration/chain-features.test.ts runs the extractor against a chain over JSON-RPC.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { artifacts } from "hardhat";
import { toEventSignature, type AbiEvent } from "viem";
import {
  STATEMENT_CLOSED_EVENT,
  extractHistory,
  publicClientFor,
} from "../../../prover/features/extract.js";
import { isRangeTooLarge, scanLogs } from "../../../prover/features/logs.js";

describe("STATEMENT_CLOSED_EVENT", () => {
  it("is the LendingPool's StatementClosed event, field for field", async () => {
    const { abi } = await artifacts.readArtifact("LendingPool");
    const event = (abi as readonly { type: string; name?: string }[]).find(
      (item) => item.type === "event" && item.name === "StatementClosed",
    ) as AbiEvent | undefined;
    assert.ok(event, "LendingPool has no StatementClosed event");
    assert.equal(toEventSignature(STATEMENT_CLOSED_EVENT), toEventSignature(event));
    const fields = (e: AbiEvent) => e.inputs.map((i) => [i.name, i.type, i.indexed ?? false]);
    assert.deepEqual(fields(STATEMENT_CLOSED_EVENT), fields(event));
  });
});

describe("isRangeTooLarge", () => {
  const rpc = (code: number, message: string) =>
    Object.assign(new Error("RPC Request failed."), { cause: { code, message } });

  it("recognises the refusals of common nodes and providers", () => {
    for (const err of [
      rpc(-32005, "limit exceeded"),
      rpc(-32000, "exceed maximum block range: 5000"),
      rpc(
        -32602,
        "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range",
      ),
      rpc(-32005, "query returned more than 10000 results"),
      rpc(-32000, "eth_getLogs is limited to a 10,000 range"),
      rpc(-32000, "block range is too wide"),
    ]) {
      assert.equal(isRangeTooLarge(err), true, err.cause.message);
    }
  });

  it("does not mistake other errors for a range refusal", () => {
    for (const err of [
      rpc(-32601, "the method eth_getLogs does not exist/is not available"),
      rpc(-32000, "header not found"),
      new Error("fetch failed"),
      undefined,
    ]) {
      assert.equal(isRangeTooLarge(err), false, String(err?.message));
    }
  });
});

/** A fetch that refuses spans wider than `cap` blocks like a node, recording every call. */
function cappedFetch(cap: bigint, logsAt: readonly bigint[]) {
  const calls: [bigint, bigint][] = [];
  const fetch = async (from: bigint, to: bigint): Promise<bigint[]> => {
    calls.push([from, to]);
    if (to - from + 1n > cap) {
      throw Object.assign(new Error("RPC Request failed."), {
        cause: { code: -32005, message: `query exceeds max block range ${cap}` },
      });
    }
    return logsAt.filter((b) => b >= from && b <= to);
  };
  return { fetch, calls };
}

describe("scanLogs", () => {
  it("reads a range forward in pages that cover it exactly once", async () => {
    const { fetch, calls } = cappedFetch(1000n, [3n, 10n, 11n, 99n]);
    const seen: bigint[] = [];
    const stats = await scanLogs({
      fromBlock: 3n,
      toBlock: 99n,
      pageSize: 10n,
      direction: "forward",
      what: "test",
      fetch,
      onPage: (logs) => void seen.push(...logs),
    });
    assert.deepEqual(seen, [3n, 10n, 11n, 99n]);
    assert.equal(stats.pages, 10);
    assert.deepEqual(calls[0], [3n, 12n]);
    assert.deepEqual(calls.at(-1), [93n, 99n]);
    for (let i = 1; i < calls.length; i++) assert.equal(calls[i]![0], calls[i - 1]![1] + 1n);
  });

  it("reads backward, newest page first, and stops when told to", async () => {
    const { fetch, calls } = cappedFetch(1000n, [5n, 50n, 95n]);
    const seen: bigint[] = [];
    const stats = await scanLogs({
      fromBlock: 0n,
      toBlock: 99n,
      pageSize: 20n,
      direction: "backward",
      what: "test",
      fetch,
      onPage: (logs) => {
        seen.push(...logs);
        return seen.length >= 2;
      },
    });
    assert.deepEqual(seen, [95n, 50n]);
    assert.deepEqual(calls, [
      [80n, 99n],
      [60n, 79n],
      [40n, 59n],
    ]);
    assert.equal(stats.pages, 3);
  });

  it("halves a page the node refuses as too large and keeps the smaller range", async () => {
    const { fetch, calls } = cappedFetch(6n, [0n, 7n, 29n]);
    const seen: bigint[] = [];
    const stats = await scanLogs({
      fromBlock: 0n,
      toBlock: 29n,
      pageSize: 25n,
      direction: "forward",
      what: "test",
      fetch,
      onPage: (logs) => void seen.push(...logs),
    });
    assert.deepEqual(seen, [0n, 7n, 29n]);
    // 25 → 12 → 6 blocks: two refusals, then pages of 6 cover 0..29.
    assert.equal(stats.retries, 2);
    assert.equal(stats.pageSize, 6n);
    assert.deepEqual(calls.slice(0, 3), [
      [0n, 24n],
      [0n, 11n],
      [0n, 5n],
    ]);
    assert.equal(stats.pages, 2 + 5);
  });

  it("gives up on a single-block page that is still refused, naming the range", async () => {
    const { fetch } = cappedFetch(0n, []);
    await assert.rejects(
      scanLogs({
        fromBlock: 10n,
        toBlock: 13n,
        pageSize: 4n,
        direction: "forward",
        what: "StatementClosed logs",
        fetch,
        onPage: () => {},
      }),
      /StatementClosed logs: eth_getLogs over blocks 10\.\.10 failed/,
    );
  });

  it("passes other errors on at once", async () => {
    let calls = 0;
    await assert.rejects(
      scanLogs({
        fromBlock: 0n,
        toBlock: 100n,
        direction: "forward",
        what: "test",
        fetch: async () => {
          calls++;
          throw new Error("header not found");
        },
        onPage: () => {},
      }),
      /test: eth_getLogs over blocks 0\.\.100 failed: header not found/,
    );
    assert.equal(calls, 1);
  });
});

describe("extractHistory input validation", () => {
  const base = { rpcUrl: "http://127.0.0.1:1", pool: "0x5FbDB2315678afecb367f032d93F642f64180aa3" };

  it("rejects a wallet that is not an address", async () => {
    await assert.rejects(
      extractHistory({ ...base, wallet: "0x1234" }),
      /wallet "0x1234" is not an address/,
    );
    await assert.rejects(
      extractHistory({ ...base, wallet: "alice" }),
      /wallet "alice" is not an address/,
    );
  });

  it("rejects a mixed-case address with a wrong EIP-55 checksum", async () => {
    await assert.rejects(
      extractHistory({ ...base, wallet: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293bc" }),
      /wallet "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293bc" has an invalid EIP-55 checksum/,
    );
  });

  it("rejects a pool that is not an address", async () => {
    await assert.rejects(
      extractHistory({
        ...base,
        pool: "0xnot",
        wallet: "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
      }),
      /pool "0xnot" is not an address/,
    );
  });

  it("rejects RPC URLs that are not http(s)", () => {
    assert.throws(() => publicClientFor({ rpcUrl: "localhost:8545" }), /rpcUrl "localhost:8545"/);
    assert.throws(() => publicClientFor({ rpcUrl: "ws://127.0.0.1:8545" }), /must be http\(s\)/);
  });
});

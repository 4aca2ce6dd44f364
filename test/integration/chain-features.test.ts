/**
 * From chain history to a credit line, on Hardhat's in-process chain with the ZkCredit deployment
 * (the Ignition fixture, governance through the timelock) and the seeded borrower histories:
 *
 *  - the feature extractor reads the pool's StatementClosed logs over real HTTP JSON-RPC, in
 *    several pages, also against a node that caps eth_getLogs ranges; thin files; errors;
 *  - a seeded history goes through a real attestation and Groth16 proof to ScoreRegistry, and the
 *    better history earns the larger credit line on the same collateral.
 *
 * The HTTP endpoint is a plain JSON-RPC-over-HTTP front of the in-process chain's provider, so the
 * extractor's `rpcUrl` path is exercised exactly as against a node; it can refuse wide eth_getLogs
 * ranges with -32005, as geth and hosted providers do.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { network } from "hardhat";
import type { EthereumProvider } from "hardhat/types/providers";
import type { Address } from "viem";
import {
  STATEMENT_COUNT,
  deriveFeatures,
  extractFeatures,
  extractHistory,
  generateAttestorKey,
  terminateCurves,
  verifyProof,
} from "../../prover/index.js";
import { deploySystem, type DeployedSystem } from "../../scripts/lib/deploy.js";
import { scoreAndSubmit } from "../../scripts/lib/score.js";
import { PROFILES, seedHistories, type SeedResult, USD } from "../../scripts/lib/seed.js";

/** Serves `provider` as JSON-RPC over HTTP; eth_getLogs spanning more than `maxRange` blocks is refused. */
async function serveJsonRpc(
  provider: EthereumProvider,
  maxRange?: bigint,
): Promise<{ url: string; server: Server; getLogsCalls: () => number }> {
  let getLogs = 0;
  const handle = async (req: { id?: unknown; method: string; params?: unknown[] }) => {
    if (req.method === "eth_getLogs") {
      getLogs++;
      const filter = (req.params?.[0] ?? {}) as { fromBlock?: string; toBlock?: string };
      if (
        maxRange !== undefined &&
        filter.fromBlock?.startsWith("0x") &&
        filter.toBlock?.startsWith("0x")
      ) {
        const span = BigInt(filter.toBlock) - BigInt(filter.fromBlock) + 1n;
        if (span > maxRange) {
          return {
            jsonrpc: "2.0",
            id: req.id,
            error: { code: -32005, message: `query exceeds max block range ${maxRange}` },
          };
        }
      }
    }
    try {
      const result = await provider.request({ method: req.method, params: req.params ?? [] });
      return { jsonrpc: "2.0", id: req.id, result };
    } catch (err) {
      const e = err as { code?: number; message?: string; data?: unknown };
      return {
        jsonrpc: "2.0",
        id: req.id,
        error: { code: e.code ?? -32603, message: e.message ?? String(err), data: e.data },
      };
    }
  };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", async () => {
      const parsed = JSON.parse(body) as
        Parameters<typeof handle>[0] | Parameters<typeof handle>[0][];
      const reply = Array.isArray(parsed)
        ? await Promise.all(parsed.map(handle))
        : await handle(parsed);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, getLogsCalls: () => getLogs };
}

const connection = await network.create();
let system: DeployedSystem;
let seeded: SeedResult;
let rpc: Awaited<ReturnType<typeof serveJsonRpc>>;
let capped: Awaited<ReturnType<typeof serveJsonRpc>>;
const wallet = (name: string): Address => {
  const b = seeded.borrowers.find((x) => x.profile.name === name);
  if (b === undefined) throw new Error(`no seeded wallet ${name}`);
  return b.address;
};

before(async () => {
  system = await deploySystem(connection, { attestorKey: await generateAttestorKey() });
  seeded = await seedHistories(connection, system.zk);
  rpc = await serveJsonRpc(connection.provider);
  capped = await serveJsonRpc(connection.provider, 8n);
});

after(async () => {
  rpc?.server.close();
  capped?.server.close();
  await terminateCurves();
  await connection.close();
});

describe("feature extraction over JSON-RPC", () => {
  const pool = () => system.zk.lendingPool.address;

  it("rebuilds each seeded borrower's statements, newest first, as the pool recorded them", async () => {
    const expected: Record<string, bigint[]> = {
      "pays-in-full": [-1n, -1n, -1n, -1n, -1n, -1n],
      revolver: [0n, 0n, 0n, 0n, 0n, -1n],
      "late-payer": [2n, 1n, 0n, 0n, 0n, -1n],
      liquidated: [4n, 3n, 2n, 1n, 0n, -1n],
      newcomer: [-1n, -1n],
    };
    for (const { profile, address } of seeded.borrowers) {
      const h = await extractHistory({
        rpcUrl: rpc.url,
        pool: pool(),
        wallet: address,
        pageSize: 5n,
      });
      assert.deepEqual(
        h.statements.map((s) => s.status),
        expected[profile.name],
        profile.name,
      );
      // The pool's own bookkeeping agrees with what the logs said.
      const account = await system.zk.lendingPool.read.accountOf([address]);
      assert.equal(h.statementCount, BigInt(account.statementCount), profile.name);
      assert.equal(h.statements[0]!.baseUnits.balance, account.statementBalance, profile.name);
      assert.equal(
        h.statements[0]!.balance,
        account.statementBalance / USD,
        `${profile.name}: whole units`,
      );
      assert.deepEqual(
        h.statements.map((s) => s.index),
        h.statements.map((_, i) => h.statementCount - 1n - BigInt(i)),
      );
      assert.equal(h.creditLimit, h.statements[0]!.creditLine);
      assert.equal(h.wallet, address);
    }
  });

  it("reads in several pages and stops once the six newest statements are found", async () => {
    const head = await (await connection.viem.getPublicClient()).getBlockNumber();
    const h = await extractHistory({
      rpcUrl: rpc.url,
      pool: pool(),
      wallet: wallet("pays-in-full"),
      pageSize: 5n,
    });
    assert.ok(h.scan.pages > 2, `expected several pages, got ${h.scan.pages}`);
    // Backward from the head in 5-block pages, stopping before the pool's deployment block.
    assert.ok(
      BigInt(h.scan.pages) * 5n < head - system.poolFromBlock,
      "scanned back further than needed",
    );
    assert.equal(h.statements.length, STATEMENT_COUNT);
    assert.equal(h.thinFile, false);
  });

  it("halves the range when the node refuses wide eth_getLogs, with the same result", async () => {
    const args = {
      pool: pool(),
      wallet: wallet("late-payer"),
      fromBlock: system.poolFromBlock,
      pageSize: 50n,
    };
    const plain = await extractHistory({ ...args, rpcUrl: rpc.url });
    const before = capped.getLogsCalls();
    const limited = await extractHistory({ ...args, rpcUrl: capped.url });
    assert.ok(
      limited.scan.retries >= 2,
      `expected refusals and retries, got ${limited.scan.retries}`,
    );
    assert.ok(limited.scan.pageSize <= 8n);
    assert.equal(capped.getLogsCalls() - before, limited.scan.pages);
    assert.deepEqual(
      limited.statements.map((s) => [s.index, s.status, s.balance, s.paid]),
      plain.statements.map((s) => [s.index, s.status, s.balance, s.paid]),
    );
  });

  it("reads the history as of an earlier block", async () => {
    const late = wallet("late-payer");
    const full = await extractHistory({ rpcUrl: rpc.url, pool: pool(), wallet: late });
    const third = full.statements.find((s) => s.index === 2n)!;
    const h = await extractHistory({
      rpcUrl: rpc.url,
      pool: pool(),
      wallet: late,
      blockNumber: third.blockNumber,
    });
    assert.deepEqual(
      h.statements.map((s) => s.index),
      [2n, 1n, 0n],
    );
    assert.equal(h.blockNumber, third.blockNumber);
    assert.equal(h.thinFile, true);
  });

  it("pads a thin file with empty older months, per the schema", async () => {
    const h = await extractHistory({ rpcUrl: rpc.url, pool: pool(), wallet: wallet("newcomer") });
    assert.equal(h.statements.length, 2);
    assert.equal(h.thinFile, true);
    const features = await extractFeatures({
      rpcUrl: rpc.url,
      pool: pool(),
      wallet: wallet("newcomer"),
    });
    assert.deepEqual(features, deriveFeatures(h));
    // status3..6 (indexes 3..6) are "no use" (0 after the +2 offset); balance3..6 and paid3..6 are 0.
    assert.deepEqual(features.slice(3, 7), [0n, 0n, 0n, 0n]);
    assert.deepEqual(features.slice(9, 13), [0n, 0n, 0n, 0n]);
    assert.deepEqual(features.slice(15, 19), [0n, 0n, 0n, 0n]);
    assert.notEqual(features[1], 0n);
  });

  it("gives a wallet without statements no credit line and all-empty months", async () => {
    const stranger = "0x000000000000000000000000000000000000dEaD";
    const h = await extractHistory({
      rpcUrl: rpc.url,
      pool: pool(),
      wallet: stranger,
      pageSize: 1000n,
    });
    assert.deepEqual(h.statements, []);
    assert.equal(h.statementCount, 0n);
    assert.equal(h.creditLimit, 0n);
    assert.equal(h.thinFile, true);
    // With nothing found, the scan reaches back to the pool's deployment block (found by bisection).
    assert.equal(h.scan.fromBlock, system.poolFromBlock);
    assert.deepEqual(
      deriveFeatures(h),
      Array.from({ length: 19 }, () => 0n),
    );
  });

  it("refuses a block beyond the chain head", async () => {
    const head = await (await connection.viem.getPublicClient()).getBlockNumber();
    await assert.rejects(
      extractHistory({
        rpcUrl: rpc.url,
        pool: pool(),
        wallet: wallet("revolver"),
        blockNumber: head + 1000n,
      }),
      new RegExp(`block ${head + 1000n} is beyond the chain head \\(block ${head}\\)`),
    );
  });

  it("refuses a pool address without contract code", async () => {
    await assert.rejects(
      extractHistory({ rpcUrl: rpc.url, pool: seeded.lender, wallet: wallet("revolver") }),
      new RegExp(
        `pool ${seeded.lender} has no contract code at block \\d+: not a lending pool address`,
      ),
    );
  });

  it("refuses a contract that is not a pool when it must read the asset's decimals", async () => {
    await assert.rejects(
      extractHistory({
        rpcUrl: rpc.url,
        pool: system.zk.scoreRegistry.address,
        wallet: wallet("revolver"),
      }),
      /cannot read the decimals of pool .* asset \(is it a LendingPool\?\)/,
    );
  });

  it("measures featuresMs: one wallet with 6 statements over HTTP JSON-RPC", async (t) => {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const features = await extractFeatures({
        rpcUrl: rpc.url,
        pool: system.zk.lendingPool.address,
        wallet: wallet("pays-in-full"),
      });
      runs.push(performance.now() - t0);
      assert.equal(features.length, 19);
    }
    runs.sort((a, b) => a - b);
    t.diagnostic(
      `featuresMs median ${runs[2]!.toFixed(1)} (runs ${runs.map((r) => r.toFixed(1)).join(", ")})`,
    );
  });
});

describe("from seeded history through a real proof to a credit line", () => {
  it("gives the better history the better score and the larger line on the same collateral", async () => {
    const { zk, model, attestorKey, poolFromBlock } = system;
    const good = await scoreAndSubmit(connection, zk, {
      model,
      attestorKey,
      wallet: wallet("pays-in-full"),
      fromBlock: poolFromBlock,
    });
    const bad = await scoreAndSubmit(connection, zk, {
      model,
      attestorKey,
      wallet: wallet("late-payer"),
      fromBlock: poolFromBlock,
    });
    const collateral = PROFILES.find((p) => p.name === "pays-in-full")!.collateral;
    assert.equal(PROFILES.find((p) => p.name === "late-payer")!.collateral, collateral);

    for (const r of [good, bad]) {
      // The proof checks out off-chain too, and the registry recorded exactly the claim.
      assert.equal(await verifyProof(model.vkey, r.scored.proof, r.scored.publicSignals), true);
      assert.equal(r.valid, true);
      const record = await zk.scoreRegistry.read.scoreOf([r.scored.calldata.claim.subject]);
      assert.equal(record.score, r.scored.score);
      assert.equal(record.modelCommitment, model.commitment);
      assert.equal(record.attestorKeyHash, attestorKey.keyHash);
      assert.equal(record.attestedAt, r.scored.history.blockTimestamp);
    }
    assert.ok(
      good.scored.score > bad.scored.score,
      `scores ${good.scored.score} vs ${bad.scored.score}`,
    );
    assert.ok(good.tier > bad.tier, `tiers ${good.tier} vs ${bad.tier}`);
    assert.ok(good.creditLine > bad.creditLine, `lines ${good.creditLine} vs ${bad.creditLine}`);

    // The larger line is usable: draw beyond what the worse tier would allow.
    const drawer = (await connection.viem.getWalletClients()).find(
      (w) => w.account.address.toLowerCase() === wallet("pays-in-full").toLowerCase(),
    )!;
    const debt = await zk.lendingPool.read.debtOf([drawer.account.address]);
    const amount = bad.creditLine - debt + 1_000n * USD;
    await zk.lendingPool.write.draw([amount], { account: drawer.account });
    assert.equal(
      (await zk.lendingPool.read.debtOf([drawer.account.address])) >= debt + amount,
      true,
    );
  });
});

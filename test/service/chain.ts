/**
 * The service tests' chain: Hardhat's in-process chain with the whole system deployed by the
 * ZkCredit Ignition fixture (what the operator deploys), a borrower with two closed statements,
 * the reference model's shape verifier, model and attestor registered through the timelock, and
 * a JSON-RPC endpoint over HTTP on loopback, because the prover workers (threads, or other
 * processes in Redis mode) reach the chain by URL like they would in production.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import {
  encodeFunctionData,
  getAddress,
  keccak256,
  maxUint256,
  toBytes,
  type Abi,
  type Address,
} from "viem";
import {
  LOCAL_COLLATERAL_PRICE,
  REFERENCE_MODEL,
  deployZkCredit,
  type ZkCredit,
} from "../../ignition/modules/ZkCredit.js";
import {
  generateAttestorKey,
  saveAttestorKey,
  type AttestorKey,
} from "../../prover/attest/index.js";
import { loadScoringModel } from "../../prover/index.js";
import { governedBatch } from "../helpers/governance.js";

const UNIT = 10n ** 6n; // zkUSD has 6 decimals
const ETHER = 10n ** 18n;

export interface TestChain {
  connection: NetworkConnection;
  zk: ZkCredit;
  /** http://127.0.0.1:port: the chain over JSON-RPC. */
  rpcUrl: string;
  /** A borrower with two closed statements (a thin file). */
  borrower: Address;
  /** An account that never used the pool. */
  stranger: Address;
  /** The attestor key registered on chain, and its key file (for worker processes). */
  attestorKey: AttestorKey;
  attestorKeyFile: string;
  modelPath: string;
  /** Mines `n` empty blocks. */
  mine(n: number): Promise<void>;
  close(): Promise<void>;
}

/** Serves an EIP-1193 provider as JSON-RPC over HTTP (single and batch requests). */
async function serveRpc(connection: NetworkConnection): Promise<{ server: Server; url: string }> {
  const call = async (req: { id?: unknown; method?: string; params?: unknown[] }) => {
    try {
      const result = await connection.provider.request({
        method: String(req.method),
        params: req.params ?? [],
      });
      return { jsonrpc: "2.0", id: req.id ?? null, result };
    } catch (err) {
      const e = err as { code?: number; message?: string; data?: unknown };
      return {
        jsonrpc: "2.0",
        id: req.id ?? null,
        error: { code: e.code ?? -32603, message: e.message ?? String(err), data: e.data },
      };
    }
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          res.writeHead(400).end();
          return;
        }
        const answer = Array.isArray(body)
          ? await Promise.all(body.map(call))
          : await call(body as never);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify(answer, (_k, v: unknown) =>
            typeof v === "bigint" ? `0x${v.toString(16)}` : v,
          ),
        );
      })();
    });
  });
  // Longer than the clients' keep-alive (undici: 4 s), so a client never reuses a socket the
  // server is closing ("other side closed").
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("RPC server has no port");
  return { server, url: `http://127.0.0.1:${address.port}` };
}

/** Deploys the system and a borrower's history; registers model and attestor. */
export async function startTestChain(): Promise<TestChain> {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;
  const zk = await deployZkCredit(connection, { minDelay: 3600n });
  const [, , , lender, borrower, stranger] = await viem.getWalletClients();
  if (lender === undefined || borrower === undefined || stranger === undefined) {
    throw new Error("the service tests need 6 accounts");
  }
  // The pool refuses prices older than its heartbeat: after each time jump, post it again.
  const refreshPrice = async () => {
    await zk.priceFeed.write.setPrice([LOCAL_COLLATERAL_PRICE]);
  };

  // Liquidity, then a borrower who draws, misses nothing, and closes two statements.
  await zk.stableToken.write.mint([lender.account.address, 1_000_000n * UNIT]);
  await zk.stableToken.write.approve([zk.lendingPool.address, maxUint256], {
    account: lender.account,
  });
  await zk.lendingPool.write.deposit([500_000n * UNIT, lender.account.address], {
    account: lender.account,
  });
  await zk.collateralToken.write.mint([borrower.account.address, 10n * ETHER]);
  await zk.stableToken.write.mint([borrower.account.address, 10_000n * UNIT]);
  for (const token of [zk.collateralToken, zk.stableToken]) {
    await token.write.approve([zk.lendingPool.address, maxUint256], { account: borrower.account });
  }
  await zk.lendingPool.write.depositCollateral([zk.collateralToken.address, 10n * ETHER], {
    account: borrower.account,
  });
  await zk.lendingPool.write.draw([3_000n * UNIT], { account: borrower.account });
  for (const payment of [500n * UNIT, 1_000n * UNIT]) {
    await networkHelpers.time.increaseTo(
      await zk.lendingPool.read.statementDueAt([borrower.account.address]),
    );
    await refreshPrice();
    await zk.lendingPool.write.closeStatement([borrower.account.address]);
    await zk.lendingPool.write.repay([borrower.account.address, payment], {
      account: borrower.account,
    });
  }

  // Governance: the shape's verifier, the reference model and the attestor key.
  const model = loadScoringModel(REFERENCE_MODEL);
  const attestorKey = await generateAttestorKey();
  const dir = mkdtempSync(join(tmpdir(), "zkcredit-service-"));
  const attestorKeyFile = join(dir, "attestor.key.json");
  await saveAttestorKey(attestorKey, attestorKeyFile);
  const card = toBytes("zkcredit reference model card (service tests)");
  await governedBatch(
    zk.timelock,
    [
      {
        target: zk.modelRegistry.address,
        data: encode(zk.modelRegistry, "setShapeVerifier", [model.shapeId, zk.verifier.address]),
      },
      {
        target: zk.modelRegistry.address,
        data: encode(zk.modelRegistry, "registerModel", [
          model.commitment,
          model.shapeId,
          "ipfs://card",
          keccak256(card),
        ]),
      },
      {
        target: zk.attestorRegistry.address,
        data: encode(zk.attestorRegistry, "trustAttestor", [attestorKey.keyHash, "service tests"]),
      },
    ],
    networkHelpers,
  );
  // Scores are attested at the scored block's time: keep the head's time "now" for freshness.
  await refreshPrice();

  const rpc = await serveRpc(connection);
  return {
    connection,
    zk,
    rpcUrl: rpc.url,
    borrower: getAddress(borrower.account.address),
    stranger: getAddress(stranger.account.address),
    attestorKey,
    attestorKeyFile,
    modelPath: REFERENCE_MODEL,
    mine: (n) => networkHelpers.mine(n),
    async close() {
      await new Promise<void>((resolve) => {
        rpc.server.closeAllConnections();
        rpc.server.close(() => resolve());
      });
      rmSync(dir, { recursive: true, force: true });
      await connection.close();
    },
  };
}

function encode(contract: { abi: Abi }, functionName: string, args: readonly unknown[]) {
  return encodeFunctionData({ abi: contract.abi, functionName, args });
}

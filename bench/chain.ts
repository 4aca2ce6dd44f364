/**
 * Gas and chain-side timings on Hardhat's in-process chain, through the production deploy and
 * seed code (scripts/lib): the verifier's execution gas, submitScore with the registries (a new
 * wallet and a returning one), a draw and a repay on an open line, and feature extraction.
 */
import { network } from "hardhat";
import { encodeFunctionData, type Hex } from "viem";
import { deploySystem } from "../scripts/lib/deploy.js";
import { seedHistories, USD } from "../scripts/lib/seed.js";
import { scoreAndSubmit } from "../scripts/lib/score.js";
import { extractFeatures } from "../prover/features/extract.js";
import { submittedClaimSignals } from "../prover/proof/calldata.js";
import { median } from "./proving.js";

/** Calldata's intrinsic gas (EIP-2028): 16 per non-zero byte, 4 per zero byte. */
function calldataGas(data: Hex): bigint {
  let gas = 0n;
  for (let i = 2; i < data.length; i += 2) gas += data.slice(i, i + 2) === "00" ? 4n : 16n;
  return gas;
}

/** The pairing-based lower bound for Groth16 verification with `n` public signals (EIP-1108 prices). */
export const gasTheoreticalMin = (n: number): number => 181_150 + 6_150 * n;

export interface ChainFigures {
  verifierGas: number;
  /** The verifier called in a transaction: gas used, and the gas limit eth_estimateGas asks for. */
  verifierTxGas: number;
  verifierTxGasLimit: number;
  submitScoreGas: number;
  submitScoreGasReturning: number;
  borrowGas: number;
  repayGas: number;
  featuresMs: number;
}

export async function benchChain(featureRuns = 10): Promise<ChainFigures> {
  const connection = await network.create();
  const { viem } = connection;
  const client = await viem.getPublicClient();
  const sys = await deploySystem(connection, { writeFile: false });
  const seed = await seedHistories(connection, sys.zk);
  const [first, second] = seed.borrowers;
  if (first === undefined || second === undefined)
    throw new Error("bench: the seed made too few borrowers");

  const scored = await scoreAndSubmit(connection, sys.zk, {
    model: sys.model,
    attestorKey: sys.attestorKey,
    wallet: first.address,
    fromBlock: sys.poolFromBlock,
  });
  // A second score for the same wallet: its record slot is no longer empty.
  await connection.networkHelpers.time.increase(60);
  const again = await scoreAndSubmit(connection, sys.zk, {
    model: sys.model,
    attestorKey: sys.attestorKey,
    wallet: first.address,
    fromBlock: sys.poolFromBlock,
  });

  // The verifier alone: execution gas = gas used − 21,000 − calldata (the lower bound's terms).
  const { claim, proof } = scored.scored.calldata;
  const signals = submittedClaimSignals(claim);
  const verifierAbi = sys.zk.verifier.abi;
  const data = encodeFunctionData({
    abi: verifierAbi,
    functionName: "verifyProof",
    args: [
      [proof[0], proof[1]],
      [
        [proof[2], proof[3]],
        [proof[4], proof[5]],
      ],
      [proof[6], proof[7]],
      signals,
    ],
  });
  const pool = sys.zk.lendingPool;
  const [wallet] = (await viem.getWalletClients()).filter(
    (w) => w.account.address.toLowerCase() === first.address.toLowerCase(),
  );
  if (wallet === undefined) throw new Error("bench: the borrower's wallet is not on this network");
  const gasOf = async (hash: Promise<Hex>): Promise<number> =>
    Number((await client.waitForTransactionReceipt({ hash: await hash })).gasUsed);

  // The verifier's cost is what a transaction calling it is charged (gasUsed); the estimate is
  // the gas limit it needs, higher by the 1/64 of gas every call must leave to its caller.
  const verifierTxGasLimit = await client.estimateGas({ to: sys.zk.verifier.address, data });
  const verifierTxGas = await gasOf(
    wallet.sendTransaction({
      to: sys.zk.verifier.address,
      data,
      account: wallet.account,
      chain: null,
    }),
  );
  const verifierGas = BigInt(verifierTxGas) - 21_000n - calldataGas(data);

  // A draw and a repay on the scored wallet's open line (after its first statements).
  const borrowGas = await gasOf(pool.write.draw([100n * USD], { account: wallet.account }));
  const repayGas = await gasOf(
    pool.write.repay([first.address, 50n * USD], { account: wallet.account }),
  );

  const times: number[] = [];
  for (let i = 0; i < featureRuns; i++) {
    const t0 = performance.now();
    await extractFeatures({
      client,
      pool: pool.address,
      wallet: second.address,
      fromBlock: sys.poolFromBlock,
    });
    times.push(performance.now() - t0);
  }
  return {
    verifierGas: Number(verifierGas),
    verifierTxGas,
    verifierTxGasLimit: Number(verifierTxGasLimit),
    submitScoreGas: Number(scored.gasUsed),
    submitScoreGasReturning: Number(again.gasUsed),
    borrowGas,
    repayGas,
    featuresMs: median(times),
  };
}

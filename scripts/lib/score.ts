/**
 * Scoring a wallet on a deployed system: features from the pool's history over JSON-RPC →
 * attestation → Groth16 proof (prover's scoreWallet) → ScoreRegistry.submitScore, then what the
 * pool now offers the wallet.
 */
import type { NetworkConnection } from "hardhat/types/network";
import type { Address, Hash } from "viem";
import type { ZkCredit } from "../../ignition/modules/ZkCredit.js";
import {
  scoreWallet,
  type AttestorKey,
  type ScoredWallet,
  type ScoreStage,
  type ScoringModel,
} from "../../prover/index.js";

export interface SubmittedScore {
  scored: ScoredWallet;
  txHash: Hash;
  gasUsed: bigint;
  /** What the registry and the pool say after the submission. */
  valid: boolean;
  tier: number;
  advanceRateBps: number;
  aprBps: number;
  /** Credit line and what is still available, asset base units. */
  creditLine: bigint;
  available: bigint;
}

const STAGE_TEXT: Record<ScoreStage, string> = {
  features: "reading the statement history over JSON-RPC",
  attestation: "attestor signing the features (EdDSA-Poseidon)",
  proving: "proving the score (Groth16)",
};

/** Proves `wallet`'s score from its on-chain history and submits it; the first account sends it. */
export async function scoreAndSubmit(
  connection: NetworkConnection,
  zk: ZkCredit,
  args: {
    model: ScoringModel;
    attestorKey: AttestorKey;
    wallet: Address;
    /** The pool's deployment block (where the log scan may stop). */
    fromBlock?: bigint;
    log?: (line: string) => void;
  },
): Promise<SubmittedScore> {
  const log = args.log ?? (() => {});
  const client = await connection.viem.getPublicClient();
  const scored = await scoreWallet({
    client,
    model: args.model,
    attestorKey: args.attestorKey,
    pool: zk.lendingPool.address,
    wallet: args.wallet,
    fromBlock: args.fromBlock,
    onStage: (stage) => log(`  … ${STAGE_TEXT[stage]}`),
  });
  const { claim, proof } = scored.calldata;
  const txHash = await zk.scoreRegistry.write.submitScore([claim, proof]);
  const receipt = await client.waitForTransactionReceipt({ hash: txHash });
  if (receipt.status !== "success") throw new Error(`submitScore ${txHash} reverted`);
  const [valid] = await zk.scoreRegistry.read.validScoreOf([args.wallet]);
  const [tier, terms] = await zk.lendingPool.read.tierOf([args.wallet]);
  const [creditLine, available] = await zk.lendingPool.read.creditLineOf([args.wallet]);
  return {
    scored,
    txHash,
    gasUsed: receipt.gasUsed,
    valid,
    tier,
    advanceRateBps: terms.advanceRateBps,
    aprBps: terms.aprBps,
    creditLine,
    available,
  };
}

/**
 * The audit trail, rebuilt from events alone: every approved model, every trusted attestor and
 * every recorded score. Proofs are not stored on chain, so each score's proof is recovered from the
 * calldata of the transaction that recorded it (ScoreRegistry.submitScore(claim, proof)), its
 * public signals rebuilt from the claim, and the Groth16 proof verified OFF-CHAIN with snarkjs
 * against the committed verification key of the model's shape: an auditor trusts neither the
 * submitter nor the contract's own verification.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { NetworkConnection } from "hardhat/types/network";
import { decodeFunctionData, getAddress, type Address, type Hash, type Hex } from "viem";
import type { ZkCredit } from "../../ignition/modules/ZkCredit.js";
import {
  fromCalldata,
  scanLogs,
  shapeIdOf,
  verifyProof,
  type VerificationKey,
} from "../../prover/index.js";
import { submittedClaimSignals } from "../../prover/proof/calldata.js";
import { REPO_ROOT } from "../../prover/proof/paths.js";

const MODEL_STATUS = ["none", "active", "revoked"] as const;
const ATTESTOR_STATUS = ["none", "trusted", "revoked"] as const;

export interface AuditedModel {
  id: number;
  commitment: bigint;
  shapeId: Hex;
  /** The shape name whose committed key matches shapeId, if any. */
  shape?: string;
  cardUri: string;
  status: (typeof MODEL_STATUS)[number];
  block: bigint;
}

export interface AuditedAttestor {
  id: number;
  keyHash: bigint;
  label: string;
  status: (typeof ATTESTOR_STATUS)[number];
  block: bigint;
}

export interface AuditedScore {
  subject: Address;
  score: number;
  modelCommitment: bigint;
  attestorKeyHash: bigint;
  attestedAt: bigint;
  expiresAt: bigint;
  submitter: Address;
  block: bigint;
  txHash: Hash;
  /** Off-chain re-verification of the proof in the transaction's calldata. */
  proof: { verified: boolean; detail: string };
}

export interface AuditTrail {
  models: AuditedModel[];
  attestors: AuditedAttestor[];
  scores: AuditedScore[];
}

/** Verification keys by shape id (keccak256 of the shape name). */
export type VerificationKeys = Map<Hex, { shape: string; vkey: VerificationKey }>;

/** The committed verification keys, circuits/build/<shape>/verification_key.json. */
export function committedKeys(): VerificationKeys {
  const dir = join(REPO_ROOT, "circuits", "build");
  const keys: VerificationKeys = new Map();
  if (!existsSync(dir)) return keys;
  for (const shape of readdirSync(dir)) {
    const file = join(dir, shape, "verification_key.json");
    if (!existsSync(file)) continue;
    keys.set(shapeIdOf(shape), {
      shape,
      vkey: JSON.parse(readFileSync(file, "utf8")) as VerificationKey,
    });
  }
  return keys;
}

/**
 * Reads the trail from `fromBlock` (the registries' deployment) to the head, in paged queries.
 * Proofs are checked against `keys` (default the committed keys).
 */
export async function auditTrail(
  connection: NetworkConnection,
  zk: ZkCredit,
  fromBlock: bigint,
  options: { pageSize?: bigint; keys?: VerificationKeys } = {},
): Promise<AuditTrail> {
  const { pageSize } = options;
  const client = await connection.viem.getPublicClient();
  const toBlock = await client.getBlockNumber();
  const scan = async <T>(
    what: string,
    fetch: (from: bigint, to: bigint) => Promise<T[]>,
  ): Promise<T[]> => {
    const out: T[] = [];
    await scanLogs<T>({
      fromBlock,
      toBlock,
      pageSize,
      direction: "forward",
      what,
      fetch,
      onPage: (l) => void out.push(...l),
    });
    return out;
  };
  const range = (from: bigint, to: bigint) =>
    ({ fromBlock: from, toBlock: to, strict: true }) as const;
  const { modelRegistry, attestorRegistry, scoreRegistry } = zk;
  const keys = options.keys ?? committedKeys();

  const modelLogs = await scan("ModelRegistered", (f, t) =>
    client.getContractEvents({ ...modelRegistry, eventName: "ModelRegistered", ...range(f, t) }),
  );
  const models: AuditedModel[] = [];
  for (const log of modelLogs) {
    const m = await modelRegistry.read.modelOf([log.args.commitment]);
    models.push({
      id: log.args.id,
      commitment: log.args.commitment,
      shapeId: log.args.shapeId,
      shape: keys.get(log.args.shapeId)?.shape,
      cardUri: log.args.cardUri,
      status: MODEL_STATUS[m.status] ?? "none",
      block: log.blockNumber,
    });
  }

  const attestorLogs = await scan("AttestorTrusted", (f, t) =>
    client.getContractEvents({ ...attestorRegistry, eventName: "AttestorTrusted", ...range(f, t) }),
  );
  const attestors: AuditedAttestor[] = [];
  for (const log of attestorLogs) {
    const a = await attestorRegistry.read.attestorOf([log.args.keyHash]);
    attestors.push({
      id: log.args.id,
      keyHash: log.args.keyHash,
      label: log.args.label,
      status: ATTESTOR_STATUS[a.status] ?? "none",
      block: log.blockNumber,
    });
  }

  const scoreLogs = await scan("ScoreRecorded", (f, t) =>
    client.getContractEvents({ ...scoreRegistry, eventName: "ScoreRecorded", ...range(f, t) }),
  );
  const scores: AuditedScore[] = [];
  for (const log of scoreLogs) {
    const e = log.args;
    const base = {
      subject: getAddress(e.subject),
      score: e.score,
      modelCommitment: e.modelCommitment,
      attestorKeyHash: e.attestorKeyHash,
      attestedAt: e.attestedAt,
      expiresAt: e.expiresAt,
      submitter: getAddress(e.submitter),
      block: log.blockNumber,
      txHash: log.transactionHash,
    };
    scores.push({ ...base, proof: await reverify(base) });
  }
  return { models, attestors, scores };

  /** Recovers the proof from the recording transaction's calldata and verifies it off-chain. */
  async function reverify(s: Omit<AuditedScore, "proof">): Promise<AuditedScore["proof"]> {
    const tx = await client.getTransaction({ hash: s.txHash });
    if (
      tx.to === null ||
      tx.to === undefined ||
      getAddress(tx.to) !== getAddress(scoreRegistry.address)
    ) {
      return { verified: false, detail: "not a direct submitScore call: calldata not recoverable" };
    }
    let decoded;
    try {
      decoded = decodeFunctionData({ abi: scoreRegistry.abi, data: tx.input });
    } catch {
      return { verified: false, detail: "calldata does not decode as a ScoreRegistry call" };
    }
    if (decoded.functionName !== "submitScore") {
      return { verified: false, detail: `calldata calls ${decoded.functionName}, not submitScore` };
    }
    const [claim, words] = decoded.args;
    // The event and the calldata must state the same claim, or the event lies about the proof.
    if (
      getAddress(claim.subject) !== s.subject ||
      claim.score !== s.score ||
      claim.modelCommitment !== s.modelCommitment ||
      claim.attestorKeyHash !== s.attestorKeyHash ||
      claim.attestedAt !== s.attestedAt
    ) {
      return { verified: false, detail: "calldata claim differs from the ScoreRecorded event" };
    }
    const model = await modelRegistry.read.modelOf([s.modelCommitment]);
    const key = keys.get(model.shapeId);
    if (key === undefined)
      return {
        verified: false,
        detail: `no committed verification key for shape ${model.shapeId}`,
      };
    const publicSignals = submittedClaimSignals(claim);
    const ok = await verifyProof(key.vkey, fromCalldata(words), publicSignals);
    return {
      verified: ok,
      detail: ok ? `snarkjs groth16 verify ok (${key.shape})` : "proof does NOT verify",
    };
  }
}

/**
 * The whole scoring pipeline for one wallet, left to right:
 *
 *   chain history ─► features ─► attestation ─► witness ─► Groth16 proof ─► submitScore calldata
 *   (extractHistory)  (schema)   (attest)       (buildWitnessInput, generateProof)
 *
 * `loadScoringModel` reads a quantized model and everything its shape needs to prove (wasm, zkey,
 * verification key) once; `scoreWallet` runs the pipeline and returns the calldata of
 * `ScoreRegistry.submitScore(claim, proof)` in the contract's order. The CLI, the Hardhat scripts
 * and the HTTP service are thin layers over these two functions.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { getAddress, keccak256, toBytes, type Address, type Hex } from "viem";
import { attest, type Attestation, type AttestorKey } from "../attest/index.js";
import { extractHistory, type ChainCreditHistory, type ChainSource } from "../features/extract.js";
import { deriveFeatures } from "../features/schema.js";
import { loadQuantizedModel, modelCommitment, type QuantizedModel } from "../model/index.js";
import {
  PUBLIC_SIGNALS,
  buildWitnessInput,
  generateProof,
  shapeArtifacts,
  verifierContractName,
  type ProofWords,
  type PublicSignals,
  type ShapeArtifacts,
  type VerificationKey,
} from "../proof/index.js";
import type { Groth16Proof } from "snarkjs";

/** A model ready to prove with: loaded, checked, with its shape's artifacts. */
export interface ScoringModel {
  /** The model file it was read from. */
  path: string;
  model: QuantizedModel;
  /** Poseidon commitment (the public signal ModelRegistry approves). */
  commitment: bigint;
  /** keccak256 of the shape name: the ModelRegistry's shape id. */
  shapeId: Hex;
  /** Name of the generated Solidity verifier contract of the shape. */
  verifierContract: string;
  artifacts: ShapeArtifacts;
  vkey: VerificationKey;
}

/** ModelRegistry's shape id of a shape name: keccak256 of its UTF-8 bytes. */
export function shapeIdOf(shapeName: string): Hex {
  return keccak256(toBytes(shapeName));
}

const cache = new Map<string, ScoringModel>();

/**
 * Loads a quantized model file (checking its stored commitment), its shape's circuit wasm, zkey
 * and verification key. Cached per path: a service or script loads each model once.
 */
export function loadScoringModel(modelJsonPath: string): ScoringModel {
  const path = resolve(modelJsonPath);
  const cached = cache.get(path);
  if (cached !== undefined) return cached;
  const model = loadQuantizedModel(path);
  const shape = model.shape.name;
  const artifacts = shapeArtifacts(shape);
  for (const [what, file] of [
    ["circuit wasm", artifacts.wasm],
    ["proving key", artifacts.zkey],
    ["verification key", artifacts.vkey],
  ] as const) {
    if (!existsSync(file)) {
      throw new Error(
        `model ${path}: the ${what} of shape ${shape} is missing (${file}); compile the circuit and run the setup for this shape`,
      );
    }
  }
  let vkey: VerificationKey;
  try {
    vkey = JSON.parse(readFileSync(artifacts.vkey, "utf8")) as VerificationKey;
  } catch (err) {
    throw new Error(`${artifacts.vkey}: not a JSON verification key (${(err as Error).message})`);
  }
  if (vkey.protocol !== "groth16" || vkey.nPublic !== PUBLIC_SIGNALS.length) {
    throw new Error(
      `${artifacts.vkey}: expected a Groth16 key with ${PUBLIC_SIGNALS.length} public signals`,
    );
  }
  const loaded: ScoringModel = {
    path,
    model,
    commitment: modelCommitment(model),
    shapeId: shapeIdOf(shape),
    verifierContract: verifierContractName(shape),
    artifacts,
    vkey,
  };
  cache.set(path, loaded);
  return loaded;
}

/** The claim exactly as ScoreRegistry.submitScore's `ScoreClaim` tuple takes it (viem types). */
export interface SubmitScoreClaim {
  subject: Address;
  score: number;
  modelCommitment: bigint;
  attestorKeyHash: bigint;
  attestedAt: bigint;
}

export type ScoreStage = "features" | "attestation" | "proving";

export type ScoreWalletOptions = ChainSource & {
  model: ScoringModel;
  attestorKey: AttestorKey;
  pool: string;
  wallet: string;
  /** Score the history as of this block; default the chain head. */
  blockNumber?: bigint;
  /** Attestation time, unix seconds; default the timestamp of the block the history was read at. */
  attestedAt?: bigint;
  /** Called as each stage starts. */
  onStage?: (stage: ScoreStage) => void;
  /** Prove on the calling thread (see proveCircuit); default on every core. */
  singleThread?: boolean;
  /** Passed to extractHistory. */
  fromBlock?: bigint;
  pageSize?: bigint;
  assetDecimals?: number;
};

export interface ScoredWallet {
  history: ChainCreditHistory;
  /** The 19 feature values the attestor signed, schema order. */
  features: bigint[];
  attestation: Attestation;
  score: number;
  /** snarkjs's proof object (for snarkjs verify and proof files). */
  proof: Groth16Proof;
  publicSignals: PublicSignals;
  /** `ScoreRegistry.submitScore(calldata.claim, calldata.proof)`. */
  calldata: { claim: SubmitScoreClaim; proof: ProofWords };
  /** Wall time per stage, ms. */
  timings: {
    featuresMs: number;
    attestationMs: number;
    witnessMs: number;
    proveMs: number;
    totalMs: number;
  };
}

/** What proving features in hand yields: the proof and submitScore's arguments. */
export interface ProvenFeatures {
  attestation: Attestation;
  score: number;
  /** snarkjs's proof object (for snarkjs verify and proof files). */
  proof: Groth16Proof;
  publicSignals: PublicSignals;
  /** `ScoreRegistry.submitScore(calldata.claim, calldata.proof)`. */
  calldata: { claim: SubmitScoreClaim; proof: ProofWords };
  timings: { attestationMs: number; witnessMs: number; proveMs: number };
}

/**
 * Attestation → witness → Groth16 proof for features already in hand (scoreWallet's second half;
 * also what the bench, the model card and the tests prove with).
 */
export async function proveFeatures(args: {
  model: ScoringModel;
  attestorKey: AttestorKey;
  subject: string | bigint;
  attestedAt: bigint;
  features: readonly bigint[];
  onStage?: (stage: ScoreStage) => void;
  singleThread?: boolean;
}): Promise<ProvenFeatures> {
  const { model, attestorKey, subject, attestedAt, features } = args;
  const t0 = performance.now();
  args.onStage?.("attestation");
  const attestation = await attest({ key: attestorKey, subject, attestedAt, features });
  const t1 = performance.now();
  args.onStage?.("proving");
  const witness = await buildWitnessInput({
    model: model.model,
    features,
    subject,
    attestedAt,
    attestation,
  });
  const proven = await generateProof({
    wasmPath: model.artifacts.wasm,
    zkeyPath: model.artifacts.zkey,
    input: witness,
    singleThread: args.singleThread,
  });
  const { claim } = proven;
  return {
    attestation,
    score: Number(claim.score),
    proof: proven.proof,
    publicSignals: proven.publicSignals,
    calldata: {
      claim: {
        subject: getAddress(`0x${claim.subject.toString(16).padStart(40, "0")}`),
        score: Number(claim.score),
        modelCommitment: claim.modelCommitment,
        attestorKeyHash: claim.attestorKeyHash,
        attestedAt: claim.attestedAt,
      },
      proof: proven.calldata.proof,
    },
    timings: {
      attestationMs: t1 - t0,
      witnessMs: proven.timings?.witnessMs ?? 0,
      proveMs: proven.timings?.proveMs ?? 0,
    },
  };
}

/** Features from chain history → attestation → proof → submitScore calldata, for one wallet. */
export async function scoreWallet(options: ScoreWalletOptions): Promise<ScoredWallet> {
  const { model, attestorKey, onStage } = options;
  const t0 = performance.now();
  onStage?.("features");
  const source: ChainSource =
    options.client !== undefined ? { client: options.client } : { rpcUrl: options.rpcUrl };
  const history = await extractHistory({
    ...source,
    pool: options.pool,
    wallet: options.wallet,
    blockNumber: options.blockNumber,
    fromBlock: options.fromBlock,
    pageSize: options.pageSize,
    assetDecimals: options.assetDecimals,
  });
  const features = deriveFeatures(history);
  const t1 = performance.now();

  // The attestor vouches for the history as of the block it read, so that block's time is the
  // natural attestation time (and on a local chain moved by time travel, the only fresh one).
  const attestedAt = options.attestedAt ?? history.blockTimestamp;
  const proven = await proveFeatures({
    model,
    attestorKey,
    subject: BigInt(history.wallet),
    attestedAt,
    features,
    onStage,
    singleThread: options.singleThread,
  });
  return {
    ...proven,
    history,
    features,
    timings: { featuresMs: t1 - t0, ...proven.timings, totalMs: performance.now() - t0 },
  };
}

/**
 * Score proofs: generateProof on a checked CreditScore witness, with the public signals and the
 * calldata in the contract's order, and the proof file the CLI writes and verifies.
 */
import type { Groth16Proof } from "snarkjs";
import {
  proveCircuit,
  toCalldata,
  verifyProof,
  type ProofWords,
  type VerificationKey,
} from "./prove.js";
import {
  claimFromPublicSignals,
  claimToPublicSignals,
  formatSubject,
  type PublicSignals,
  type ScoreClaim,
  type ScoreWitness,
} from "./witness.js";

export interface ScoreProof {
  proof: Groth16Proof;
  publicSignals: PublicSignals;
  claim: ScoreClaim;
  /** Exactly what ScoreRegistry.submitScore / Groth16Verifier.verifyProof take. */
  calldata: { proof: ProofWords; publicSignals: PublicSignals };
  /** Wall time of the two stages, ms (absent for a proof read from a file). */
  timings?: { witnessMs: number; proveMs: number };
}

/** Proves the witness from buildWitnessInput; the public signals must come out as the claim. */
export async function generateProof(args: {
  wasmPath: string;
  zkeyPath: string;
  input: ScoreWitness;
  /** See proveCircuit. */
  singleThread?: boolean;
}): Promise<ScoreProof> {
  const result = await proveCircuit(
    { wasmPath: args.wasmPath, zkeyPath: args.zkeyPath, input: args.input.input },
    { singleThread: args.singleThread },
  );
  const expected = claimToPublicSignals(args.input.claim);
  // A circuit that declares its public inputs in another order would make every proof useless
  // on chain: catch it here rather than at the contract.
  if (result.publicSignals.join() !== expected.join()) {
    throw new Error(
      `the circuit's public signals [${result.publicSignals}] are not [packedClaim, modelCommitment, attestorKeyHash] = [${expected}]`,
    );
  }
  return {
    proof: result.proof,
    publicSignals: expected,
    claim: args.input.claim,
    calldata: { proof: result.calldata.proof, publicSignals: expected },
    timings: result.timings,
  };
}

export const PROOF_FILE_FORMAT = "zkcredit-score-proof/v2";

/** The proof file: snarkjs's proof, the claim by name, and the calldata as 0x words. */
export interface ScoreProofJson {
  format: typeof PROOF_FILE_FORMAT;
  shape: string;
  claim: {
    subject: string;
    score: number;
    modelCommitment: string;
    attestorKeyHash: string;
    attestedAt: string;
  };
  publicSignals: string[];
  proof: Groth16Proof;
  calldata: { proof: string[]; publicSignals: string[] };
}

const hex = (v: bigint): string => `0x${v.toString(16).padStart(64, "0")}`;

export function scoreProofToJson(p: ScoreProof, shape: string): ScoreProofJson {
  return {
    format: PROOF_FILE_FORMAT,
    shape,
    claim: {
      subject: formatSubject(p.claim.subject),
      score: Number(p.claim.score),
      modelCommitment: p.claim.modelCommitment.toString(),
      attestorKeyHash: p.claim.attestorKeyHash.toString(),
      attestedAt: p.claim.attestedAt.toString(),
    },
    publicSignals: p.publicSignals.map(String),
    proof: p.proof,
    calldata: {
      proof: p.calldata.proof.map(hex),
      publicSignals: p.calldata.publicSignals.map(hex),
    },
  };
}

/** Parses a proof file, checking that its parts agree; `source` names the file in errors. */
export function scoreProofFromJson(
  json: unknown,
  source = "proof",
): { proof: ScoreProof; shape: string } {
  const fail = (what: string): never => {
    throw new Error(`${source}: ${what}`);
  };
  if (typeof json !== "object" || json === null) fail("not a JSON object");
  const doc = json as Partial<Record<keyof ScoreProofJson, unknown>>;
  if (doc.format !== PROOF_FILE_FORMAT) fail(`"format" must be "${PROOF_FILE_FORMAT}"`);
  if (typeof doc.shape !== "string") fail(`"shape" is missing`);
  if (
    !Array.isArray(doc.publicSignals) ||
    !doc.publicSignals.every((s) => typeof s === "string" && /^[0-9]+$/.test(s))
  ) {
    fail(`"publicSignals" must be an array of decimal strings`);
  }
  const publicSignals = claimToPublicSignals(
    claimFromPublicSignals((doc.publicSignals as string[]).map((s) => BigInt(s))),
  );
  const proof = doc.proof as Groth16Proof | undefined;
  const isStrings = (v: unknown, n: number): boolean =>
    Array.isArray(v) &&
    v.length >= n &&
    v.every((x) => typeof x === "string" && /^[0-9]+$/.test(x));
  if (
    typeof proof !== "object" ||
    proof === null ||
    !isStrings(proof.pi_a, 2) ||
    !isStrings(proof.pi_c, 2) ||
    !Array.isArray(proof.pi_b) ||
    proof.pi_b.length < 2 ||
    !proof.pi_b.slice(0, 2).every((row) => isStrings(row, 2))
  ) {
    fail(`"proof" is not a snarkjs Groth16 proof (pi_a, pi_b, pi_c as decimal strings)`);
  }
  const calldata = toCalldata(proof!, publicSignals);
  const stored = doc.calldata as { proof?: unknown; publicSignals?: unknown } | undefined;
  if (stored !== undefined) {
    const words = Array.isArray(stored.proof) ? stored.proof.map(String) : [];
    if (words.join() !== calldata.proof.map(hex).join())
      fail(`"calldata.proof" does not match "proof"`);
    const pubs = Array.isArray(stored.publicSignals) ? stored.publicSignals.map(String) : [];
    if (pubs.join() !== publicSignals.map(hex).join())
      fail(`"calldata.publicSignals" does not match "publicSignals"`);
  }
  const result: ScoreProof = {
    proof: proof!,
    publicSignals,
    claim: claimFromPublicSignals(publicSignals),
    calldata: { proof: calldata.proof, publicSignals },
  };
  // The named claim is for readers; it must say what the signals say.
  if (
    doc.claim !== undefined &&
    JSON.stringify(doc.claim) !== JSON.stringify(scoreProofToJson(result, "").claim)
  ) {
    fail(`"claim" does not match "publicSignals"`);
  }
  return {
    shape: doc.shape as string,
    proof: result,
  };
}

/** Off-chain verification of a score proof against the shape's verification key. */
export function verifyScoreProof(vkey: VerificationKey, p: ScoreProof): Promise<boolean> {
  return verifyProof(vkey, p.proof, p.publicSignals);
}

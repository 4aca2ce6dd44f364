/**
 * Re-checking a recorded score's proof in the browser. The proof is not stored on chain: it is in
 * the calldata of the transaction that called ScoreRegistry.submitScore(claim, proof). We decode
 * that calldata, rebuild the snarkjs proof object and the public signals in the circuit's order
 * (docs/architecture.md: [packedClaim, modelCommitment, attestorKeyHash]), and run
 * snarkjs groth16.verify against the committed verification key. snarkjs is loaded on demand so
 * it never weighs on a page's first load.
 */
import { decodeFunctionData, type Hex } from "viem";
// The prover's own calldata module (no relative imports, so it bundles for the browser).
import { fromCalldata, submittedClaimSignals } from "../../../prover/proof/calldata";
import { contract } from "./contracts";

export interface RecordedProof {
  claim: {
    subject: `0x${string}`;
    score: number;
    modelCommitment: bigint;
    attestorKeyHash: bigint;
    attestedAt: bigint;
  };
  /** [pA0, pA1, pB00, pB01, pB10, pB11, pC0, pC1], pB in the Solidity verifier's (swapped) order. */
  proof: readonly bigint[];
}

/** Decodes the input of a submitScore transaction; throws naming what is wrong otherwise. */
export function decodeSubmitScore(input: Hex): RecordedProof {
  const { functionName, args } = decodeFunctionData({
    abi: contract("ScoreRegistry").abi,
    data: input,
  });
  if (functionName !== "submitScore") {
    throw new Error(`the transaction calls ScoreRegistry.${functionName}, not submitScore`);
  }
  const [claim, proof] = args;
  if (proof.length !== 8)
    throw new Error(`the proof in the calldata has ${proof.length} elements, not 8`);
  return { claim, proof };
}

/** The public signals in the circuit's declared order, as snarkjs wants them (decimal strings). */
export function publicSignals(claim: RecordedProof["claim"]): string[] {
  return submittedClaimSignals(claim).map((v) => v.toString());
}

export interface VerifyOutcome {
  valid: boolean;
  /** Wall time of groth16.verify (which builds the bn128 curve on its first call), ms. */
  verifyMs: number;
  /** Including loading the snarkjs chunk, ms. */
  totalMs: number;
}

/** Runs snarkjs groth16.verify in the page. */
export async function verifyInBrowser(
  verificationKey: object,
  recorded: RecordedProof,
): Promise<VerifyOutcome> {
  const signals = publicSignals(recorded.claim);
  const nPublic = (verificationKey as { nPublic?: unknown }).nPublic;
  if (nPublic !== signals.length) {
    throw new Error(
      `the verification key is for ${String(nPublic)} public signals; a score proof has ${signals.length}`,
    );
  }
  const t0 = performance.now();
  const { groth16 } = await import("snarkjs");
  const t1 = performance.now();
  // snarkjs logs nothing without a logger; it returns false (not throws) for a wrong proof.
  const valid = await groth16.verify(verificationKey, signals, fromCalldata(recorded.proof));
  const t2 = performance.now();
  return { valid, verifyMs: t2 - t1, totalMs: t2 - t0 };
}

/**
 * The proof's calldata layout (docs/architecture.md, "Calldata"): the 8 words
 * [pA0, pA1, pB00, pB01, pB10, pB11, pC0, pC1] with pB's G2 coordinates swapped (snarkjs keeps
 * Fp2 elements as [c0, c1]; the EVM pairing precompile, and so the generated verifier, takes
 * [c1, c0]). No relative imports, so the web app bundles this very file for its in-browser check.
 */
import type { Groth16Proof } from "snarkjs";

/** The 8 proof words in the verifier's argument order. */
export type ProofWords = [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];

export interface Calldata {
  proof: ProofWords;
  publicSignals: bigint[];
}

/** Rearranges a snarkjs proof into the 8 words the Solidity verifier takes. */
export function toCalldata(proof: Groth16Proof, publicSignals: readonly bigint[]): Calldata {
  const a = proof.pi_a;
  const b = proof.pi_b;
  const c = proof.pi_c;
  const word = (v: string | undefined, what: string): bigint => {
    if (typeof v !== "string") throw new Error(`proof.${what} is missing`);
    return BigInt(v);
  };
  return {
    proof: [
      word(a[0], "pi_a[0]"),
      word(a[1], "pi_a[1]"),
      // G2: snarkjs [c0, c1] → EVM [c1, c0].
      word(b[0]?.[1], "pi_b[0][1]"),
      word(b[0]?.[0], "pi_b[0][0]"),
      word(b[1]?.[1], "pi_b[1][1]"),
      word(b[1]?.[0], "pi_b[1][0]"),
      word(c[0], "pi_c[0]"),
      word(c[1], "pi_c[1]"),
    ],
    publicSignals: [...publicSignals],
  };
}

/** The inverse of toCalldata: a snarkjs proof object from the verifier's 8 words. */
export function fromCalldata(words: readonly bigint[]): Groth16Proof {
  if (words.length !== 8) throw new Error(`a Groth16 proof has 8 words, got ${words.length}`);
  const [a0, a1, b01, b00, b11, b10, c0, c1] = words.map(String) as string[] as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    pi_a: [a0, a1, "1"],
    pi_b: [
      [b00, b01],
      [b10, b11],
      ["1", "0"],
    ],
    pi_c: [c0, c1, "1"],
    protocol: "groth16",
    curve: "bn128",
  };
}

/**
 * The claim's three small public values travel in one public signal (each signal costs the
 * verifier an elliptic-curve multiplication): packedClaim = subject + attestedAt·2^160 +
 * score·2^224. The circuit (CreditScore.circom) range-checks subject and attestedAt and bounds the
 * score, and ScoreRegistry packs its uint160/uint64/uint16 claim fields the same way.
 */
export const ATTESTED_AT_SHIFT = 160n;
export const SCORE_SHIFT = 224n;

/** The values one packed claim signal holds. */
export interface SmallClaim {
  subject: bigint;
  attestedAt: bigint;
  score: bigint;
}

export function packClaim(c: SmallClaim): bigint {
  const fits = (v: bigint, bits: bigint) => v >= 0n && v < 1n << bits;
  if (!fits(c.subject, ATTESTED_AT_SHIFT)) throw new Error(`subject ${c.subject} is not 160 bits`);
  if (!fits(c.attestedAt, SCORE_SHIFT - ATTESTED_AT_SHIFT)) {
    throw new Error(`attestedAt ${c.attestedAt} is not a 64-bit time`);
  }
  if (!fits(c.score, 16n)) throw new Error(`score ${c.score} is not 16 bits`);
  return c.subject + (c.attestedAt << ATTESTED_AT_SHIFT) + (c.score << SCORE_SHIFT);
}

/**
 * A claim's public signals in the circuit's order: [packedClaim, modelCommitment,
 * attestorKeyHash] (prover/model/circom.ts PUBLIC_SIGNALS names them).
 */
export function claimSignals(
  c: SmallClaim & { modelCommitment: bigint; attestorKeyHash: bigint },
): [bigint, bigint, bigint] {
  return [packClaim(c), c.modelCommitment, c.attestorKeyHash];
}

/** ScoreRegistry.submitScore's claim as viem encodes and decodes it (address, small integers). */
export interface SubmittedClaim {
  subject: string;
  score: number;
  modelCommitment: bigint;
  attestorKeyHash: bigint;
  attestedAt: bigint;
}

/** The public signals a submitted claim stands for: what re-verifying it from calldata needs. */
export function submittedClaimSignals(c: SubmittedClaim): [bigint, bigint, bigint] {
  return claimSignals({ ...c, subject: BigInt(c.subject), score: BigInt(c.score) });
}

export function unpackClaim(packed: bigint): SmallClaim {
  if (packed < 0n || packed >= 1n << (SCORE_SHIFT + 16n)) {
    throw new Error(`packed claim ${packed} is not a 240-bit value`);
  }
  return {
    subject: packed & ((1n << ATTESTED_AT_SHIFT) - 1n),
    attestedAt: (packed >> ATTESTED_AT_SHIFT) & ((1n << (SCORE_SHIFT - ATTESTED_AT_SHIFT)) - 1n),
    score: packed >> SCORE_SHIFT,
  };
}

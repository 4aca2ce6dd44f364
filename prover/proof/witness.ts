/**
 * The CreditScore circuit's input (circuits/CreditScore.circom) from a quantized model, the
 * attested features and the attestation. Everything a proof could fail on is checked here first,
 * naming what is wrong, so a bad input never reaches the (slow, opaque) witness calculator.
 */
import { FEATURE_SCHEMA_ID, featureBits, validateFeatures } from "../features/schema.js";
import {
  attestationError,
  parseAttestedAt,
  parseSubject,
  type Attestation,
} from "../attest/index.js";
import { PUBLIC_SIGNALS } from "../model/circom.js";
import { modelCommitment } from "../model/commitment.js";
import { inferInteger, type IntegerInference } from "../model/reference.js";
import type { QuantizedModel } from "../model/types.js";
import { claimSignals, unpackClaim } from "./calldata.js";
import type { CircuitInput } from "./prove.js";

export { PUBLIC_SIGNALS };

/** The statement a score proof makes: what its public signals say, by name. */
export interface ScoreClaim {
  subject: bigint;
  score: bigint;
  modelCommitment: bigint;
  attestorKeyHash: bigint;
  attestedAt: bigint;
}

/** [packedClaim, modelCommitment, attestorKeyHash] (docs/architecture.md, "Public signals"). */
export type PublicSignals = [bigint, bigint, bigint];

export const claimToPublicSignals: (c: ScoreClaim) => PublicSignals = claimSignals;

export function claimFromPublicSignals(signals: readonly bigint[]): ScoreClaim {
  if (signals.length !== PUBLIC_SIGNALS.length) {
    throw new Error(
      `a score proof has ${PUBLIC_SIGNALS.length} public signals, got ${signals.length}`,
    );
  }
  const [packed, modelCommitment, attestorKeyHash] = signals as PublicSignals;
  return { ...unpackClaim(packed), modelCommitment, attestorKeyHash };
}

export interface ScoreWitness {
  /** Signal name → value(s), ready for proveCircuit. */
  input: CircuitInput;
  /** What the proof will state publicly. */
  claim: ScoreClaim;
  /** The integer reference run: the circuit computes exactly this. */
  inference: IntegerInference;
}

/** Checks every input and assembles the circuit input; throws an error naming the bad input. */
export async function buildWitnessInput(args: {
  model: QuantizedModel;
  features: readonly bigint[];
  subject: string | bigint;
  attestedAt: bigint | number;
  attestation: Attestation;
}): Promise<ScoreWitness> {
  const { model, features, attestation } = args;
  const shape = model.shape;
  if (shape.featureSchema !== FEATURE_SCHEMA_ID) {
    throw new Error(
      `model ${shape.name} reads features "${shape.featureSchema}", not "${FEATURE_SCHEMA_ID}"`,
    );
  }
  if (shape.featureBits.join(",") !== featureBits().join(",")) {
    throw new Error(
      `model ${shape.name}: featureBits [${shape.featureBits}] differ from the schema's [${featureBits()}]`,
    );
  }
  validateFeatures(features);
  const subject = parseSubject(args.subject);
  const attestedAt = parseAttestedAt(args.attestedAt);
  if (attestation.subject !== subject) {
    throw new Error(
      `attestation is for subject ${formatSubject(attestation.subject)}, not ${formatSubject(subject)}`,
    );
  }
  if (attestation.attestedAt !== attestedAt) {
    throw new Error(`attestation was made at ${attestation.attestedAt}, not ${attestedAt}`);
  }
  const invalid = await attestationError(attestation, features);
  if (invalid) throw new Error(`attestation: ${invalid}`);

  const inference = inferInteger(model, features);
  const { score } = inference;
  if (score < 300n || score > 850n) throw new Error(`score ${score} is outside [300, 850]`);

  const claim: ScoreClaim = {
    subject,
    score,
    modelCommitment: modelCommitment(model),
    attestorKeyHash: attestation.attestorKeyHash,
    attestedAt,
  };
  // Signed parameters go in as signed integers; the witness calculator maps w < 0 to p − |w|.
  const [packedClaim] = claimToPublicSignals(claim);
  const input: CircuitInput = {
    packedClaim,
    modelCommitment: claim.modelCommitment,
    attestorKeyHash: claim.attestorKeyHash,
    subject,
    attestedAt,
    features: [...features],
    weights: model.weights.flatMap((layer) => layer.flat()),
    biases: model.biases.flat(),
    Ax: attestation.Ax,
    Ay: attestation.Ay,
    R8x: attestation.R8x,
    R8y: attestation.R8y,
    S: attestation.S,
  };
  return { input, claim, inference };
}

/** 0x + 40 lowercase hex digits. */
export function formatSubject(subject: bigint): string {
  return `0x${subject.toString(16).padStart(40, "0")}`;
}

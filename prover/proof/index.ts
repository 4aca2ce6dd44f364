/**
 * Trusted setup, proving, verification and calldata: the prover library's public API. Call
 * terminateCurves() once when done (snarkjs keeps worker threads alive).
 */
export { terminateCurves } from "./curves.js";
export { REPO_ROOT, VERIFIER_DIR, shapeArtifacts, type ShapeArtifacts } from "./paths.js";
export {
  DEFAULT_PTAU_DIR,
  KNOWN_PTAU,
  PTAU_ENV,
  blake2bFile,
  checkPtau,
  choosePtau,
  ptauLocation,
  readPtauHeader,
  type CheckedPtau,
  type KnownPtau,
  type PtauHeader,
} from "./ptau.js";
export { readCircuitInfo, requiredPtauPower, type CircuitInfo } from "./r1cs.js";
export {
  exportVerifier,
  runSetup,
  verifierContractName,
  type SetupOptions,
  type SetupProgress,
  type SetupResult,
  type SetupTranscript,
} from "./setup.js";
export {
  calculateWitness,
  computeWitness,
  fromCalldata,
  proveCircuit,
  toCalldata,
  verifyProof,
  type Calldata,
  type CircuitInput,
  type ProofResult,
  type ProofWords,
  type VerificationKey,
} from "./prove.js";
export {
  PUBLIC_SIGNALS,
  buildWitnessInput,
  claimFromPublicSignals,
  claimToPublicSignals,
  formatSubject,
  type PublicSignals,
  type ScoreClaim,
  type ScoreWitness,
} from "./witness.js";
export {
  PROOF_FILE_FORMAT,
  generateProof,
  scoreProofFromJson,
  scoreProofToJson,
  verifyScoreProof,
  type ScoreProof,
  type ScoreProofJson,
} from "./score.js";

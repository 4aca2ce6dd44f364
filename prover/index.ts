/**
 * zkcredit's prover library: the narrow API the CLI, the Hardhat scripts, the HTTP service and the
 * web app use. Most callers need two calls:
 *
 *   const model = loadScoringModel("data/models/reference/quantized.json");
 *   const scored = await scoreWallet({ model, attestorKey, rpcUrl, pool, wallet });
 *   await scoreRegistry.write.submitScore([scored.calldata.claim, scored.calldata.proof]);
 *   await terminateCurves(); // once, when done: snarkjs keeps worker threads alive
 *
 * The pieces are exported too, one per stage: features (schema, extraction), attestation, model
 * (load, integer inference, commitment) and proofs (generate, verify, calldata).
 */

// Pipeline.
export {
  loadScoringModel,
  proveFeatures,
  scoreWallet,
  shapeIdOf,
  type ProvenFeatures,
  type ScoredWallet,
  type ScoreStage,
  type ScoreWalletOptions,
  type ScoringModel,
  type SubmitScoreClaim,
} from "./pipeline/score.js";

// Features.
export {
  FEATURE_SCHEMA,
  FEATURE_SCHEMA_ID,
  STATEMENT_COUNT,
  deriveFeatures,
  featureNames,
  validateFeatures,
  type RawCreditHistory,
  type RawStatement,
} from "./features/schema.js";
export { DEFAULT_PAGE_SIZE, isRangeTooLarge, scanLogs, type ScanStats } from "./features/logs.js";
export {
  STATEMENT_CLOSED_EVENT,
  extractFeatures,
  extractHistory,
  findDeploymentBlock,
  publicClientFor,
  type ChainCreditHistory,
  type ChainSource,
  type ChainStatement,
  type ExtractOptions,
} from "./features/extract.js";

// Attestation.
export {
  ATTESTOR_KEY_ENV,
  AttestorKey,
  attest,
  attestorKeyHash,
  generateAttestorKey,
  loadAttestorKey,
  saveAttestorKey,
  verifyAttestation,
  type Attestation,
} from "./attest/index.js";

// Model.
export {
  inferInteger,
  loadQuantizedModel,
  modelCommitment,
  type QuantizedModel,
} from "./model/index.js";

// Proofs.
export {
  claimFromPublicSignals,
  claimToPublicSignals,
  fromCalldata,
  generateProof,
  shapeArtifacts,
  terminateCurves,
  toCalldata,
  verifierContractName,
  verifyProof,
  type ProofWords,
  type PublicSignals,
  type ScoreClaim,
  type VerificationKey,
} from "./proof/index.js";

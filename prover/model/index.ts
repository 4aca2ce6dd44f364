/**
 * The model pipeline's public API: ONNX import → float reference → calibrated quantization →
 * integer reference inference → commitment, with drift reports and model files.
 */
export type { CircuitShape, LayerSpec, QuantizedModel, ScorecardSpec } from "./types.js";
export { loadOnnxModel, type FloatModel, type FloatLayer, type LoadOptions } from "./onnx.js";
export { forwardFloat, floatLogits, type FloatTrace } from "./forward.js";
export { runFloat, type FloatResult } from "./float.js";
export {
  DEFAULT_SCORECARD,
  MIN_SCORE,
  MAX_SCORE,
  scorecardConstants,
  floatScore,
  floatScoreUnrounded,
  scorecardSpec,
  integerScore,
  integerScoreUnrounded,
  type ScorecardParams,
} from "./scorecard.js";
export {
  calibrate,
  calibrateShared,
  CONSTRAINT_BUDGET,
  type SharedCalibrationReport,
  type CalibrateOptions,
  type CalibrationReport,
  type LayerCalibration,
} from "./calibrate.js";
export {
  quantizeWithShape,
  designShape,
  type QuantizeOptions,
  type DesignOptions,
} from "./quantize.js";
export {
  shapeName,
  validateShape,
  activationBounds,
  estimateConstraints,
  type ConstraintEstimate,
  type NeuronBounds,
} from "./shape.js";
export { inferInteger, validateFeatureVector, type IntegerInference } from "./reference.js";
export { encodeShape, shapeTag, paramChunks, modelCommitment } from "./commitment.js";
export { driftReport, formatDrift, type DriftReport, type ErrorStats } from "./drift.js";
export {
  quantizedModelToJson,
  quantizedModelFromJson,
  saveQuantizedModel,
  loadQuantizedModel,
  MODEL_FILE_FORMAT,
} from "./serialize.js";

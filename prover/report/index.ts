/**
 * The model card's library: metrics, the three-way evaluation, the proved sample, SVG charts and
 * the markdown. scripts/model-card.ts wires them to the data, the model and the keys.
 */
export {
  aucStandardError,
  calibrationBins,
  confusionAtCutoff,
  curveArea,
  ksStatistic,
  median,
  rocCurve,
  scoreHistogram,
  type CalibrationBin,
  type Confusion,
  type HistogramBin,
  type Label,
  type RocPoint,
} from "./metrics.js";
export {
  evaluateWay,
  scoreAgreement,
  scoreDefaultProbability,
  type EvaluateOptions,
  type ScoreAgreement,
  type WayInput,
  type WayMetrics,
} from "./evaluate.js";
export { proofSample, proveRows, type ProveRowsArgs, type ProvedRow } from "./prove-sample.js";
export { calibrationChart, histogramChart, rocChart, type CurveSeries } from "./charts.js";
export { GENERATED_HEADER, renderModelCard, type ModelCardData } from "./card.js";
export { cardMetrics, METRICS_FORMAT, type CardMetrics } from "./metrics-json.js";
export { loadTrainingReport, parseTrainingReport, type TrainingReport } from "./training-report.js";

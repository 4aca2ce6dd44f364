/**
 * docs/model-card/metrics.json: the card's headline figures under stable names. The bench
 * (bench/run.ts) reads the targets from here, so renaming a key breaks it.
 */
import type { ModelCardData } from "./card.js";

export const METRICS_FORMAT = "zkcredit-model-card-metrics/v1";

export interface CardMetrics {
  generatedBy: string;
  format: typeof METRICS_FORMAT;
  modelCommitment: string;
  shape: string;
  splitHash: string;
  testRows: number;
  /** Float ONNX probability, whole test split. */
  aucFloat: number;
  /** Integer reference score, whole test split. */
  aucQuantized: number;
  /** Proved scores, on the proved sample. */
  aucCircuit: number;
  aucFloatOnSample: number;
  aucQuantizedOnSample: number;
  /** max |integer reference score − float score| over the whole test split, points. */
  maxScoreDiffPoints: number;
  fractionWithin1Point: number;
  fractionExactScore: number;
  ksFloat: number;
  ksQuantized: number;
  ksCircuit: number;
  provedRows: number;
  /** Proofs whose public score equals the integer reference (= provedRows, or no card). */
  provedRowsEqualReference: number;
  proveMsMedian: number;
  witnessMsMedian: number;
  verifyMsMedian: number;
  constraints: number;
}

export function cardMetrics(d: ModelCardData): CardMetrics {
  const round = (v: number, digits = 6): number => Number(v.toFixed(digits));
  return {
    generatedBy: "scripts/model-card.ts (npm run model-card) — do not edit",
    format: METRICS_FORMAT,
    modelCommitment: d.commitment.toString(),
    shape: d.shape.name,
    splitHash: d.split.hash,
    testRows: d.float.rows,
    aucFloat: round(d.float.auc),
    aucQuantized: round(d.quantized.auc),
    aucCircuit: round(d.sample.aucCircuit),
    aucFloatOnSample: round(d.sample.aucFloat),
    aucQuantizedOnSample: round(d.sample.aucQuantized),
    maxScoreDiffPoints: d.agreement.maxDiff,
    fractionWithin1Point: round(d.agreement.within1),
    fractionExactScore: round(d.agreement.exact),
    ksFloat: round(d.float.ks),
    ksQuantized: round(d.quantized.ks),
    ksCircuit: round(d.circuit.ks),
    provedRows: d.proofs.rows.length,
    provedRowsEqualReference: d.proofs.rows.filter((r) => r.score === r.referenceScore).length,
    proveMsMedian: Math.round(d.proofs.proveMsMedian),
    witnessMsMedian: Math.round(d.proofs.witnessMsMedian),
    verifyMsMedian: Math.round(d.proofs.verifyMsMedian),
    constraints: d.constraints,
  };
}

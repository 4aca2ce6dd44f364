/**
 * One evaluation "way" of the model card (float ONNX, quantized integer reference, or proved
 * circuit): every metric of the card from the way's scores, risk ranking and predicted default
 * probabilities on the same labelled rows. Also the score agreement between two ways.
 */
import { rocAuc } from "../train/metrics.js";
import {
  calibrationBins,
  confusionAtCutoff,
  ksStatistic,
  median,
  scoreHistogram,
  type CalibrationBin,
  type Confusion,
  type HistogramBin,
  type Label,
} from "./metrics.js";

export interface WayInput {
  /** The integer score per row, in [300, 850]. */
  scores: readonly number[];
  /** The ranking AUC and KS are computed on: larger = riskier. */
  risk: readonly number[];
  /** Predicted probability of default per row (for calibration). */
  pd: readonly number[];
  labels: readonly Label[];
}

export interface WayMetrics {
  rows: number;
  defaults: number;
  auc: number;
  ks: number;
  /** Score distribution: min, median, mean, max. */
  scoreSummary: { min: number; median: number; mean: number; max: number };
  /** One entry per tier cutoff: flag rows scoring below it. */
  cutoffs: Confusion[];
  calibration: CalibrationBin[];
  histogram: HistogramBin[];
}

export interface EvaluateOptions {
  /** Score cutoffs (the lending pool's tier minimum scores above tier 0). */
  cutoffs: readonly number[];
  /** Calibration bins (10 = deciles). */
  bins?: number;
  histogram: { min: number; max: number; width: number };
}

export function evaluateWay(w: WayInput, o: EvaluateOptions): WayMetrics {
  const n = w.labels.length;
  for (const [name, values] of [
    ["scores", w.scores],
    ["risk", w.risk],
    ["pd", w.pd],
  ] as const) {
    if (values.length !== n)
      throw new Error(`evaluateWay: ${values.length} ${name} for ${n} labels`);
  }
  const scores = [...w.scores];
  return {
    rows: n,
    defaults: w.labels.filter((l) => l === 1).length,
    auc: rocAuc(w.risk, w.labels),
    ks: ksStatistic(w.risk, w.labels).ks,
    scoreSummary: {
      min: Math.min(...scores),
      median: median(scores),
      mean: scores.reduce((s, v) => s + v, 0) / n,
      max: Math.max(...scores),
    },
    cutoffs: o.cutoffs.map((c) => confusionAtCutoff(w.scores, w.labels, c)),
    calibration: calibrationBins(w.pd, w.labels, o.bins ?? 10),
    histogram: scoreHistogram(w.scores, w.labels, o.histogram),
  };
}

/**
 * The probability of default a scorecard score stands for: odds good:bad are
 * baseOdds · 2^((score − baseScore) / pdo), so p = 1 / (1 + odds). This is all the circuit's
 * public output says about risk.
 */
export function scoreDefaultProbability(
  score: number,
  card: { pdo: number; baseScore: number; baseOdds: number },
): number {
  const odds = card.baseOdds * 2 ** ((score - card.baseScore) / card.pdo);
  return 1 / (1 + odds);
}

export interface ScoreAgreement {
  rows: number;
  /** max |a − b| in points. */
  maxDiff: number;
  /** Share of rows with |a − b| ≤ 1 point. */
  within1: number;
  /** Share of rows with a = b. */
  exact: number;
  /** Rows per absolute difference (index = points). */
  counts: number[];
}

/** How closely two integer scorings of the same rows agree. */
export function scoreAgreement(a: readonly number[], b: readonly number[]): ScoreAgreement {
  if (a.length !== b.length) throw new Error(`scoreAgreement: ${a.length} vs ${b.length} scores`);
  if (a.length === 0) throw new Error("scoreAgreement: no rows");
  const counts: number[] = [];
  a.forEach((x, i) => {
    const d = Math.abs(x - b[i]!);
    if (!Number.isInteger(d)) throw new Error(`scoreAgreement: row ${i} scores are not integers`);
    counts[d] = (counts[d] ?? 0) + 1;
  });
  const filled = Array.from(counts, (c) => c ?? 0);
  return {
    rows: a.length,
    maxDiff: filled.length - 1,
    within1: ((filled[0] ?? 0) + (filled[1] ?? 0)) / a.length,
    exact: (filled[0] ?? 0) / a.length,
    counts: filled,
  };
}

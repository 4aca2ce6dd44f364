/**
 * Evaluation metrics of the model card beyond ROC AUC (which is prover/train/metrics.ts's
 * `rocAuc`): the ROC curve, the KS statistic, the confusion at a score cutoff, decile calibration
 * and the score histogram. Labels are 1 = defaulted; a "risk" is any number that is larger for a
 * riskier row (a probability of default, or a negated score).
 */

export type Label = 0 | 1;

function checkLengths(what: string, values: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (values.length !== labels.length) {
    throw new Error(`${what}: ${values.length} values but ${labels.length} labels`);
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]))
      throw new Error(`${what}: value ${values[i]} at index ${i} is not finite`);
    if (labels[i] !== 0 && labels[i] !== 1)
      throw new Error(`${what}: label ${labels[i]} at index ${i} is not 0 or 1`);
  }
}

function classCounts(labels: ArrayLike<number>): { positives: number; negatives: number } {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  return { positives, negatives: labels.length - positives };
}

/** One point of the ROC curve: flag every row with risk ≥ threshold. */
export interface RocPoint {
  threshold: number;
  /** Share of non-defaulters flagged. */
  fpr: number;
  /** Share of defaulters flagged. */
  tpr: number;
}

/**
 * The ROC curve, one point per distinct risk value (tied rows move together, so the curve's
 * trapezoid area equals `rocAuc` with ties counted one half), from (0, 0) to (1, 1).
 */
export function rocCurve(risk: ArrayLike<number>, labels: ArrayLike<number>): RocPoint[] {
  checkLengths("rocCurve", risk, labels);
  const { positives, negatives } = classCounts(labels);
  if (positives === 0 || negatives === 0) throw new Error("rocCurve needs both classes");
  const order = Array.from({ length: risk.length }, (_, i) => i).sort(
    (a, b) => risk[b]! - risk[a]!,
  );
  const points: RocPoint[] = [{ threshold: Infinity, fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length;) {
    const threshold = risk[order[i]!]!;
    while (i < order.length && risk[order[i]!] === threshold) {
      if (labels[order[i]!] === 1) tp++;
      else fp++;
      i++;
    }
    points.push({ threshold, fpr: fp / negatives, tpr: tp / positives });
  }
  return points;
}

/** Trapezoid area under a ROC curve (for checking the curve against `rocAuc`). */
export function curveArea(points: readonly RocPoint[]): number {
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    area += ((b.fpr - a.fpr) * (a.tpr + b.tpr)) / 2;
  }
  return area;
}

/**
 * Kolmogorov–Smirnov statistic: the largest gap between the risk distributions of defaulters and
 * non-defaulters, max over thresholds of |TPR − FPR|, with the threshold where it is reached.
 */
export function ksStatistic(
  risk: ArrayLike<number>,
  labels: ArrayLike<number>,
): { ks: number; threshold: number } {
  let best = { ks: 0, threshold: Infinity };
  for (const p of rocCurve(risk, labels)) {
    const gap = Math.abs(p.tpr - p.fpr);
    if (gap > best.ks) best = { ks: gap, threshold: p.threshold };
  }
  return best;
}

/**
 * The confusion of the rule "flag as a likely defaulter when score < cutoff" (the rows a tier's
 * cutoff keeps out). Precision is null when nothing is flagged.
 */
export interface Confusion {
  cutoff: number;
  /** Defaulters flagged. */
  tp: number;
  /** Non-defaulters flagged. */
  fp: number;
  /** Non-defaulters passed. */
  tn: number;
  /** Defaulters passed. */
  fn: number;
  accuracy: number;
  precision: number | null;
  /** Share of defaulters flagged. */
  recall: number;
  /** Share of all rows flagged. */
  flagged: number;
}

export function confusionAtCutoff(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  cutoff: number,
): Confusion {
  checkLengths("confusionAtCutoff", scores, labels);
  if (scores.length === 0) throw new Error("confusionAtCutoff: no rows");
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const flagged = scores[i]! < cutoff;
    if (labels[i] === 1) {
      if (flagged) tp++;
      else fn++;
    } else if (flagged) fp++;
    else tn++;
  }
  const n = scores.length;
  const { positives } = classCounts(labels);
  return {
    cutoff,
    tp,
    fp,
    tn,
    fn,
    accuracy: (tp + tn) / n,
    precision: tp + fp === 0 ? null : tp / (tp + fp),
    recall: positives === 0 ? 0 : tp / positives,
    flagged: (tp + fp) / n,
  };
}

/** One calibration bin: the rows' mean predicted default probability and their default rate. */
export interface CalibrationBin {
  count: number;
  meanPredicted: number;
  observedRate: number;
  minPredicted: number;
  maxPredicted: number;
}

/**
 * Calibration by equal-count bins of predicted probability (deciles for bins = 10): rows sorted
 * by prediction (ties by index, so the bins are deterministic), bin k holds rows
 * [floor(k·n/bins), floor((k+1)·n/bins)).
 */
export function calibrationBins(
  predicted: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = 10,
): CalibrationBin[] {
  checkLengths("calibrationBins", predicted, labels);
  const n = predicted.length;
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`calibrationBins: bins = ${bins}`);
  if (n < bins) throw new Error(`calibrationBins: ${n} rows cannot fill ${bins} bins`);
  for (let i = 0; i < n; i++) {
    if (predicted[i]! < 0 || predicted[i]! > 1)
      throw new Error(`calibrationBins: prediction ${predicted[i]} at index ${i} is not in [0, 1]`);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => predicted[a]! - predicted[b]! || a - b,
  );
  return Array.from({ length: bins }, (_, k) => {
    const rows = order.slice(Math.floor((k * n) / bins), Math.floor(((k + 1) * n) / bins));
    const p = rows.map((i) => predicted[i]!);
    return {
      count: rows.length,
      meanPredicted: p.reduce((s, v) => s + v, 0) / rows.length,
      observedRate: rows.filter((i) => labels[i] === 1).length / rows.length,
      minPredicted: p[0]!,
      maxPredicted: p[p.length - 1]!,
    };
  });
}

/** One histogram bin [from, to): rows per class. The last bin also holds `to` itself. */
export interface HistogramBin {
  from: number;
  to: number;
  good: number;
  defaulted: number;
}

/** Histogram of scores in [min, max] with bins `width` wide, split by label. */
export function scoreHistogram(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  range: { min: number; max: number; width: number },
): HistogramBin[] {
  checkLengths("scoreHistogram", scores, labels);
  const { min, max, width } = range;
  if (!(width > 0 && max > min))
    throw new Error(`scoreHistogram: bad range ${min}–${max}/${width}`);
  const count = Math.ceil((max - min) / width);
  const bins: HistogramBin[] = Array.from({ length: count }, (_, k) => ({
    from: min + k * width,
    to: Math.min(min + (k + 1) * width, max),
    good: 0,
    defaulted: 0,
  }));
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s < min || s > max)
      throw new Error(`scoreHistogram: score ${s} at index ${i} is outside [${min}, ${max}]`);
    const bin = bins[Math.min(Math.floor((s - min) / width), count - 1)]!;
    if (labels[i] === 1) bin.defaulted++;
    else bin.good++;
  }
  return bins;
}

/** The median (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Hanley & McNeil (1982) standard error of an AUC measured on `positives` defaulters and
 * `negatives` non-defaulters: how far a small sample's AUC may stray from the population's.
 */
export function aucStandardError(auc: number, positives: number, negatives: number): number {
  if (!(auc >= 0 && auc <= 1)) throw new Error(`aucStandardError: AUC ${auc} is not in [0, 1]`);
  if (!(positives >= 1 && negatives >= 1))
    throw new Error(`aucStandardError: needs both classes (${positives} / ${negatives})`);
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const a2 = auc * auc;
  const variance =
    (auc * (1 - auc) + (positives - 1) * (q1 - a2) + (negatives - 1) * (q2 - a2)) /
    (positives * negatives);
  return Math.sqrt(variance);
}

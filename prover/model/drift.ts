/**
 * Drift report: how far the quantized model (as the circuit computes it) strays from the float
 * model on a data set, in logit units and in score points, rounded and unrounded.
 */
import type { QuantizedModel } from "./types.js";
import { inferInteger } from "./reference.js";
import {
  clampScore,
  floatScore,
  floatScoreUnrounded,
  integerScoreUnrounded,
  type ScorecardParams,
} from "./scorecard.js";

export interface ErrorStats {
  max: number;
  mean: number;
}

export interface DriftReport {
  rows: number;
  /** |logitQ / 2^logitFrac − float logit|. */
  logitError: ErrorStats;
  /** |quantized − float| score before rounding, both clamped to [300, 850]. */
  scoreErrorUnrounded: ErrorStats;
  /** |circuit score − round(float score)|, both clamped. */
  scoreErrorRounded: ErrorStats;
  /** Share of rows whose rounded scores differ by at most 1 point. */
  fractionWithinOne: number;
  /** Rows by rounded score difference: exactly equal, off by one, off by more. */
  roundedDiffCounts: { equal: number; one: number; more: number };
}

/** Converts a row of integer-valued numbers to a feature vector, naming the row if one is not. */
export function featuresOf(row: readonly number[], rowIndex: number): bigint[] {
  return row.map((v, i) => {
    if (!Number.isSafeInteger(v))
      throw new Error(`row ${rowIndex}: feature ${i} = ${v} is not an integer`);
    return BigInt(v);
  });
}

function stats(xs: number[]): ErrorStats {
  return {
    max: xs.reduce((a, b) => Math.max(a, b), 0),
    mean: xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length,
  };
}

/** Measures `q` against `floatLogits` (the float model's logit for each row of `rows`). */
export function driftReport(
  q: QuantizedModel,
  rows: readonly (readonly number[])[],
  floatLogits: readonly number[],
): DriftReport {
  if (rows.length !== floatLogits.length) {
    throw new Error(`drift: ${rows.length} rows but ${floatLogits.length} float logits`);
  }
  if (rows.length === 0) throw new Error("drift: no rows");
  const s = q.shape.scorecard;
  const params: ScorecardParams = { pdo: s.pdo, baseScore: s.baseScore, baseOdds: s.baseOdds };
  const logitFrac = q.shape.layers[q.shape.layers.length - 1]!.outFrac;
  const logitErr: number[] = [];
  const unrounded: number[] = [];
  const rounded: number[] = [];
  rows.forEach((row, i) => {
    const f = floatLogits[i]!;
    const r = inferInteger(q, featuresOf(row, i));
    logitErr.push(Math.abs(Number(r.logitQ) / 2 ** logitFrac - f));
    unrounded.push(
      Math.abs(
        clampScore(integerScoreUnrounded(s, r.logitQ)) - clampScore(floatScoreUnrounded(f, params)),
      ),
    );
    rounded.push(Math.abs(Number(r.score) - floatScore(f, params)));
  });
  const equal = rounded.filter((d) => d === 0).length;
  const one = rounded.filter((d) => d === 1).length;
  return {
    rows: rows.length,
    logitError: stats(logitErr),
    scoreErrorUnrounded: stats(unrounded),
    scoreErrorRounded: stats(rounded),
    fractionWithinOne: (equal + one) / rows.length,
    roundedDiffCounts: { equal, one, more: rows.length - equal - one },
  };
}

/** The report as a small text table. */
export function formatDrift(r: DriftReport): string {
  const fmt = (x: number): string => x.toPrecision(4);
  const line = (name: string, e: ErrorStats): string =>
    `${name.padEnd(26)}${fmt(e.max).padStart(12)}${fmt(e.mean).padStart(12)}`;
  return [
    `drift over ${r.rows} rows`,
    `${"".padEnd(26)}${"max".padStart(12)}${"mean".padStart(12)}`,
    line("|logit error|", r.logitError),
    line("|score error| unrounded", r.scoreErrorUnrounded),
    line("|score error| rounded", r.scoreErrorRounded),
    `rounded scores: ${r.roundedDiffCounts.equal} equal, ${r.roundedDiffCounts.one} off by 1, ${r.roundedDiffCounts.more} off by more`,
    `within 1 point: ${(100 * r.fractionWithinOne).toFixed(2)}%`,
  ].join("\n");
}

/**
 * The scorecard (points to double the odds): score = offset − factor · logit, clamped to
 * [300, 850]. The logit is that of *default*, so a riskier wallet scores lower. The float form is
 * the reference; the integer form (docs/architecture.md, "Score") is what the circuit computes.
 */
import type { ScorecardSpec } from "./types.js";
import { floorShift, signedBits } from "./int.js";

export interface ScorecardParams {
  /** Points to double the odds. */
  pdo: number;
  /** Score at `baseOdds`. */
  baseScore: number;
  /** Odds good:bad at which the score is `baseScore`. */
  baseOdds: number;
}

export const DEFAULT_SCORECARD: Readonly<ScorecardParams> = Object.freeze({
  pdo: 40,
  baseScore: 600,
  baseOdds: 20,
});

export const MIN_SCORE = 300;
export const MAX_SCORE = 850;

/** Extra fractional bits of the integer scorecard beyond the logit's own. */
export const SCORECARD_EXTRA_FRAC_BITS = 12;

/** factor = pdo / ln 2, offset = baseScore − factor · ln(baseOdds). */
export function scorecardConstants(p: ScorecardParams = DEFAULT_SCORECARD): {
  factor: number;
  offset: number;
} {
  if (!Number.isInteger(p.pdo) || p.pdo <= 0)
    throw new Error(`scorecard pdo must be a positive integer, got ${p.pdo}`);
  if (!Number.isInteger(p.baseScore))
    throw new Error(`scorecard baseScore must be an integer, got ${p.baseScore}`);
  if (!(p.baseOdds > 0)) throw new Error(`scorecard baseOdds must be positive, got ${p.baseOdds}`);
  const factor = p.pdo / Math.LN2;
  return { factor, offset: p.baseScore - factor * Math.log(p.baseOdds) };
}

export function clampScore(s: number): number {
  return Math.min(Math.max(s, MIN_SCORE), MAX_SCORE);
}

/** offset − factor · logit, neither rounded nor clamped. */
export function floatScoreUnrounded(logit: number, p: ScorecardParams = DEFAULT_SCORECARD): number {
  const { factor, offset } = scorecardConstants(p);
  return offset - factor * logit;
}

/** clamp(round(offset − factor · logit), 300, 850); Math.round rounds half up, like the circuit. */
export function floatScore(logit: number, p: ScorecardParams = DEFAULT_SCORECARD): number {
  return clampScore(Math.round(floatScoreUnrounded(logit, p)));
}

/**
 * The integer scorecard for a logit with `logitFrac` fractional bits whose integer value lies in
 * [logitLo, logitHi] for every valid input: offsetNum, factorNum and rawBits per
 * docs/architecture.md. fracBits = logitFrac + 12 keeps the constants' rounding error below
 * 2^−13 points per unit of logit.
 */
export function scorecardSpec(
  logitFrac: number,
  logitLo: bigint,
  logitHi: bigint,
  p: ScorecardParams = DEFAULT_SCORECARD,
  extraFracBits = SCORECARD_EXTRA_FRAC_BITS,
): ScorecardSpec {
  const { factor, offset } = scorecardConstants(p);
  const fracBits = logitFrac + extraFracBits;
  if (fracBits < 0)
    throw new Error(`scorecard fracBits = ${fracBits} < 0 (logitFrac ${logitFrac})`);
  const offsetNum = BigInt(Math.round((offset + 0.5) * 2 ** fracBits));
  const factorNum = BigInt(Math.round(factor * 2 ** extraFracBits));
  if (offsetNum < 0n)
    throw new Error(`scorecard offset ${offset} is negative; encodeShape needs offsetNum ≥ 0`);
  const spec: ScorecardSpec = {
    pdo: p.pdo,
    baseScore: p.baseScore,
    baseOdds: p.baseOdds,
    fracBits,
    offsetNum,
    factorNum,
    rawBits: 0,
    minScore: MIN_SCORE,
    maxScore: MAX_SCORE,
  };
  // raw decreases in logitQ (factorNum > 0), so the extremes come from the logit's bounds.
  const rawLo = integerScore(spec, logitHi).raw;
  const rawHi = integerScore(spec, logitLo).raw;
  // At least 11 signed bits so that 300 and 850 themselves lie in the range-checked width the
  // clamp comparators work in.
  spec.rawBits = Math.max(signedBits(rawLo, rawHi), 11);
  return spec;
}

/** raw = floor((offsetNum − factorNum · logitQ) / 2^fracBits), score = clamp(raw, 300, 850). */
export function integerScore(spec: ScorecardSpec, logitQ: bigint): { raw: bigint; score: bigint } {
  const raw = floorShift(spec.offsetNum - spec.factorNum * logitQ, spec.fracBits);
  const min = BigInt(spec.minScore);
  const max = BigInt(spec.maxScore);
  return { raw, score: raw < min ? min : raw > max ? max : raw };
}

/**
 * The circuit's score before flooring, minus the folded-in 1/2: directly comparable with
 * floatScoreUnrounded (the quantization error of logit and constants, nothing else).
 */
export function integerScoreUnrounded(spec: ScorecardSpec, logitQ: bigint): number {
  return Number(spec.offsetNum - spec.factorNum * logitQ) / 2 ** spec.fracBits - 0.5;
}

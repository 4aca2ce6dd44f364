/**
 * Calibration (in the manner of EZKL's calibrate): finds the cheapest per-layer weight widths
 * whose quantized model — as the circuit computes it — stays within `maxScoreError` points
 * (unrounded) of the float model on every calibration row, so rounded scores differ by ≤ 1.
 *
 * Search: first each layer's sensitivity (the float model with only that layer rounded, per
 * width), then the cheapest widths whose summed sensitivities fit the error budget, checked
 * exactly with the integer reference; the budget tightens until the exact check passes.
 */
import type { QuantizedModel } from "./types.js";
import type { FloatModel } from "./onnx.js";
import { forwardFloat } from "./forward.js";
import { inferInteger } from "./reference.js";
import {
  clampScore,
  floatScoreUnrounded,
  integerScoreUnrounded,
  DEFAULT_SCORECARD,
  type ScorecardParams,
} from "./scorecard.js";
import { activationBounds, estimateConstraints, type ConstraintEstimate } from "./shape.js";
import { designShape, quantizeWithShape, type DesignOptions } from "./quantize.js";
import { layerSensitivity, searchWidths } from "./width-search.js";
import { driftReport, featuresOf, type DriftReport } from "./drift.js";

/** What the whole circuit may cost to fit a 2^14 Powers of Tau (with some slack). */
export const CONSTRAINT_BUDGET = 16_000;

export interface CalibrateOptions extends DesignOptions {
  /** Use these weight widths (one for all layers, or one per layer) instead of searching. */
  weightBits?: number | readonly number[];
  /** Search range of each layer's weight width (default 8..20). */
  minWeightBits?: number;
  maxWeightBits?: number;
  /** Largest allowed |quantized − float| unrounded score on the samples (default 0.5). */
  maxScoreError?: number;
  /** "error-feedback" (default, rounding.ts) or "nearest". */
  rounding?: "error-feedback" | "nearest";
}

export interface LayerCalibration {
  weightBits: number;
  weightFrac: number;
  outFrac: number;
  shift: number;
  biasBits: number;
  outBits: number;
  /** Largest |pre-activation| over the calibration samples, in float. */
  calibrationMaxAbs: number;
  /** Integer interval of the layer's rescaled outputs over all valid inputs. */
  boundLo: bigint;
  boundHi: bigint;
}

export interface CalibrationReport {
  /** The chosen width per layer. */
  weightBits: number[];
  /** Max |quantized − float| unrounded (clamped) score over the samples. */
  maxScoreError: number;
  /** Every width vector checked exactly, with its max score error. */
  tried: { weightBits: number[]; maxScoreError: number }[];
  /**
   * sensitivity[layer][width − minWeightBits]: max score error with only that layer rounded
   * (empty when the widths were given).
   */
  sensitivity: number[][];
  layers: LayerCalibration[];
  constraints: ConstraintEstimate;
  /** constraints.total ≤ CONSTRAINT_BUDGET. */
  fitsBudget: boolean;
  drift: DriftReport;
}

/** The report of calibrateShared: one drift report per model. */
export type SharedCalibrationReport = Omit<CalibrationReport, "drift"> & { drift: DriftReport[] };

/** Checks calibration rows: the schema's count of integers, each within its declared width. */
function validateSamples(
  samples: readonly (readonly number[])[],
  featureBits: readonly number[],
): void {
  if (samples.length === 0) throw new Error("calibrate: no calibration samples");
  samples.forEach((row, r) => {
    if (row.length !== featureBits.length) {
      throw new Error(
        `calibration row ${r}: ${row.length} features; the schema has ${featureBits.length}`,
      );
    }
    row.forEach((v, i) => {
      if (!Number.isInteger(v) || v < 0 || v >= 2 ** featureBits[i]!) {
        throw new Error(
          `calibration row ${r}: feature ${i} = ${v} is not an integer in [0, ${2 ** featureBits[i]! - 1}]`,
        );
      }
    });
  });
}

/** Max |quantized − float| unrounded score (both clamped) over the samples, exactly. */
function exactScoreError(
  q: QuantizedModel,
  samples: readonly (readonly number[])[],
  floatScores: readonly number[],
): number {
  let worst = 0;
  samples.forEach((row, i) => {
    const { logitQ } = inferInteger(q, featuresOf(row, i));
    const quantized = clampScore(integerScoreUnrounded(q.shape.scorecard, logitQ));
    worst = Math.max(worst, Math.abs(quantized - floatScores[i]!));
  });
  return worst;
}

interface Evaluated {
  /** One quantized model per calibrated model, all of one shape. */
  qs: QuantizedModel[];
  /** The worst max score error over them. */
  error: number;
}

/** One model's float reference on the calibration rows. */
interface FloatReference {
  logits: number[];
  /** Clamped unrounded float scores. */
  scores: number[];
  /** Largest |pre-activation| per layer. */
  maxAbs: number[];
}

function floatReference(
  model: FloatModel,
  samples: readonly (readonly number[])[],
  params: ScorecardParams,
): FloatReference {
  const traces = samples.map((row) => forwardFloat(model, row));
  const logits = traces.map((t) => t.logit);
  return {
    logits,
    scores: logits.map((z) => clampScore(floatScoreUnrounded(z, params))),
    maxAbs: model.layers.map((_, k) =>
      traces.reduce(
        (m, t) => t.preActivations[k]!.reduce((a, v) => Math.max(a, Math.abs(v)), m),
        0,
      ),
    ),
  };
}

function widthRange(opts: CalibrateOptions): number[] {
  const minBits = opts.minWeightBits ?? 8;
  const maxBits = opts.maxWeightBits ?? 20;
  if (
    !Number.isInteger(minBits) ||
    !Number.isInteger(maxBits) ||
    minBits < 2 ||
    maxBits > 32 ||
    minBits > maxBits
  ) {
    throw new Error(
      `calibrate: weight widths ${minBits}..${maxBits} must be integers within 2..32`,
    );
  }
  return Array.from({ length: maxBits - minBits + 1 }, (_, c) => minBits + c);
}

/**
 * Calibrates several models of the same sizes into ONE shape (one zkey for all of them, e.g. a
 * reference model and its alternative) on `samples` (feature rows, integers in schema order):
 * every model meets `maxScoreError`, and the widths are the cheapest that achieve it for all.
 */
export function calibrateShared(
  models: readonly FloatModel[],
  samples: readonly (readonly number[])[],
  opts: CalibrateOptions,
): { quantized: QuantizedModel[]; report: SharedCalibrationReport } {
  if (models.length === 0) throw new Error("calibrate: no models");
  const L = models[0]!.layers.length;
  models.forEach((m, i) => {
    if (m.inputSize !== opts.featureBits.length) {
      throw new Error(
        `model ${i} reads ${m.inputSize} features; the schema has ${opts.featureBits.length}`,
      );
    }
    const sizes = (x: FloatModel): string =>
      x.layers.map((l) => `${l.W[0]!.length}→${l.W.length}${l.relu ? "R" : ""}`).join(",");
    if (sizes(m) !== sizes(models[0]!)) {
      throw new Error(
        `model ${i} has layers ${sizes(m)}; model 0 has ${sizes(models[0]!)}: one shape cannot serve both`,
      );
    }
  });
  validateSamples(samples, opts.featureBits);
  const limit = opts.maxScoreError ?? 0.5;
  const widths = widthRange(opts);
  const params = opts.scorecard ?? DEFAULT_SCORECARD;
  const rows = opts.rounding === "nearest" ? [] : samples;
  const refs = models.map((m) => floatReference(m, samples, params));
  const calibrationMaxAbs = Array.from({ length: L }, (_, k) =>
    Math.max(...refs.map((r) => r.maxAbs[k]!)),
  );

  const tried: CalibrationReport["tried"] = [];
  const evaluate = (bits: number[]): Evaluated => {
    const { shape, rounded } = designShape(models, calibrationMaxAbs, bits, opts, rows);
    const qs = rounded.map((m) => quantizeWithShape(m, shape));
    const error = Math.max(...qs.map((q, i) => exactScoreError(q, samples, refs[i]!.scores)));
    tried.push({ weightBits: bits, maxScoreError: error });
    return { qs, error };
  };

  let chosen: Evaluated;
  let sensitivity: number[][] = [];
  if (opts.weightBits !== undefined) {
    const fixed =
      typeof opts.weightBits === "number"
        ? new Array<number>(L).fill(opts.weightBits)
        : [...opts.weightBits];
    if (fixed.length !== L)
      throw new Error(`calibrate: ${fixed.length} weight widths for ${L} layers`);
    chosen = evaluate(fixed);
  } else {
    // Per layer and width, the worst over the models.
    const perModel = models.map((m, i) =>
      layerSensitivity(m, rows, widths, (trial) =>
        samples.reduce((worst, row, r) => {
          const score = clampScore(floatScoreUnrounded(forwardFloat(trial, row).logit, params));
          return Math.max(worst, Math.abs(score - refs[i]!.scores[r]!));
        }, 0),
      ),
    );
    sensitivity = perModel[0]!.map((row, k) =>
      row.map((_, c) => Math.max(...perModel.map((p) => p[k]![c]!))),
    );
    const counts = models[0]!.layers.map((l) => l.W.length * l.W[0]!.length);
    const found = searchWidths(sensitivity, counts, widths, limit, evaluate);
    if (!found) {
      const best = tried.reduce((a, t) => (t.maxScoreError < a.maxScoreError ? t : a));
      throw new Error(
        `calibrate: no weight widths in ${widths[0]}..${widths[widths.length - 1]} keep the score error ≤ ${limit} (best ${best.maxScoreError.toFixed(3)} at [${best.weightBits}] bits); raise maxWeightBits, activationBits or maxScoreError`,
      );
    }
    chosen = found;
  }

  const { qs, error } = chosen;
  const shape = qs[0]!.shape;
  const bounds = qs.map((q) => activationBounds(q));
  const constraints = estimateConstraints(shape);
  return {
    quantized: qs,
    report: {
      weightBits: shape.layers.map((l) => l.weightBits),
      maxScoreError: error,
      tried,
      sensitivity,
      layers: shape.layers.map((l, k) => {
        const all = bounds.flatMap((b) => b[k]!);
        return {
          weightBits: l.weightBits,
          weightFrac: l.weightFrac,
          outFrac: l.outFrac,
          shift: l.shift,
          biasBits: l.biasBits,
          outBits: l.outBits,
          calibrationMaxAbs: calibrationMaxAbs[k]!,
          boundLo: all.reduce((a, n) => (n.qLo < a ? n.qLo : a), all[0]!.qLo),
          boundHi: all.reduce((a, n) => (n.qHi > a ? n.qHi : a), all[0]!.qHi),
        };
      }),
      constraints,
      fitsBudget: constraints.total <= CONSTRAINT_BUDGET,
      drift: qs.map((q, i) => driftReport(q, samples, refs[i]!.logits)),
    },
  };
}

/**
 * Calibrates one model on `samples` (feature rows, integers in schema order) and returns the
 * quantized model with a report.
 */
export function calibrate(
  model: FloatModel,
  samples: readonly (readonly number[])[],
  opts: CalibrateOptions,
): { quantized: QuantizedModel; report: CalibrationReport } {
  const { quantized, report } = calibrateShared([model], samples, opts);
  return { quantized: quantized[0]!, report: { ...report, drift: report.drift[0]! } };
}

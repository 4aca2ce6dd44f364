/**
 * The weight-width search behind calibrate: each layer's sensitivity to its width, the cheapest
 * widths whose summed sensitivities fit an error budget, and the loop that tightens the budget
 * until the exact (integer) check passes.
 */
import type { FloatModel } from "./onnx.js";
import { layerInputs, weightFracFor } from "./quantize.js";
import { roundLayer } from "./rounding.js";

/** The cheapest widths (by weight constraints) whose summed sensitivities fit `budget`. */
function cheapestWidths(
  sensitivity: readonly number[][],
  counts: readonly number[],
  minBits: number,
  budget: number,
): number[] | undefined {
  let best: { cost: number; widths: number[] } | undefined;
  const walk = (k: number, widths: number[], cost: number, error: number): void => {
    if ((best && cost >= best.cost) || error > budget) return;
    if (k === sensitivity.length) {
      if (error <= budget) best = { cost, widths: [...widths] };
      return;
    }
    sensitivity[k]!.forEach((e, c) => {
      widths.push(minBits + c);
      walk(k + 1, widths, cost + counts[k]! * (minBits + c + 1), error + e);
      widths.pop();
    });
  };
  walk(0, [], 0, 0);
  return best?.widths;
}

/**
 * sensitivity[layer][c]: `scoreError` of the float model with only that layer rounded at
 * widths[c] (error feedback on `rows` if any).
 */
export function layerSensitivity(
  model: FloatModel,
  rows: readonly (readonly number[])[],
  widths: readonly number[],
  scoreError: (trial: FloatModel) => number,
): number[][] {
  const inputs = rows.length > 0 ? layerInputs(model, rows) : [];
  return model.layers.map((layer, k) =>
    widths.map((bits) => {
      const frac = weightFracFor(layer.W, bits);
      const rounded = roundLayer(layer.W, layer.b, frac, bits, inputs[k] ?? []);
      return scoreError({
        ...model,
        layers: model.layers.map((l, m) => (m === k ? { ...rounded, relu: l.relu } : l)),
      });
    }),
  );
}

/**
 * Tightens the error budget until the cheapest widths within it pass the exact check (at most
 * 12 rounds); undefined if even the widest widths fail.
 */
export function searchWidths<T extends { error: number }>(
  sensitivity: readonly number[][],
  counts: readonly number[],
  widths: readonly number[],
  limit: number,
  evaluate: (widths: number[]) => T,
): T | undefined {
  const minBits = widths[0]!;
  const maxBits = widths[widths.length - 1]!;
  const widest = sensitivity.map(() => maxBits);
  const checked: number[][] = [];
  let budget = limit;
  for (let round = 0; round < 12; round++) {
    const pick = cheapestWidths(sensitivity, counts, minBits, budget) ?? widest;
    const isWidest = pick.every((b) => b === maxBits);
    if (checked.some((t) => t.every((b, k) => b === pick[k]))) {
      if (isWidest) return undefined;
      budget *= 0.8;
      continue;
    }
    checked.push(pick);
    const result = evaluate(pick);
    if (result.error <= limit) return result;
    if (isWidest) return undefined;
    budget *= Math.min(0.8, limit / result.error);
  }
  return undefined;
}

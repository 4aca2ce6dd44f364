/**
 * The model card's three charts as SVG text: the ROC curve (float vs quantized), the score
 * histogram by outcome with the tier cutoffs, and the calibration plot (predicted vs observed
 * default rate per decile). Each data series is a `<g id="series-<id>">` group.
 */
import type { CalibrationBin, HistogramBin, RocPoint } from "./metrics.js";
import { axes, frame, legend, num, series, svgDocument, ticks, type LegendItem } from "./svg.js";

const SIZE = { width: 560, height: 440 };

export interface CurveSeries<T> {
  /** Series id (a plain lowercase name): the group is `series-<id>`. */
  id: string;
  label: string;
  color: string;
  dashed?: boolean;
  /** Markers only, no connecting line (a small, noisy sample). */
  markersOnly?: boolean;
  data: T;
}

/** Keeps at most `max` points, evenly by index, always the first and the last. */
export function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, k) => points[Math.round(k * step)]!);
}

const percent = (v: number): string => `${Math.round(v * 100)}%`;

function polyline(
  points: readonly { x: number; y: number }[],
  color: string,
  dashed = false,
): string {
  const coords = points.map((p) => `${num(p.x)},${num(p.y)}`).join(" ");
  const dash = dashed ? ` stroke-dasharray="6 4"` : "";
  return `<polyline points="${coords}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`;
}

/** ROC curves with the chance diagonal; the legend carries each curve's AUC in its label. */
export function rocChart(curves: readonly CurveSeries<readonly RocPoint[]>[]): string {
  const f = frame({ ...SIZE, xDomain: [0, 1], yDomain: [0, 1] });
  const body = [
    axes(f, {
      xTicks: ticks(0, 1, 0.2),
      yTicks: ticks(0, 1, 0.2),
      xLabel: "false positive rate (non-defaulters flagged)",
      yLabel: "true positive rate (defaulters flagged)",
      format: (v) => v.toFixed(1),
    }),
    series("chance", "chance (AUC 0.5)", [
      `<line x1="${num(f.x(0))}" y1="${num(f.y(0))}" x2="${num(f.x(1))}" y2="${num(f.y(1))}" stroke="#999" stroke-dasharray="3 3"/>`,
    ]),
    ...curves.map((c) =>
      series(c.id, c.label, [
        polyline(
          thin(c.data, 400).map((p) => ({ x: f.x(p.fpr), y: f.y(p.tpr) })),
          c.color,
          c.dashed,
        ),
      ]),
    ),
    legend(
      curves.map((c): LegendItem => ({
        label: c.label,
        color: c.color,
        kind: c.dashed ? "dashed" : "line",
      })),
      { x: f.x(0.42), y: f.y(0.2) },
    ),
  ];
  return svgDocument(
    SIZE,
    "ROC curve on the held-out test split",
    `ROC curves: ${curves.map((c) => c.label).join("; ")}`,
    body,
  );
}

/** Stacked histogram of scores (non-defaulters below, defaulters on top) with cutoff lines. */
export function histogramChart(bins: readonly HistogramBin[], cutoffs: readonly number[]): string {
  if (bins.length === 0) throw new Error("histogramChart: no bins");
  const lo = bins[0]!.from;
  const hi = bins[bins.length - 1]!.to;
  const top = Math.max(...bins.map((b) => b.good + b.defaulted));
  const step = niceStep(top / 5);
  const f = frame({ ...SIZE, xDomain: [lo, hi], yDomain: [0, Math.ceil(top / step) * step] });
  const bar = (b: HistogramBin, from: number, count: number, color: string): string =>
    `<rect x="${num(f.x(b.from) + 1)}" y="${num(f.y(from + count))}" width="${num(Math.max(f.x(b.to) - f.x(b.from) - 2, 1))}" height="${num(f.y(from) - f.y(from + count))}" fill="${color}"><title>${b.from}–${b.to}: ${count}</title></rect>`;
  const body = [
    axes(f, {
      xTicks: ticks(lo, hi, niceStep((hi - lo) / 6)),
      yTicks: ticks(0, Math.ceil(top / step) * step, step),
      xLabel: "score (points)",
      yLabel: "rows",
    }),
    series(
      "good",
      "did not default",
      bins.map((b) => bar(b, 0, b.good, "#4c78a8")),
    ),
    series(
      "defaulted",
      "defaulted",
      bins.map((b) => bar(b, b.good, b.defaulted, "#e45756")),
    ),
    series(
      "cutoffs",
      "tier cutoffs",
      cutoffs.map(
        (c) =>
          `<line x1="${num(f.x(c))}" y1="${num(f.top)}" x2="${num(f.x(c))}" y2="${num(f.bottom)}" stroke="#222" stroke-dasharray="4 3"/><text x="${num(f.x(c) + 3)}" y="${num(f.top + 12)}" font-family="sans-serif" font-size="10" fill="#222">${c}</text>`,
      ),
    ),
    legend(
      [
        { label: "did not default", color: "#4c78a8", kind: "box" },
        { label: "defaulted", color: "#e45756", kind: "box" },
        { label: "tier cutoff", color: "#222", kind: "dashed" },
      ],
      { x: f.left + 8, y: f.top + 20 },
    ),
  ];
  return svgDocument(
    SIZE,
    "Score distribution on the test split",
    `Stacked histogram of integer scores in bins of ${bins[0]!.to - bins[0]!.from} points, by outcome, with tier cutoffs ${cutoffs.join(", ")}`,
    body,
  );
}

/** Predicted vs observed default rate per decile, one marker line per series, and the diagonal. */
export function calibrationChart(sets: readonly CurveSeries<readonly CalibrationBin[]>[]): string {
  const hi = Math.max(
    ...sets.flatMap((s) => s.data.flatMap((b) => [b.meanPredicted, b.observedRate])),
  );
  // A tenth of headroom so markers on the top value are not cut by the frame.
  const max = Math.min(1, (Math.floor(hi * 10) + 1) / 10);
  const f = frame({ ...SIZE, xDomain: [0, max], yDomain: [0, max] });
  const body = [
    axes(f, {
      xTicks: ticks(0, max, 0.1),
      yTicks: ticks(0, max, 0.1),
      xLabel: "mean predicted default probability (per decile)",
      yLabel: "observed default rate",
      format: percent,
    }),
    series("perfect", "perfect calibration", [
      `<line x1="${num(f.x(0))}" y1="${num(f.y(0))}" x2="${num(f.x(max))}" y2="${num(f.y(max))}" stroke="#999" stroke-dasharray="3 3"/>`,
    ]),
    ...sets.map((s) => {
      const pts = s.data.map((b) => ({ x: f.x(b.meanPredicted), y: f.y(b.observedRate) }));
      return series(s.id, s.label, [
        ...(s.markersOnly ? [] : [polyline(pts, s.color, s.dashed)]),
        ...pts.map((p) => `<circle cx="${num(p.x)}" cy="${num(p.y)}" r="3.5" fill="${s.color}"/>`),
      ]);
    }),
    legend(
      sets.map((s): LegendItem => ({
        label: s.label,
        color: s.color,
        kind: s.markersOnly ? "marker" : s.dashed ? "dashed" : "line",
      })),
      { x: f.left + 8, y: f.top + 8 },
    ),
  ];
  return svgDocument(
    SIZE,
    "Calibration on the test split",
    `Mean predicted vs observed default rate per decile: ${sets.map((s) => s.label).join("; ")}`,
    body,
  );
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw)!;
}

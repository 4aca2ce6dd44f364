/**
 * Hand-written SVG for the model card's charts: a plot frame with linear axes, ticks, a legend
 * and named series groups. No library and no external fonts (the generic "sans-serif" family
 * only), so the files render the same on GitHub, in an editor and offline.
 */

/** Escapes text for XML character data and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** Coordinates with two decimals: enough for a 600-pixel chart, and small files. */
export function num(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`svg: coordinate ${v} is not finite`);
  return String(Math.round(v * 100) / 100);
}

/** A linear map of [d0, d1] onto [r0, r1]. */
export function linear(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d0 === d1) throw new Error(`svg: empty domain [${d0}, ${d1}]`);
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/** The plot area inside a chart and the maps from data to pixels. */
export interface Frame {
  width: number;
  height: number;
  /** Plot area edges, pixels. */
  left: number;
  right: number;
  top: number;
  bottom: number;
  x: (v: number) => number;
  y: (v: number) => number;
}

export function frame(args: {
  width: number;
  height: number;
  xDomain: [number, number];
  yDomain: [number, number];
  margin?: { left: number; right: number; top: number; bottom: number };
}): Frame {
  const m = args.margin ?? { left: 64, right: 20, top: 40, bottom: 52 };
  const left = m.left;
  const right = args.width - m.right;
  const top = m.top;
  const bottom = args.height - m.bottom;
  return {
    width: args.width,
    height: args.height,
    left,
    right,
    top,
    bottom,
    x: linear(args.xDomain, [left, right]),
    y: linear(args.yDomain, [bottom, top]),
  };
}

export const FONT = `font-family="sans-serif"`;

/** The axes: frame box, tick marks with labels, grid lines and the two axis titles. */
export function axes(
  f: Frame,
  o: {
    xTicks: readonly number[];
    yTicks: readonly number[];
    xLabel: string;
    yLabel: string;
    format?: (v: number) => string;
    yFormat?: (v: number) => string;
  },
): string {
  const fx = o.format ?? String;
  const fy = o.yFormat ?? fx;
  const parts: string[] = [`<g id="axes" ${FONT} font-size="11" fill="#333">`];
  for (const t of o.xTicks) {
    const x = num(f.x(t));
    parts.push(
      `<line x1="${x}" y1="${num(f.top)}" x2="${x}" y2="${num(f.bottom)}" stroke="#eee"/>`,
      `<line x1="${x}" y1="${num(f.bottom)}" x2="${x}" y2="${num(f.bottom + 4)}" stroke="#333"/>`,
      `<text x="${x}" y="${num(f.bottom + 16)}" text-anchor="middle">${escapeXml(fx(t))}</text>`,
    );
  }
  for (const t of o.yTicks) {
    const y = num(f.y(t));
    parts.push(
      `<line x1="${num(f.left)}" y1="${y}" x2="${num(f.right)}" y2="${y}" stroke="#eee"/>`,
      `<line x1="${num(f.left - 4)}" y1="${y}" x2="${num(f.left)}" y2="${y}" stroke="#333"/>`,
      `<text x="${num(f.left - 7)}" y="${num(f.y(t) + 4)}" text-anchor="end">${escapeXml(fy(t))}</text>`,
    );
  }
  const midX = num((f.left + f.right) / 2);
  const midY = num((f.top + f.bottom) / 2);
  parts.push(
    `<rect x="${num(f.left)}" y="${num(f.top)}" width="${num(f.right - f.left)}" height="${num(f.bottom - f.top)}" fill="none" stroke="#333"/>`,
    `<text x="${midX}" y="${num(f.height - 12)}" text-anchor="middle" font-size="12">${escapeXml(o.xLabel)}</text>`,
    `<text x="16" y="${midY}" text-anchor="middle" font-size="12" transform="rotate(-90 16 ${midY})">${escapeXml(o.yLabel)}</text>`,
    `</g>`,
  );
  return parts.join("\n");
}

/** Evenly spaced ticks from `from` to `to` inclusive. */
export function ticks(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let k = 0; from + k * step <= to + step * 1e-9; k++)
    out.push(Math.round((from + k * step) * 1e9) / 1e9);
  return out;
}

export interface LegendItem {
  label: string;
  color: string;
  /** "line" (optionally dashed), "marker" or "box". */
  kind: "line" | "dashed" | "marker" | "box";
}

/** A legend box in the plot's top-left (or wherever `at` says). */
export function legend(items: readonly LegendItem[], at: { x: number; y: number }): string {
  const rows = items.map((item, i) => {
    const y = at.y + 10 + i * 18;
    const swatch =
      item.kind === "box"
        ? `<rect x="${num(at.x + 8)}" y="${num(y - 5)}" width="18" height="10" fill="${item.color}"/>`
        : item.kind === "marker"
          ? `<circle cx="${num(at.x + 17)}" cy="${num(y)}" r="4" fill="${item.color}"/>`
          : `<line x1="${num(at.x + 8)}" y1="${num(y)}" x2="${num(at.x + 26)}" y2="${num(y)}" stroke="${item.color}" stroke-width="2"${item.kind === "dashed" ? ` stroke-dasharray="5 3"` : ""}/>`;
    return `${swatch}<text x="${num(at.x + 32)}" y="${num(y + 4)}">${escapeXml(item.label)}</text>`;
  });
  const width = 40 + Math.max(...items.map((i) => i.label.length)) * 6.2;
  return [
    `<g id="legend" ${FONT} font-size="11" fill="#222">`,
    `<rect x="${num(at.x)}" y="${num(at.y - 2)}" width="${num(width)}" height="${num(items.length * 18 + 6)}" fill="#fff" fill-opacity="0.9" stroke="#bbb"/>`,
    ...rows,
    `</g>`,
  ].join("\n");
}

/** A named group: every data series is one `<g id="series-…">` so tests and readers find it. */
export function series(id: string, label: string, body: readonly string[]): string {
  if (!/^[a-z][a-z0-9-]*$/.test(id)) throw new Error(`svg: series id "${id}" is not a plain name`);
  return [`<g id="series-${id}">`, `<title>${escapeXml(label)}</title>`, ...body, `</g>`].join(
    "\n",
  );
}

/** The whole document: an XML declaration-free standalone SVG with a title and description. */
export function svgDocument(
  size: { width: number; height: number },
  title: string,
  description: string,
  body: readonly string[],
): string {
  const { width, height } = size;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title chart-desc">`,
    `<!-- generated by scripts/model-card.ts — do not edit -->`,
    `<title id="chart-title">${escapeXml(title)}</title>`,
    `<desc id="chart-desc">${escapeXml(description)}</desc>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${num(width / 2)}" y="22" text-anchor="middle" ${FONT} font-size="14" font-weight="bold" fill="#111">${escapeXml(title)}</text>`,
    ...body,
    `</svg>`,
    "",
  ].join("\n");
}

/** Markdown helpers of the model card: tables and number formats, one convention throughout. */

export type Align = "left" | "right";

/** A GitHub-flavoured table; `|` in cells is escaped, numbers are right-aligned by the caller. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
): string {
  const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  rows.forEach((r, i) => {
    if (r.length !== header.length)
      throw new Error(`table row ${i} has ${r.length} cells, the header ${header.length}`);
  });
  const rule = header.map((_, i) => (align[i] === "right" ? "---:" : "---"));
  return [header, rule, ...rows].map((r) => `| ${r.map(cell).join(" | ")} |`).join("\n");
}

/** Fixed decimals; "—" for null / NaN (a precision with nothing flagged). */
export function fixed(v: number | null, digits: number): string {
  return v === null || !Number.isFinite(v) ? "—" : v.toFixed(digits);
}

/** A share as a percentage with `digits` decimals. */
export function pct(v: number | null, digits = 1): string {
  return v === null || !Number.isFinite(v) ? "—" : `${(v * 100).toFixed(digits)}%`;
}

/** Thousands separators: 21000 → "21,000". */
export function int(v: number): string {
  return v.toLocaleString("en-US");
}

/** Inline code. */
export function code(s: string | number | bigint): string {
  return `\`${String(s)}\``;
}

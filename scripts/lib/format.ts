/** Readable console output for the scripts: aligned tables, amounts, times, short hashes. */
import { formatUnits } from "viem";

/** Renders rows under headers as an aligned text table. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(headers), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** Base units as a grouped decimal: 12345670000 (6 decimals) → "12,345.67". */
export function amount(value: bigint, decimals: number, maxFraction = 2): string {
  const [whole = "0", fraction = ""] = formatUnits(value, decimals).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const cut = fraction.slice(0, maxFraction).replace(/0+$/, "");
  return cut === "" ? grouped : `${grouped}.${cut}`;
}

/** Basis points as a percentage: 7500 → "75%". */
export function bps(value: number): string {
  return `${value / 100}%`;
}

/** Unix seconds as an ISO date and time (UTC, minutes). */
export function date(unixSeconds: bigint): string {
  return new Date(Number(unixSeconds) * 1000).toISOString().slice(0, 16).replace("T", " ");
}

/** 0x-hex shortened for tables: 0x1234…abcd. */
export function shortHex(hex: string): string {
  return hex.length <= 14 ? hex : `${hex.slice(0, 6)}…${hex.slice(-4)}`;
}

/** A field element shortened for tables, as 0x-hex. */
export function shortField(v: bigint): string {
  return shortHex(`0x${v.toString(16).padStart(64, "0")}`);
}

/** Milliseconds for humans. */
export function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`;
}

/** A section heading. */
export function heading(text: string): string {
  return `\n━━ ${text} ${"━".repeat(Math.max(0, 76 - text.length))}`;
}

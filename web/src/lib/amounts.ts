/**
 * Token amounts: what the user types (a decimal string) to base units (bigint), checked before
 * anything is sent, and base units back to text. Every rejection names the field and says why.
 */
import { formatUnits, parseUnits } from "viem";

export type AmountCheck = { ok: true; value: bigint } | { ok: false; error: string };

export interface AmountRules {
  /** Field name used in messages ("Draw amount"). */
  label: string;
  /** Token decimals (6 for the stable asset). */
  decimals: number;
  /** Token symbol for messages. */
  symbol: string;
  /** Largest accepted value in base units, with what it is ("your available credit"). */
  max?: { value: bigint; what: string };
}

const DECIMAL = /^\d+(\.\d*)?$|^\.\d+$/;

/** Parses a positive decimal amount of a token, refusing anything that could not be sent as typed. */
export function checkAmount(input: string, rules: AmountRules): AmountCheck {
  const text = input.trim().replace(/[_,\s]/g, "");
  const { label, decimals, symbol } = rules;
  if (text === "") return { ok: false, error: `${label}: enter an amount.` };
  if (text.startsWith("-")) return { ok: false, error: `${label}: the amount cannot be negative.` };
  if (!DECIMAL.test(text)) {
    return {
      ok: false,
      error: `${label}: "${input.trim()}" is not a number (use digits and one dot, e.g. 12.5).`,
    };
  }
  // "0.5", ".5" and "5." all mean what they say; viem wants digits on both sides of the dot.
  const [whole = "", fraction = ""] = text.split(".");
  if (fraction.length > decimals) {
    return {
      ok: false,
      error: `${label}: ${symbol} has ${decimals} decimals; "${text}" has ${fraction.length}.`,
    };
  }
  const value = parseUnits(`${whole || "0"}.${fraction || "0"}`, decimals);
  if (value === 0n) return { ok: false, error: `${label}: the amount must be more than zero.` };
  if (rules.max && value > rules.max.value) {
    return {
      ok: false,
      error: `${label}: ${formatAmount(value, decimals)} ${symbol} is above ${rules.max.what} (${formatAmount(rules.max.value, decimals)} ${symbol}).`,
    };
  }
  return { ok: true, value };
}

/** Base units as a grouped decimal with at most `maxFraction` digits (rounded down). */
export function formatAmount(value: bigint, decimals: number, maxFraction = 2): string {
  const negative = value < 0n;
  const [whole = "0", fraction = ""] = formatUnits(negative ? -value : value, decimals).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const cut = fraction.slice(0, maxFraction).replace(/0+$/, "");
  return `${negative ? "-" : ""}${grouped}${cut ? `.${cut}` : ""}`;
}

/** Basis points as a percentage ("12.5%"). */
export function formatBps(bps: number | bigint): string {
  const n = Number(bps);
  if (n > 0 && n < 1) return "< 0.01%";
  return `${(n / 100).toFixed(2).replace(/\.?0+$/, "")}%`;
}

/** A short address, 0x1234…abcd. */
export function shortHex(hex: string, keep = 4): string {
  return hex.length <= 2 + keep * 2 + 1 ? hex : `${hex.slice(0, 2 + keep)}…${hex.slice(-keep)}`;
}

/** Unix seconds as a UTC date and time ("2025-01-31 14:05 UTC"). */
export function formatTime(seconds: bigint | number): string {
  if (Number(seconds) === 0) return "—";
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A duration in seconds as "3 days", "5 hours", … (for "expires in"). */
export function formatDuration(seconds: bigint | number): string {
  const s = Math.abs(Number(seconds));
  const units: [number, string][] = [
    [86_400, "day"],
    [3_600, "hour"],
    [60, "minute"],
  ];
  for (const [size, name] of units) {
    if (s >= size) {
      const n = Math.floor(s / size);
      return `${n} ${name}${n === 1 ? "" : "s"}`;
    }
  }
  return `${s} second${s === 1 ? "" : "s"}`;
}

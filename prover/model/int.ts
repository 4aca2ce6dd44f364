/**
 * Exact integer helpers shared by the quantizer, the integer reference and the scorecard. They
 * encode the two conventions the circuit relies on: floor division toward −∞ and signed widths.
 */

/** floor(a / 2^k) toward −∞, also for negative a (BigInt `/` truncates toward zero). */
export function floorShift(a: bigint, k: number): bigint {
  return a >> BigInt(k); // arithmetic shift: exactly floor(a / 2^k) for every sign
}

/** floor(a / b) toward −∞ for b > 0. */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** Smallest signed width `bits` with [lo, hi] ⊆ [−2^(bits−1), 2^(bits−1)); at least 1. */
export function signedBits(lo: bigint, hi: bigint): number {
  let bits = 1;
  while (lo < -(1n << BigInt(bits - 1)) || hi >= 1n << BigInt(bits - 1)) bits++;
  return bits;
}

/** Whether v is in the signed range of `bits`. */
export function fitsSigned(v: bigint, bits: number): boolean {
  const half = 1n << BigInt(bits - 1);
  return v >= -half && v < half;
}

/** The signed range of `bits` as text, for error messages. */
export function signedRange(bits: number): string {
  const half = 1n << BigInt(bits - 1);
  return `[${-half}, ${half - 1n}]`;
}

/** round(x · 2^frac) as a bigint (half rounds up, like Math.round), refusing values past 2^53. */
export function quantizeValue(x: number, frac: number, what: string): bigint {
  const scaled = Math.round(x * 2 ** frac);
  if (!Number.isSafeInteger(scaled)) {
    throw new Error(`${what} = ${x} scaled by 2^${frac} exceeds 2^53: not exactly representable`);
  }
  return BigInt(scaled);
}

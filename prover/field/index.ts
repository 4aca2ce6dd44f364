/**
 * Field-level building blocks shared by the features hash, the attestation and the model
 * commitment. The circuit implements the same packing and sponge (circuits/Pack.circom,
 * circuits/Sponge.circom); docs/architecture.md states the rules.
 */
import * as poseidonLite from "poseidon-lite";

/** The BN254 scalar field modulus (the field circom and snarkjs work in). */
export const FIELD_MODULUS =
  21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** Widest chunk a packed field element may hold: below log2(p) ≈ 253.6 with room to spare. */
export const CHUNK_BITS = 252;

/** Poseidon arity limit of circomlib (inputs per call). */
export const POSEIDON_MAX_INPUTS = 16;

type PoseidonFn = (inputs: (bigint | number | string)[]) => bigint;
const POSEIDON: PoseidonFn[] = Array.from({ length: POSEIDON_MAX_INPUTS + 1 }, (_, n) => {
  const fn = (poseidonLite as unknown as Record<string, PoseidonFn | undefined>)[`poseidon${n}`];
  return (
    fn ??
    (() => {
      throw new Error(`Poseidon takes 1..${POSEIDON_MAX_INPUTS} inputs, got ${n}`);
    })
  );
});

/** circomlib Poseidon over 1..16 field elements. */
export function poseidon(inputs: readonly bigint[]): bigint {
  if (inputs.length < 1 || inputs.length > POSEIDON_MAX_INPUTS) {
    throw new Error(`Poseidon takes 1..${POSEIDON_MAX_INPUTS} inputs, got ${inputs.length}`);
  }
  for (const x of inputs) {
    if (x < 0n || x >= FIELD_MODULUS) throw new Error(`Poseidon input ${x} is not a field element`);
  }
  return POSEIDON[inputs.length]!([...inputs]);
}

/**
 * Sponge over any number of field elements: state = 0, then for each group of up to 15 elements
 * state = Poseidon(state, ...group). Used for the model commitment (hundreds of parameters).
 */
export function sponge(elements: readonly bigint[]): bigint {
  if (elements.length === 0) throw new Error("sponge needs at least one element");
  let state = 0n;
  for (let i = 0; i < elements.length; i += POSEIDON_MAX_INPUTS - 1) {
    state = poseidon([state, ...elements.slice(i, i + POSEIDON_MAX_INPUTS - 1)]);
  }
  return state;
}

/** A value with its declared width; `signed` values are offset by 2^(bits-1) before packing. */
export interface PackedValue {
  value: bigint;
  bits: number;
  signed: boolean;
}

/** The unsigned encoding of a value in its width, or an error naming the value's range. */
export function encodeInWidth({ value, bits, signed }: PackedValue, what = "value"): bigint {
  if (!Number.isInteger(bits) || bits < 1 || bits > CHUNK_BITS) {
    throw new Error(`${what}: bit width ${bits} is not in 1..${CHUNK_BITS}`);
  }
  const encoded = signed ? value + (1n << BigInt(bits - 1)) : value;
  if (encoded < 0n || encoded >= 1n << BigInt(bits)) {
    const lo = signed ? -(1n << BigInt(bits - 1)) : 0n;
    const hi = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
    throw new Error(
      `${what} = ${value} does not fit ${signed ? "signed" : "unsigned"} ${bits} bits [${lo}, ${hi}]`,
    );
  }
  return encoded;
}

/**
 * Packs values little-endian into 252-bit chunks; a value never straddles two chunks. Injective
 * only because every value is range-checked to its width (here and in the circuit).
 */
export function pack(values: readonly PackedValue[], what = "value"): bigint[] {
  const chunks: bigint[] = [];
  let current = 0n;
  let used = 0;
  values.forEach((v, i) => {
    const encoded = encodeInWidth(v, `${what}[${i}]`);
    if (used + v.bits > CHUNK_BITS) {
      chunks.push(current);
      current = 0n;
      used = 0;
    }
    current |= encoded << BigInt(used);
    used += v.bits;
  });
  if (used > 0) chunks.push(current);
  return chunks;
}

/** The chunk layout `pack` produces for these widths: [chunk][index of value], for generators. */
export function packLayout(bits: readonly number[]): number[][] {
  const layout: number[][] = [];
  let used = CHUNK_BITS;
  bits.forEach((b, i) => {
    if (used + b > CHUNK_BITS) {
      layout.push([]);
      used = 0;
    }
    layout[layout.length - 1]!.push(i);
    used += b;
  });
  return layout;
}

/** Canonical field element from an integer (negative values wrap to p - |v|). */
export function toField(v: bigint): bigint {
  const r = v % FIELD_MODULUS;
  return r < 0n ? r + FIELD_MODULUS : r;
}

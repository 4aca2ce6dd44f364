/**
 * The part of iden3's untyped ffjavascript (the field and curve library snarkjs proves with) that
 * zkcredit calls directly: the BN254 curve, its scalar field and groups, and the thread manager.
 * Field elements and points are little-endian byte arrays in ffjavascript's own representation.
 */
declare module "ffjavascript" {
  export interface WasmField {
    n8: number;
    /** 2-adicity of r − 1, and the roots of unity w[k] of order 2^k. */
    s: number;
    w: Uint8Array[];
    /** The coset shift snarkjs uses when the domain is the whole 2-adic subgroup. */
    shift: Uint8Array;
    e(v: number | bigint | string): Uint8Array;
    add(a: Uint8Array, b: Uint8Array): Uint8Array;
    sub(a: Uint8Array, b: Uint8Array): Uint8Array;
    mul(a: Uint8Array, b: Uint8Array): Uint8Array;
    neg(a: Uint8Array): Uint8Array;
    random(): Uint8Array;
    toRprLE(buff: Uint8Array, offset: number, a: Uint8Array): void;
    fft(buff: Uint8Array): Promise<Uint8Array>;
    ifft(buff: Uint8Array): Promise<Uint8Array>;
    batchApplyKey(buff: Uint8Array, first: Uint8Array, inc: Uint8Array): Promise<Uint8Array>;
  }

  export interface WasmGroup {
    F: { n8: number };
    zero: Uint8Array;
    add(a: Uint8Array, b: Uint8Array): Uint8Array;
    neg(a: Uint8Array): Uint8Array;
    eq(a: Uint8Array, b: Uint8Array): boolean;
    timesFr(a: Uint8Array, s: Uint8Array): Uint8Array;
    toAffine(a: Uint8Array): Uint8Array;
    toObject(a: Uint8Array): bigint[] | bigint[][];
    fromRprLEM(buff: Uint8Array, offset: number): Uint8Array;
    /** Σ scalars[i]·bases[i]; bases affine in Montgomery form, scalars 32-byte little-endian. */
    multiExpAffine(bases: Uint8Array, scalars: Uint8Array): Promise<Uint8Array>;
  }

  export interface ThreadAction {
    cmd: string;
    [k: string]: unknown;
  }

  export interface Bn128 {
    name: string;
    r: bigint;
    q: bigint;
    Fr: WasmField;
    G1: WasmGroup;
    G2: WasmGroup;
    tm: { concurrency: number; queueAction(task: ThreadAction[]): Promise<Uint8Array[]> };
    terminate(): Promise<void>;
  }

  /**
   * The curve with its worker threads (cached in globalThis.curve_bn128, shared with snarkjs), or
   * with `singleThread` a new one that computes on the calling thread.
   */
  export function buildBn128(singleThread?: boolean): Promise<Bn128>;
}

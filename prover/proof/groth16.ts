/**
 * Groth16 proving over snarkjs's .zkey and .wtns formats, on ffjavascript's BN254 (the library
 * snarkjs itself proves with). It computes what snarkjs 0.7's `groth16.prove` computes, step for
 * step (the QAP evaluations, the coset FFTs, the five multi-exponentiations, the randomisation
 * with fresh r and s), so its proofs are snarkjs proofs and snarkjs and the Solidity verifier check
 * them. It adds two things a long-lived prover needs:
 *
 * 1. The proving key is parsed once (sections are views into the file's bytes), not per proof.
 * 2. Witness deltas. A, B and C of the proof are linear in the witness: Σ wᵢ·Pᵢ. A service proves
 *    many wallets with one model and one attestor key, and every wire that depends only on them
 *    (the weights, their range-check bits, the commitment sponge, the key hash, part of the
 *    signature check: about three quarters of the wires) has the same value in every witness. So
 *    the prover keeps a few earlier witnesses ("references") with their sums, and for a new witness
 *    w computes Σ wᵢ·Pᵢ = Σ refᵢ·Pᵢ + Σ (wᵢ − refᵢ)·Pᵢ over the wires that differ only. The
 *    same holds for the QAP evaluations A(w), B(w) at the domain points. The result is the same
 *    group element, so the proof is the same proof (r and s are fresh either way); only the work
 *    changes. H (quadratic in w) is computed in full.
 *
 * A difference of two small values (a bit flipping 1 → 0) would be a full-width field element
 * (p − 1); such differences go into a second sum that is subtracted, so every scalar stays as
 * short as the values themselves. Multi-exponentiation cost grows with scalar width, not count.
 */
import { buildBn128, type Bn128, type WasmGroup } from "ffjavascript";

/** Bytes per field element and per affine point (Montgomery form) in the zkey. */
const N8 = 32;
const G1_BYTES = 2 * N8;
const G2_BYTES = 4 * N8;
/** Bytes per QAP coefficient in zkey section 4: matrix, constraint, signal (u32 each), value. */
const COEF_BYTES = 12 + N8;

/** snarkjs's zkey section ids (zkey_utils.js) and its Groth16 protocol id. */
const ZKEY = { header: 1, groth16Header: 2, coeffs: 4, A: 5, B1: 6, B2: 7, C: 8, H: 9 } as const;
const GROTH16_PROTOCOL_ID = 1;
/** How many reference witnesses a key keeps (say, two models × two attestor keys). */
const MAX_REFERENCES = 4;
/** Below this fraction of shared wires, proving from scratch costs about as much as from a reference. */
const MIN_SHARED_TO_USE = 0.25;
/** A witness sharing less than this with every reference becomes one (a new model or key). */
const MIN_SHARED_TO_SKIP_KEEPING = 0.5;

/** Sections of an iden3 binary file ("zkey", "wtns", …): id → bytes (views, not copies). */
export function readBinSections(
  bytes: Uint8Array,
  magic: string,
  what: string,
): Map<number, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12 || new TextDecoder().decode(bytes.subarray(0, 4)) !== magic) {
    throw new Error(`${what} is not a "${magic}" file`);
  }
  const count = view.getUint32(8, true);
  const sections = new Map<number, Uint8Array>();
  let at = 12;
  for (let k = 0; k < count; k++) {
    if (at + 12 > bytes.byteLength) throw new Error(`${what} is truncated (section ${k} header)`);
    const id = view.getUint32(at, true);
    const size = Number(view.getBigUint64(at + 4, true));
    at += 12;
    if (at + size > bytes.byteLength) throw new Error(`${what} is truncated (section ${id})`);
    if (sections.has(id)) throw new Error(`${what} has section ${id} twice`);
    sections.set(id, bytes.subarray(at, at + size));
    at += size;
  }
  return sections;
}

function section(sections: Map<number, Uint8Array>, id: number, what: string): Uint8Array {
  const s = sections.get(id);
  if (s === undefined) throw new Error(`${what} has no section ${id}`);
  return s;
}

/** Little-endian unsigned integer of `bytes` (the byte order of every iden3 file). */
export function leInteger(bytes: Uint8Array): bigint {
  let x = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(bytes[i]!);
  return x;
}

/** A sum Σ wᵢ·Pᵢ already computed for one witness, per point set. */
interface Reference {
  witness: Uint8Array;
  A: Uint8Array;
  B1: Uint8Array;
  B2: Uint8Array;
  C: Uint8Array;
  /** A(w) and B(w) at the domain points (QAP evaluations, before the FFTs). */
  qapA: Uint8Array;
  qapB: Uint8Array;
}

/** A parsed Groth16 proving key. Create with `readProvingKey`; reuse it for every proof. */
export interface ProvingKey {
  nVars: number;
  nPublic: number;
  domainSize: number;
  /** r of the curve the key is for (BN254's scalar field). */
  r: bigint;
  /** Raw affine points of the header (Montgomery form), read into the curve when proving. */
  header: {
    alpha1: Uint8Array;
    beta1: Uint8Array;
    beta2: Uint8Array;
    delta1: Uint8Array;
    delta2: Uint8Array;
  };
  points: { A: Uint8Array; B1: Uint8Array; B2: Uint8Array; C: Uint8Array; H: Uint8Array };
  /** Section 4 (QAP coefficients), and for each signal the indices of its coefficients. */
  coeffs: Uint8Array;
  coeffsOfSignal: { start: Int32Array; index: Int32Array };
  /** Most recently used first. */
  references: Reference[];
}

/** Parses a snarkjs Groth16 zkey (its bytes stay referenced; do not modify them). */
export function readProvingKey(bytes: Uint8Array, what = "proving key"): ProvingKey {
  const sections = readBinSections(bytes, "zkey", what);
  const protocol = section(sections, ZKEY.header, what);
  if (
    protocol.byteLength < 4 ||
    new DataView(protocol.buffer, protocol.byteOffset).getUint32(0, true) !== GROTH16_PROTOCOL_ID
  ) {
    throw new Error(`${what} is not a Groth16 key`);
  }
  const h = section(sections, ZKEY.groth16Header, what);
  const hv = new DataView(h.buffer, h.byteOffset, h.byteLength);
  let at = 0;
  const u32 = () => {
    const v = hv.getUint32(at, true);
    at += 4;
    return v;
  };
  const bytesOf = (n: number) => {
    const v = h.subarray(at, at + n);
    at += n;
    return v;
  };
  const n8q = u32();
  bytesOf(n8q);
  const n8r = u32();
  if (n8q !== N8 || n8r !== N8) throw new Error(`${what} is not for a 254-bit curve`);
  const r = leInteger(bytesOf(n8r));
  const nVars = u32();
  const nPublic = u32();
  const domainSize = u32();
  const header = {
    alpha1: bytesOf(G1_BYTES),
    beta1: bytesOf(G1_BYTES),
    beta2: bytesOf(G2_BYTES),
    gamma2: bytesOf(G2_BYTES),
    delta1: bytesOf(G1_BYTES),
    delta2: bytesOf(G2_BYTES),
  };
  if (at > h.byteLength) throw new Error(`${what} has a truncated header`);
  const points = {
    A: section(sections, ZKEY.A, what),
    B1: section(sections, ZKEY.B1, what),
    B2: section(sections, ZKEY.B2, what),
    C: section(sections, ZKEY.C, what),
    H: section(sections, ZKEY.H, what),
  };
  const expected = {
    A: nVars * G1_BYTES,
    B1: nVars * G1_BYTES,
    B2: nVars * G2_BYTES,
    C: (nVars - nPublic - 1) * G1_BYTES,
    H: domainSize * G1_BYTES,
  };
  for (const [name, size] of Object.entries(expected)) {
    if (points[name as keyof typeof points].byteLength !== size) {
      throw new Error(`${what}: section ${name} has the wrong size`);
    }
  }
  const coeffs = section(sections, ZKEY.coeffs, what);
  return {
    nVars,
    nPublic,
    domainSize,
    r,
    header,
    points,
    coeffs,
    coeffsOfSignal: indexCoefficients(coeffs, nVars, domainSize, what),
    references: [],
  };
}

/** Groups the QAP coefficients by signal (a counting sort), checking every index on the way. */
function indexCoefficients(coeffs: Uint8Array, nVars: number, domainSize: number, what: string) {
  const view = new DataView(coeffs.buffer, coeffs.byteOffset, coeffs.byteLength);
  const n = view.getUint32(0, true);
  if (coeffs.byteLength !== 4 + n * COEF_BYTES)
    throw new Error(`${what}: coefficient section has the wrong size`);
  const start = new Int32Array(nVars + 1);
  for (let i = 0; i < n; i++) {
    const at = 4 + i * COEF_BYTES;
    const m = view.getUint32(at, true);
    const c = view.getUint32(at + 4, true);
    const s = view.getUint32(at + 8, true);
    if (m > 1 || c >= domainSize || s >= nVars)
      throw new Error(`${what}: coefficient ${i} is out of range`);
    start[s + 1]!++;
  }
  for (let s = 0; s < nVars; s++) start[s + 1]! += start[s]!;
  const next = start.slice(0, nVars);
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = view.getUint32(4 + i * COEF_BYTES + 8, true);
    index[next[s]!++] = i;
  }
  return { start, index };
}

/** The witness values of a .wtns file (32-byte little-endian each), checked against the key. */
export function readWitness(bytes: Uint8Array, key: ProvingKey): Uint8Array {
  const sections = readBinSections(bytes, "wtns", "witness");
  const h = section(sections, 1, "witness");
  const hv = new DataView(h.buffer, h.byteOffset, h.byteLength);
  const n8 = hv.getUint32(0, true);
  if (n8 !== N8) throw new Error("witness is not over a 254-bit field");
  if (leInteger(h.subarray(4, 4 + n8)) !== key.r) {
    throw new Error("the witness's field is not the proving key's curve's scalar field");
  }
  const nWitness = hv.getUint32(4 + n8, true);
  if (nWitness !== key.nVars) {
    throw new Error(`witness has ${nWitness} values, the circuit of the proving key ${key.nVars}`);
  }
  const values = section(sections, 2, "witness");
  if (values.byteLength !== nWitness * N8) throw new Error("witness is truncated");
  return values;
}

let singleThreaded: Promise<Bn128> | undefined;

/**
 * BN254 with worker threads on every core, or `singleThread`: a curve that computes on the
 * calling thread (one per thread), so N provers on N cores prove N proofs at once without
 * oversubscribing them. The multi-threaded curve is ffjavascript's global one, shared with
 * snarkjs: terminateCurves() stops its threads, and the next call builds it anew.
 */
export function bn128(singleThread: boolean): Promise<Bn128> {
  if (!singleThread) return buildBn128();
  singleThreaded ??= buildBn128(true);
  return singleThreaded;
}

/** True if the 32-byte words at `i` of a and b are equal. */
function sameWord(a: Uint8Array, b: Uint8Array, i: number): boolean {
  const at = i * N8;
  for (let k = 0; k < N8; k++) if (a[at + k] !== b[at + k]) return false;
  return true;
}

/** Number of wires where two witnesses agree. */
function sharedWires(a: Uint8Array, b: Uint8Array, nVars: number): number {
  let n = 0;
  for (let i = 0; i < nVars; i++) if (sameWord(a, b, i)) n++;
  return n;
}

/** True if the field element is below 2^128 (its upper 16 bytes are zero). */
function isShort(x: Uint8Array): boolean {
  for (let k = 16; k < N8; k++) if (x[k] !== 0) return false;
  return true;
}

/**
 * The signed difference w − ref as two sparse vectors: wires where it is a short positive value
 * or a full-width one (`plus`), and wires where it is a short negative value (`minus`, holding
 * |w − ref|). Differences are taken mod r; "short" is below 2^128.
 */
interface Delta {
  /** Field difference w − ref at every wire that differs (standard form), for the QAP. */
  wires: Int32Array;
  values: Uint8Array;
  plus: { wires: Int32Array; scalars: Uint8Array };
  minus: { wires: Int32Array; scalars: Uint8Array };
}

function delta(curve: Bn128, w: Uint8Array, ref: Uint8Array, nVars: number): Delta {
  const Fr = curve.Fr;
  const wires: number[] = [];
  const values: Uint8Array[] = [];
  const plus: number[] = [];
  const plusScalars: Uint8Array[] = [];
  const minus: number[] = [];
  const minusScalars: Uint8Array[] = [];
  for (let i = 0; i < nVars; i++) {
    if (sameWord(w, ref, i)) continue;
    const d = Fr.sub(w.subarray(i * N8, i * N8 + N8), ref.subarray(i * N8, i * N8 + N8));
    wires.push(i);
    values.push(d);
    const negated = Fr.neg(d);
    if (isShort(negated) && !isShort(d)) {
      minus.push(i);
      minusScalars.push(negated);
    } else {
      plus.push(i);
      plusScalars.push(d);
    }
  }
  const pack = (xs: Uint8Array[]) => {
    const out = new Uint8Array(xs.length * N8);
    xs.forEach((x, k) => out.set(x, k * N8));
    return out;
  };
  return {
    wires: Int32Array.from(wires),
    values: pack(values),
    plus: { wires: Int32Array.from(plus), scalars: pack(plusScalars) },
    minus: { wires: Int32Array.from(minus), scalars: pack(minusScalars) },
  };
}

/** Σ scalars[k]·bases[wires[k] − first] over the listed wires (those ≥ first). */
async function sparseMultiExp(
  group: WasmGroup,
  bases: Uint8Array,
  pointBytes: number,
  first: number,
  sparse: { wires: Int32Array; scalars: Uint8Array },
): Promise<Uint8Array> {
  let from = 0;
  while (from < sparse.wires.length && sparse.wires[from]! < first) from++;
  const n = sparse.wires.length - from;
  if (n === 0) return group.zero;
  const picked = new Uint8Array(n * pointBytes);
  for (let k = 0; k < n; k++) {
    const at = (sparse.wires[from + k]! - first) * pointBytes;
    picked.set(bases.subarray(at, at + pointBytes), k * pointBytes);
  }
  return group.multiExpAffine(picked, sparse.scalars.subarray(from * N8));
}

/** Adds the listed wires' terms to the QAP evaluations A(w), B(w) (snarkjs buildABC1). */
function qapAB(
  curve: Bn128,
  key: ProvingKey,
  wires: Int32Array,
  values: Uint8Array,
  into: [Uint8Array, Uint8Array],
): void {
  const Fr = curve.Fr;
  const view = new DataView(key.coeffs.buffer, key.coeffs.byteOffset, key.coeffs.byteLength);
  const { start, index } = key.coeffsOfSignal;
  for (let k = 0; k < wires.length; k++) {
    const s = wires[k]!;
    const value = values.subarray(k * N8, k * N8 + N8);
    for (let j = start[s]!; j < start[s + 1]!; j++) {
      const at = 4 + index[j]! * COEF_BYTES;
      const out = into[view.getUint32(at, true)]!;
      const c = view.getUint32(at + 4, true) * N8;
      const coef = key.coeffs.subarray(at + 12, at + 12 + N8);
      out.set(Fr.add(out.subarray(c, c + N8), Fr.mul(coef, value)), c);
    }
  }
}

/**
 * Proving from scratch is proving from the all-zero witness, whose sums are all zero: the
 * difference is then w itself, minus its zero wires, with negative values (signed weights,
 * p − |w|) as short subtracted scalars.
 */
function zeroReference(curve: Bn128, key: ProvingKey): Reference {
  return {
    witness: new Uint8Array(key.nVars * N8),
    A: curve.G1.zero,
    B1: curve.G1.zero,
    B2: curve.G2.zero,
    C: curve.G1.zero,
    qapA: new Uint8Array(key.domainSize * N8),
    qapB: new Uint8Array(key.domainSize * N8),
  };
}

/**
 * Sums of the witness against every point set, and its QAP evaluations, from a reference's and
 * the wires where w differs from it.
 */
async function sumsFrom(
  curve: Bn128,
  key: ProvingKey,
  ref: Reference,
  w: Uint8Array,
): Promise<Reference> {
  const d = delta(curve, w, ref.witness, key.nVars);
  const qapA = ref.qapA.slice();
  const qapB = ref.qapB.slice();
  qapAB(curve, key, d.wires, d.values, [qapA, qapB]);
  const sum = async (
    group: WasmGroup,
    base: Uint8Array,
    bases: Uint8Array,
    size: number,
    first: number,
  ) =>
    group.add(
      group.add(base, await sparseMultiExp(group, bases, size, first, d.plus)),
      group.neg(await sparseMultiExp(group, bases, size, first, d.minus)),
    );
  return {
    witness: w.slice(),
    A: await sum(curve.G1, ref.A, key.points.A, G1_BYTES, 0),
    B1: await sum(curve.G1, ref.B1, key.points.B1, G1_BYTES, 0),
    B2: await sum(curve.G2, ref.B2, key.points.B2, G2_BYTES, 0),
    C: await sum(curve.G1, ref.C, key.points.C, G1_BYTES, key.nPublic + 1),
    qapA,
    qapB,
  };
}

/** The reference sharing the most wires with w, and how many it shares. */
function closestReference(key: ProvingKey, w: Uint8Array): { ref?: Reference; shared: number } {
  let best: { ref?: Reference; shared: number } = { shared: 0 };
  for (const ref of key.references) {
    const shared = sharedWires(ref.witness, w, key.nVars);
    if (shared > best.shared) best = { ref, shared };
  }
  return best;
}

export interface Groth16Proof {
  pi_a: string[];
  pi_b: string[][];
  pi_c: string[];
  protocol: "groth16";
  curve: "bn128";
}

export interface ProveOptions {
  /** Prove on the calling thread (see bn128). */
  singleThread?: boolean;
  /** Use witness deltas against earlier witnesses (default true); false proves from scratch. */
  reuse?: boolean;
  /** Fixed blinding scalars, for tests that compare two ways of proving. Never in production. */
  blinding?: { r: bigint; s: bigint };
}

/** Proves the witness (a .wtns file's bytes) with the key; returns snarkjs's proof object. */
export async function proveGroth16(
  key: ProvingKey,
  wtns: Uint8Array,
  options: ProveOptions = {},
): Promise<{ proof: Groth16Proof; publicSignals: bigint[]; reusedWires: number }> {
  const w = readWitness(wtns, key);
  const curve = await bn128(options.singleThread ?? false);
  if (curve.r !== key.r) throw new Error("the proving key is not for BN254");
  const { Fr, G1, G2 } = curve;

  const reuse = options.reuse ?? true;
  const { ref, shared } = reuse ? closestReference(key, w) : { shared: 0 };
  const useRef = ref !== undefined && shared >= MIN_SHARED_TO_USE * key.nVars;
  const sums = await sumsFrom(curve, key, useRef ? ref : zeroReference(curve, key), w);
  if (reuse) {
    // Most recently used first; a witness far from every reference becomes one.
    const kept = shared >= MIN_SHARED_TO_SKIP_KEEPING * key.nVars ? ref! : sums;
    key.references = [kept, ...key.references.filter((x) => x !== kept)].slice(0, MAX_REFERENCES);
  }

  // H: the quotient of A·B − C by the vanishing polynomial, evaluated on the odd coset, exactly
  // as snarkjs does it (IFFT, shift by the coset generator, FFT; then qap_joinABC).
  const power = Math.log2(key.domainSize);
  if (!Number.isInteger(power)) throw new Error("proving key domain size is not a power of two");
  const qapC = new Uint8Array(key.domainSize * N8);
  for (let i = 0; i < key.domainSize; i++) {
    const at = i * N8;
    qapC.set(Fr.mul(sums.qapA.subarray(at, at + N8), sums.qapB.subarray(at, at + N8)), at);
  }
  const inc = power === Fr.s ? Fr.shift : Fr.w[power + 1]!;
  const odd = async (evals: Uint8Array) =>
    Fr.fft(await Fr.batchApplyKey(await Fr.ifft(evals), Fr.e(1), inc));
  const [aOdd, bOdd, cOdd] = [await odd(sums.qapA), await odd(sums.qapB), await odd(qapC)];
  const [joined] = await curve.tm.queueAction([
    { cmd: "ALLOCSET", var: 0, buff: aOdd },
    { cmd: "ALLOCSET", var: 1, buff: bOdd },
    { cmd: "ALLOCSET", var: 2, buff: cOdd },
    { cmd: "ALLOC", var: 3, len: key.domainSize * N8 },
    {
      cmd: "CALL",
      fnName: "qap_joinABC",
      params: [{ var: 0 }, { var: 1 }, { var: 2 }, { val: key.domainSize }, { var: 3 }],
    },
    {
      cmd: "CALL",
      fnName: "frm_batchFromMontgomery",
      params: [{ var: 3 }, { val: key.domainSize }, { var: 3 }],
    },
    { cmd: "GET", out: 0, var: 3, len: key.domainSize * N8 },
  ]);
  const h = await G1.multiExpAffine(key.points.H, joined!);

  // Fr.e and Fr.random both give elements in the curve's internal representation.
  const r = options.blinding ? Fr.e(options.blinding.r) : Fr.random();
  const s = options.blinding ? Fr.e(options.blinding.s) : Fr.random();
  const alpha1 = G1.fromRprLEM(key.header.alpha1, 0);
  const beta1 = G1.fromRprLEM(key.header.beta1, 0);
  const beta2 = G2.fromRprLEM(key.header.beta2, 0);
  const delta1 = G1.fromRprLEM(key.header.delta1, 0);
  const delta2 = G2.fromRprLEM(key.header.delta2, 0);

  // A = α + Σ wᵢAᵢ + r·δ;  B = β + Σ wᵢBᵢ + s·δ;  C = Σ wᵢCᵢ + H + s·A + r·B₁ − r·s·δ.
  const piA = G1.add(G1.add(sums.A, alpha1), G1.timesFr(delta1, r));
  const piB = G2.add(G2.add(sums.B2, beta2), G2.timesFr(delta2, s));
  const b1 = G1.add(G1.add(sums.B1, beta1), G1.timesFr(delta1, s));
  let piC = G1.add(sums.C, h);
  piC = G1.add(piC, G1.timesFr(piA, s));
  piC = G1.add(piC, G1.timesFr(b1, r));
  piC = G1.add(piC, G1.timesFr(delta1, Fr.neg(Fr.mul(r, s))));

  const decimal = (xs: bigint[] | bigint[][]): string[] => (xs as bigint[]).map(String);
  const proof: Groth16Proof = {
    pi_a: decimal(G1.toObject(G1.toAffine(piA))),
    pi_b: (G2.toObject(G2.toAffine(piB)) as bigint[][]).map((c) => c.map(String)),
    pi_c: decimal(G1.toObject(G1.toAffine(piC))),
    protocol: "groth16",
    curve: "bn128",
  };
  const publicSignals: bigint[] = [];
  for (let i = 1; i <= key.nPublic; i++)
    publicSignals.push(leInteger(w.subarray(i * N8, i * N8 + N8)));
  return { proof, publicSignals, reusedWires: useRef ? shared : 0 };
}

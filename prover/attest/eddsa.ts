/**
 * circomlibjs EdDSA-Poseidon (the scheme circomlib's `EdDSAPoseidonVerifier` checks), wrapped so
 * the rest of the attestor sees plain bigints. circomlibjs is loaded on first use and built once:
 * importing it costs seconds (its entry point pulls in contract generators and ethers) and
 * building its tables ~1 s, which importers of prover/attest that never sign should not pay.
 */
import type { BabyJubPoint, Eddsa } from "circomlibjs";

let eddsaPromise: Promise<Eddsa> | undefined;

function eddsa(): Promise<Eddsa> {
  eddsaPromise ??= import("circomlibjs").then((m) => m.buildEddsa());
  return eddsaPromise;
}

/** A Baby Jubjub point in affine coordinates. */
export interface Point {
  x: bigint;
  y: bigint;
}

export interface EddsaSignature {
  R8x: bigint;
  R8y: bigint;
  S: bigint;
}

/** The public key A = (s >> 3)·Base8 of a private key (32 bytes, hashed by blake512 inside). */
export async function publicKeyOf(privateKey: Uint8Array): Promise<Point> {
  const e = await eddsa();
  const [x, y] = e.prv2pub(privateKey);
  return { x: e.F.toObject(x), y: e.F.toObject(y) };
}

export async function signPoseidon(
  privateKey: Uint8Array,
  message: bigint,
): Promise<EddsaSignature> {
  const e = await eddsa();
  const { R8, S } = e.signPoseidon(privateKey, e.F.e(message));
  return { R8x: e.F.toObject(R8[0]), R8y: e.F.toObject(R8[1]), S };
}

/** circomlibjs's check: both points on the curve, S below the subgroup order, the equation holds. */
export async function verifyPoseidon(
  message: bigint,
  signature: EddsaSignature,
  publicKey: Point,
): Promise<boolean> {
  const e = await eddsa();
  const point = (x: bigint, y: bigint): BabyJubPoint => [e.F.e(x), e.F.e(y)];
  return e.verifyPoseidon(
    e.F.e(message),
    { R8: point(signature.R8x, signature.R8y), S: signature.S },
    point(publicKey.x, publicKey.y),
  );
}

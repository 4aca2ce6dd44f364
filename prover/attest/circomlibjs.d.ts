/**
 * The slice of circomlibjs (untyped upstream) the attestor uses: EdDSA-Poseidon on Baby Jubjub.
 * Field elements are opaque Montgomery-form byte arrays; convert with `F.e` / `F.toObject`.
 */
declare module "circomlibjs" {
  /** An element of the BN254 scalar field in circomlibjs's internal (Montgomery) form. */
  export type FieldElement = Uint8Array;
  export type BabyJubPoint = [FieldElement, FieldElement];

  export interface BabyJubField {
    e(value: bigint): FieldElement;
    toObject(value: FieldElement): bigint;
  }

  export interface PoseidonSignature {
    R8: BabyJubPoint;
    S: bigint;
  }

  export interface Eddsa {
    F: BabyJubField;
    babyJub: { subOrder: bigint; inCurve(p: BabyJubPoint): boolean };
    prv2pub(privateKey: Uint8Array): BabyJubPoint;
    signPoseidon(privateKey: Uint8Array, message: FieldElement): PoseidonSignature;
    verifyPoseidon(
      message: FieldElement,
      signature: PoseidonSignature,
      publicKey: BabyJubPoint,
    ): boolean;
  }

  export function buildEddsa(): Promise<Eddsa>;

  /** circomlib's Poseidon (used by tests as an independent reference for poseidon-lite). */
  export interface Poseidon {
    (inputs: readonly (bigint | FieldElement)[]): FieldElement;
    F: BabyJubField;
  }
  export function buildPoseidon(): Promise<Poseidon>;
}

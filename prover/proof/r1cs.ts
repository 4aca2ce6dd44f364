/**
 * What the trusted setup needs to know about a compiled circuit, read from the r1cs header only
 * (the constraints themselves can be large and are not needed to size the ptau).
 */
import { readBinFile } from "@iden3/binfileutils";
import { readR1cs, readR1csHeader } from "r1csfile";
import { FIELD_MODULUS as BN254_R } from "../field/index.js";
import { leInteger } from "./groth16.js";

export interface CircuitInfo {
  r1csPath: string;
  nConstraints: number;
  nPubInputs: number;
  nOutputs: number;
  nPrvInputs: number;
  nVars: number;
  /** Smallest ptau power that fits: snarkjs needs nConstraints + nPubInputs + nOutputs < 2^power. */
  requiredPower: number;
}

/** snarkjs's rule (zkey_new.js): domain = 2^(floor(log2(n)) + 1) with n = constraints + publics. */
export function requiredPtauPower(nConstraints: number, nPublic: number): number {
  // floor(log2(n)) + 1 is n's bit length (and snarkjs's log2(0) = 0 gives 1 for n = 0).
  return Math.max(1, (nConstraints + nPublic).toString(2).length);
}

export async function readCircuitInfo(r1csPath: string): Promise<CircuitInfo> {
  let file: Awaited<ReturnType<typeof readBinFile>>;
  try {
    file = await readBinFile(r1csPath, "r1cs", 1);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      code
        ? `circuit ${r1csPath}: cannot read (${code})`
        : `circuit ${r1csPath}: not an r1cs file (compile it with circom --r1cs)`,
    );
  }
  try {
    // Only the counts are needed: skip building the curve (and its worker threads).
    const header = await readR1csHeader(file.fd, file.sections, {
      getFieldFromPrime: async (p) => ({ p }),
    });
    if (header.prime !== BN254_R)
      throw new Error(`circuit ${r1csPath}: not compiled for BN254 (prime ${header.prime})`);
    return {
      r1csPath,
      nConstraints: header.nConstraints,
      nPubInputs: header.nPubInputs,
      nOutputs: header.nOutputs,
      nPrvInputs: header.nPrvInputs,
      nVars: header.nVars,
      requiredPower: requiredPtauPower(header.nConstraints, header.nPubInputs + header.nOutputs),
    };
  } finally {
    await file.fd.close();
  }
}

/** A linear combination: wire index → coefficient (reduced, in [0, p)). */
export type LinearCombination = Record<string, bigint>;

export interface R1csConstraints {
  prime: bigint;
  nVars: number;
  /** [A, B, C] per constraint: A·w × B·w = C·w. */
  constraints: [LinearCombination, LinearCombination, LinearCombination][];
}

/** Field elements in the r1cs are 32-byte little-endian integers; read them as plain bigints. */
const bigintField = (prime: bigint) => ({
  p: prime,
  fromRprLE: (buff: Uint8Array, offset: number): bigint =>
    leInteger(buff.subarray(offset, offset + 32)),
});

/** Every constraint of a compiled circuit, as plain bigints (no curve, no worker threads). */
export async function readR1csConstraints(r1csPath: string): Promise<R1csConstraints> {
  const r1cs = (await readR1cs(r1csPath, {
    loadConstraints: true,
    loadMap: false,
    loadCustomGates: false,
    getFieldFromPrime: bigintField,
  })) as R1csConstraints;
  if (r1cs.prime !== BN254_R) throw new Error(`circuit ${r1csPath}: not compiled for BN254`);
  return r1cs;
}

/** Constraints whose A and B are both non-empty: what remains after circom's --O2. */
export function countNonLinear(r1cs: R1csConstraints): number {
  return r1cs.constraints.filter(([a, b]) => Object.keys(a).length > 0 && Object.keys(b).length > 0)
    .length;
}

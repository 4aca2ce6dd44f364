/**
 * The slice of iden3's untyped binary-file readers (used by snarkjs itself) that zkcredit needs to
 * read a ptau header and an r1cs header without loading the files.
 */
declare module "@iden3/binfileutils" {
  export interface BinSection {
    /** Byte offset of the section body. */
    p: number;
    size: number;
  }
  export interface BinFd {
    pos: number;
    readULE32(): Promise<number>;
    read(n: number): Promise<Uint8Array>;
    close(): Promise<void>;
  }
  /** sections[id] lists every section with that id; a missing id is undefined. */
  export function readBinFile(
    fileName: string,
    type: string,
    maxVersion: number,
  ): Promise<{ fd: BinFd; sections: (BinSection[] | undefined)[] }>;
}

declare module "r1csfile" {
  import type { BinFd, BinSection } from "@iden3/binfileutils";
  export interface R1csHeader {
    n8: number;
    prime: bigint;
    nVars: number;
    nOutputs: number;
    nPubInputs: number;
    nPrvInputs: number;
    nLabels: number;
    nConstraints: number;
    useCustomGates: boolean;
  }
  export function readR1csHeader(
    fd: BinFd,
    sections: (BinSection[] | undefined)[],
    options: { getFieldFromPrime: (prime: bigint) => Promise<unknown> },
  ): Promise<R1csHeader>;
  export function readR1cs(
    file: string,
    options: {
      loadConstraints: boolean;
      loadMap: boolean;
      loadCustomGates: boolean;
      getFieldFromPrime(prime: bigint): unknown;
    },
  ): Promise<unknown>;
}

declare module "circom_runtime" {
  export interface WitnessCalculator {
    /** The witness in snarkjs's .wtns format; sanityCheck 0 skips the runtime's extra checks. */
    calculateWTNSBin(input: Record<string, unknown>, sanityCheck?: number): Promise<Uint8Array>;
  }
  export function WitnessCalculatorBuilder(
    code: Uint8Array,
    options?: Record<string, unknown>,
  ): Promise<WitnessCalculator>;
}

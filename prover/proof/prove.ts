/**
 * Proving and verifying with snarkjs Groth16, and the calldata the contracts take.
 *
 * Calldata order (docs/architecture.md): proof = [pA0, pA1, pB00, pB01, pB10, pB11, pC0, pC1]
 * with pB's G2 coordinates swapped (snarkjs keeps Fp2 elements as [c0, c1]; the EVM pairing
 * precompile, and so the generated verifier, takes [c1, c0]); publicSignals in the circuit's order.
 */
import { access, readFile, stat } from "node:fs/promises";
import { WitnessCalculatorBuilder, type WitnessCalculator } from "circom_runtime";
import { groth16, type Groth16Proof } from "snarkjs";
import { proveGroth16, readProvingKey, type ProvingKey } from "./groth16.js";
import { FIELD_MODULUS } from "../field/index.js";
import { toCalldata, type Calldata } from "./calldata.js";

export { fromCalldata, toCalldata, type Calldata, type ProofWords } from "./calldata.js";

/**
 * Circuit input: signal name → integer(s) in (−p, p). Negative values (signed weights) are
 * passed as such: circom's witness calculator reduces them to p − |v|, as the circuit expects.
 */
export type CircuitInput = Record<string, bigint | readonly bigint[]>;

export interface ProofResult {
  /** snarkjs's proof object (decimal strings), for snarkjs verify and the proof file. */
  proof: Groth16Proof;
  publicSignals: bigint[];
  calldata: Calldata;
  /** Wall time, ms. */
  timings: { witnessMs: number; proveMs: number };
}

/** The verification key JSON snarkjs exports (opaque here; snarkjs validates it). */
export type VerificationKey = Record<string, unknown> & { protocol?: unknown; nPublic?: unknown };

/** Witness errors from circom's runtime carry a stack-like tail; keep the informative lines. */
function witnessError(err: unknown): Error {
  const text = err instanceof Error ? err.message : String(err);
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("at "));
  return new Error(`witness generation failed: ${lines.slice(0, 3).join(" | ")}`);
}

/** snarkjs reports a missing file obscurely: say which artifact is missing and how to make it. */
async function mustExist(path: string, what: string, remedy: string): Promise<void> {
  try {
    await access(path);
  } catch {
    throw new Error(`${what} ${path} not found: ${remedy}`);
  }
}

/** Checks every value is an integer in (−p, p); circom's runtime reduces negatives mod p. */
function checkedInput(input: CircuitInput): Record<string, bigint | readonly bigint[]> {
  for (const [name, value] of Object.entries(input)) {
    const values = typeof value === "bigint" ? [value] : value;
    values.forEach((v, i) => {
      if (typeof v !== "bigint" || v <= -FIELD_MODULUS || v >= FIELD_MODULUS) {
        const at = typeof value === "bigint" ? "" : `[${i}]`;
        throw new Error(`circuit input ${name}${at} is not an integer in (-p, p)`);
      }
    });
  }
  return input;
}

/**
 * Loads a file once per (path, mtime): compiling the 6 MB witness wasm and parsing the 11 MB
 * zkey cost more than a witness, so a long-lived prover (the service's workers) pays them once
 * (and the parsed key keeps the reference witnesses groth16.ts proves against).
 * The mtime in the key picks up a zkey that a new setup rewrote in place.
 */
function cachedBy<T>(cache: Map<string, Promise<T>>, load: (path: string) => Promise<T>) {
  return async (path: string, what: string, remedy: string): Promise<T> => {
    await mustExist(path, what, remedy);
    const key = `${path}@${(await stat(path)).mtimeMs}`;
    let entry = cache.get(key);
    if (entry === undefined) {
      entry = load(path);
      cache.set(key, entry);
      entry.catch(() => cache.delete(key));
    }
    return entry;
  };
}

const witnessCalculator = cachedBy(new Map<string, Promise<WitnessCalculator>>(), async (path) =>
  WitnessCalculatorBuilder(await readFile(path)),
);
const provingKey = cachedBy(new Map<string, Promise<ProvingKey>>(), async (path) =>
  readProvingKey(new Uint8Array(await readFile(path)), `proving key ${path}`),
);

/** Runs the circuit's witness calculator; returns the witness as .wtns bytes, in memory. */
export async function computeWitness(wasmPath: string, input: CircuitInput): Promise<Uint8Array> {
  const values = checkedInput(input);
  const calculator = await witnessCalculator(wasmPath, "circuit wasm", "compile the circuit");
  // circom's runtime console.error()s a failed assert before throwing the same text: keep the
  // thrown error only, so callers (the CLI) report one line.
  const consoleError = console.error;
  console.error = () => {};
  try {
    return await calculator.calculateWTNSBin(values, 0);
  } catch (err) {
    throw witnessError(err);
  } finally {
    console.error = consoleError;
  }
}

/**
 * Checks that the circuit accepts `input` (all constraints' asserts hold) without proving:
 * throws "witness generation failed: …" otherwise. For tests and quick checks.
 */
export async function calculateWitness(wasmPath: string, input: CircuitInput): Promise<void> {
  await computeWitness(wasmPath, input);
}

export interface ProveCircuitOptions {
  /**
   * Prove on the calling thread instead of on every core: for N provers on N cores (the
   * service's workers), and required inside a worker thread, where ffjavascript cannot start
   * its own threads.
   */
  singleThread?: boolean;
}

/**
 * Computes the witness (circom wasm) and the Groth16 proof (groth16.ts: snarkjs's algorithm on
 * a key parsed once, reusing the work shared with earlier witnesses). Generic over the circuit:
 * the credit-score wrapper (score.ts) adds the checks specific to CreditScore.
 */
export async function proveCircuit(
  args: { wasmPath: string; zkeyPath: string; input: CircuitInput },
  options: ProveCircuitOptions = {},
): Promise<ProofResult> {
  const t0 = performance.now();
  const witness = await computeWitness(args.wasmPath, args.input);
  const t1 = performance.now();
  const zkey = await provingKey(args.zkeyPath, "proving key", "run the trusted setup");
  const { proof, publicSignals: signals } = await proveGroth16(zkey, witness, {
    singleThread: options.singleThread ?? false,
  });
  const t2 = performance.now();
  return {
    proof,
    publicSignals: signals,
    calldata: toCalldata(proof, signals),
    timings: { witnessMs: t1 - t0, proveMs: t2 - t1 },
  };
}

/** Off-chain Groth16 verification (the same pairing check the Solidity verifier does). */
export async function verifyProof(
  vkey: VerificationKey,
  proof: Groth16Proof,
  publicSignals: readonly bigint[],
): Promise<boolean> {
  if (vkey.protocol !== "groth16") throw new Error("verification key is not a Groth16 key");
  if (vkey.nPublic !== publicSignals.length) {
    throw new Error(
      `verification key expects ${String(vkey.nPublic)} public signals, got ${publicSignals.length}`,
    );
  }
  return groth16.verify(vkey, publicSignals.map(String), proof);
}

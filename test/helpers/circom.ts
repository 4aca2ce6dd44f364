/**
 * Test harness for the circom templates: compile a tiny wrapper main around one template (cached
 * by the hash of everything the compilation reads), compute witnesses with the circuit's wasm, and
 * check a (possibly tampered) witness against the R1CS directly, so tests can show that the
 * constraints themselves, not only the witness generator's asserts, reject a dishonest witness.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { compileCircuit, type CompiledCircuit } from "../../prover/model/circom.js";
import {
  readR1csConstraints,
  type LinearCombination,
  type R1csConstraints as R1cs,
} from "../../prover/proof/r1cs.js";

/**
 * The BN254 scalar field order, the prime of every r1cs circom writes here (loadR1cs checks the
 * header). Spelled out rather than imported so that the checker cannot inherit a wrong constant
 * from the code under test.
 */
export const P = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const CACHE_DIR = path.join(ROOT, ".tmp", "circuits-test");

export interface TestCircuit extends CompiledCircuit {
  /** The wrapper main's source. */
  source: string;
}

/** Input signals by name: numbers, bigints (any integer; reduced mod p) or nested arrays. */
export type CircuitInput = { [signal: string]: bigint | number | CircuitInputArray };
type CircuitInputArray = (bigint | number | CircuitInputArray)[];

/**
 * Source of a wrapper main: includes circuits/<templateFile> and instantiates `instance` (e.g.
 * "Rescale(8, 16)") as main, with the given public inputs.
 */
export function wrapperMain(
  templateFile: string,
  instance: string,
  publics: string[] = [],
): string {
  const pub = publics.length > 0 ? ` {public [${publics.join(", ")}]}` : "";
  return [
    "pragma circom 2.1.9;",
    `include "../../../circuits/${templateFile}";`,
    `component main${pub} = ${instance};`,
    "",
  ].join("\n");
}

const compiled = new Map<string, Promise<TestCircuit>>();

/**
 * Compiles `source` (a main circuit whose includes are relative to .tmp/circuits-test/<hash>/).
 * O1 by default, so intermediate signals keep their wires and tests can tamper with them by
 * name; O2 only substitutes linear constraints away, it does not change which witnesses satisfy
 * the system. Cached in-process and on disk by a hash over the source, every circuits/*.circom,
 * the circom2 and circomlib versions and the options.
 */
export function compileTestCircuit(
  source: string,
  optimization: "O1" | "O2" = "O1",
): Promise<TestCircuit> {
  const run = async (): Promise<TestCircuit> => {
    const key = await cacheKey(source, optimization);
    const dir = path.join(CACHE_DIR, key);
    const marker = path.join(dir, "compiled.json");
    const cached = await readFile(marker, "utf8").catch(() => undefined);
    if (cached !== undefined) return { ...(JSON.parse(cached) as CompiledCircuit), source };
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const mainPath = path.join(dir, "main.circom");
    await writeFile(mainPath, source);
    const result = await compileCircuit(mainPath, dir, { rootDir: ROOT, optimization });
    await writeFile(marker, JSON.stringify(result)); // written last: marks a complete build
    return { ...result, source };
  };
  const key = `${optimization}\n${source}`;
  let pending = compiled.get(key);
  if (pending === undefined) {
    pending = run();
    compiled.set(key, pending);
  }
  return pending;
}

/** Shorthand: compile a wrapper main around one template. */
export function compileTemplate(
  templateFile: string,
  instance: string,
  publics: string[] = [],
): Promise<TestCircuit> {
  return compileTestCircuit(wrapperMain(templateFile, instance, publics));
}

async function cacheKey(source: string, optimization: string): Promise<string> {
  const hash = createHash("sha256").update(`${optimization}\n${source}\n`);
  const circuitsDir = path.join(ROOT, "circuits");
  for (const name of (await readdir(circuitsDir)).filter((f) => f.endsWith(".circom")).sort()) {
    hash.update(`${name}\n`).update(await readFile(path.join(circuitsDir, name)));
  }
  for (const pkg of ["circom2", "circomlib"]) {
    hash.update(await readFile(path.join(ROOT, "node_modules", pkg, "package.json")));
  }
  return hash.digest("hex").slice(0, 24);
}

interface WitnessCalculator {
  calculateWitness(input: CircuitInput, sanityCheck: boolean): Promise<bigint[]>;
}
interface CircomRuntimeModule {
  WitnessCalculatorBuilder(code: Uint8Array): Promise<WitnessCalculator>;
}
const calculators = new Map<string, Promise<WitnessCalculator>>();

/**
 * The full witness (wire values, wire 0 = 1) computed by the circuit's wasm with circom_runtime,
 * the witness calculator snarkjs's `wtns.calculate` runs, kept per circuit: instantiating a
 * multi-megabyte wasm for every witness would dominate the tests' run time.
 */
export async function calculateWitness(
  circuit: TestCircuit,
  input: CircuitInput,
): Promise<bigint[]> {
  let calculator = calculators.get(circuit.wasmPath);
  if (calculator === undefined) {
    // circom_runtime (a snarkjs dependency) ships no types; the interfaces above are the slice used.
    const moduleName = "circom_runtime";
    const { WitnessCalculatorBuilder } = (await import(moduleName)) as CircomRuntimeModule;
    calculator = readFile(circuit.wasmPath).then((code) => WitnessCalculatorBuilder(code));
    calculators.set(circuit.wasmPath, calculator);
  }
  // sanityCheck: every input signal must be given, none unknown.
  return (await calculator).calculateWitness(input, true);
}

/**
 * Asserts that the witness generator finds no witness: one of the circuit's `===` constraints (or
 * an `assert`) fails for the honest `<--` values. `where` must appear in the error (for instance
 * the template name), so a test cannot pass because of an unrelated error such as a misnamed
 * input.
 */
export async function assertNoWitness(
  circuit: TestCircuit,
  input: CircuitInput,
  where: string | RegExp,
): Promise<void> {
  await assert.rejects(calculateWitness(circuit, input), (err: Error) => {
    assert.match(err.message, /Assert Failed/, `unexpected error: ${err.message}`);
    if (typeof where === "string") assert.ok(err.message.includes(where), err.message);
    else assert.match(err.message, where);
    return true;
  });
}

const r1csCache = new Map<string, Promise<R1cs>>();

async function loadR1cs(circuit: TestCircuit): Promise<R1cs> {
  let pending = r1csCache.get(circuit.r1csPath);
  if (pending === undefined) {
    pending = readR1csConstraints(circuit.r1csPath).then((r1cs) => {
      assert.equal(r1cs.prime, P, `${circuit.r1csPath} is not over the BN254 scalar field`);
      return r1cs;
    });
    r1csCache.set(circuit.r1csPath, pending);
  }
  return pending;
}

/**
 * Indices of the constraints A·w * B·w = C·w (mod p) that the witness violates; empty iff the
 * witness satisfies the R1CS. Checked independently of the witness generator.
 */
export async function failingConstraints(
  circuit: TestCircuit,
  witness: bigint[],
): Promise<number[]> {
  const r1cs = await loadR1cs(circuit);
  assert.equal(witness.length, r1cs.nVars, "witness length does not match the r1cs wire count");
  assert.equal(witness[0], 1n, "wire 0 must be the constant 1");
  witness.forEach((v, i) => assert.ok(v >= 0n && v < P, `wire ${i} = ${v} is not in [0, p)`));
  const evaluate = (lc: LinearCombination) => {
    let sum = 0n;
    for (const [wire, coef] of Object.entries(lc)) sum += coef * witness[Number(wire)]!;
    return sum % P;
  };
  const failing: number[] = [];
  r1cs.constraints.forEach(([a, b, c], i) => {
    if ((evaluate(a) * evaluate(b) - evaluate(c)) % P !== 0n) failing.push(i);
  });
  return failing;
}

/** Asserts that the R1CS accepts the witness. */
export async function assertSatisfied(circuit: TestCircuit, witness: bigint[]): Promise<void> {
  assert.deepEqual(await failingConstraints(circuit, witness), [], "the R1CS rejects the witness");
}

/** Asserts that the R1CS rejects the witness (some constraint is violated). */
export async function assertViolated(circuit: TestCircuit, witness: bigint[]): Promise<void> {
  const failing = await failingConstraints(circuit, witness);
  assert.ok(failing.length > 0, "the R1CS accepts the tampered witness");
}

const symCache = new Map<string, Promise<Map<string, number>>>();

/** Signal name (e.g. "main.remainder", "main.range[2].out[0]") → wire index, -1 if optimized out. */
async function wiresByName(circuit: TestCircuit): Promise<Map<string, number>> {
  let pending = symCache.get(circuit.symPath);
  if (pending === undefined) {
    pending = readFile(circuit.symPath, "utf8").then((text) => {
      const map = new Map<string, number>();
      for (const line of text.split("\n")) {
        const [, wire, , name] = line.split(",");
        if (name !== undefined) map.set(name, Number(wire));
      }
      return map;
    });
    symCache.set(circuit.symPath, pending);
  }
  return pending;
}

/** The wire index of a signal; throws if the signal does not exist or has no wire of its own. */
export async function wireOf(circuit: TestCircuit, name: string): Promise<number> {
  const wire = (await wiresByName(circuit)).get(name);
  if (wire === undefined) throw new Error(`no signal ${name} in ${circuit.symPath}`);
  if (wire < 0) throw new Error(`signal ${name} was optimized away (compile with O1 to tamper)`);
  return wire;
}

/** A signal's value in a witness. */
export async function signalValue(
  circuit: TestCircuit,
  witness: bigint[],
  name: string,
): Promise<bigint> {
  return witness[await wireOf(circuit, name)]!;
}

/** A copy of the witness with the named signals set to new values (integers, reduced mod p). */
export async function tamper(
  circuit: TestCircuit,
  witness: bigint[],
  changes: Record<string, bigint>,
): Promise<bigint[]> {
  const out = [...witness];
  for (const [name, value] of Object.entries(changes)) {
    out[await wireOf(circuit, name)] = ((value % P) + P) % P;
  }
  return out;
}

/** Signal assignments writing `value`'s low `n` bits into `<prefix>[0..n-1]` (a Num2Bits output). */
export function bitsOf(prefix: string, value: bigint, n: number): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (let i = 0; i < n; i++) out[`${prefix}[${i}]`] = (value >> BigInt(i)) & 1n;
  return out;
}

/** Stops snarkjs/ffjavascript worker threads, which otherwise keep the test process alive. */
export async function releaseSnarkjs(): Promise<void> {
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
}

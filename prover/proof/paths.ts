/**
 * Where each artifact of a circuit shape lives, relative to the repository root: one place, so
 * compile, setup, prove and the scripts agree. Everything of a shape sits in circuits/build/<shape>/
 * (the compiled circuit next to its keys); the verifier goes to contracts/verifier/.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export interface ShapeArtifacts {
  dir: string;
  /** circom outputs (compileCircuit names them after the generated main.circom). */
  r1cs: string;
  wasm: string;
  sym: string;
  /** Setup outputs. */
  zkey: string;
  vkey: string;
  transcript: string;
}

/** Absolute paths of a shape's artifacts under `root` (default: this repository). */
export function shapeArtifacts(shape: string, root = REPO_ROOT): ShapeArtifacts {
  const dir = join(root, "circuits", "build", shape);
  return {
    dir,
    r1cs: join(dir, "main.r1cs"),
    wasm: join(dir, "main_js", "main.wasm"),
    sym: join(dir, "main.sym"),
    zkey: join(dir, "circuit.zkey"),
    vkey: join(dir, "verification_key.json"),
    transcript: join(dir, "setup.json"),
  };
}

/** The folder of the generated Solidity verifiers. */
export const VERIFIER_DIR = join(REPO_ROOT, "contracts", "verifier");

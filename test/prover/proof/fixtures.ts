/**
 * Small circuits for the setup/prove tests, compiled with circom2 into .tmp/proof-tests/ (circom2
 * can only read below the repository root). Product(n): public (product, offset), private (a, b),
 * constrains product = a·b·a^n + offset with n + 1 multiplications, so n sets the size.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { compileCircuit } from "../../../prover/model/circom.js";
import { REPO_ROOT } from "../../../prover/proof/paths.js";

export const FIXTURE_DIR = join(REPO_ROOT, ".tmp", "proof-tests");
export const HERMEZ_11 = "/work/shared/ptau/powersOfTau28_hez_final_11.ptau";
export const PTAU_DIR = "/work/shared/ptau";
export const DEV_16 = "/work/shared/ptau/pot16_dev_final.ptau";

export interface Fixture {
  r1csPath: string;
  wasmPath: string;
  constraints: number;
}

export async function compileProduct(n: number): Promise<Fixture> {
  const dir = join(FIXTURE_DIR, `product_${n}`);
  await mkdir(dir, { recursive: true });
  const main = join(dir, "product.circom");
  await writeFile(
    main,
    `pragma circom 2.1.9;
template Product(n) {
    signal input product;
    signal input offset;
    signal input a;
    signal input b;
    signal chain[n + 1];
    chain[0] <== a * b;
    for (var i = 0; i < n; i++) chain[i + 1] <== chain[i] * a;
    product === chain[n] + offset;
}
component main {public [product, offset]} = Product(${n});
`,
  );
  const { r1csPath, wasmPath, constraints } = await compileCircuit(main, dir, {
    rootDir: REPO_ROOT,
  });
  return { r1csPath, wasmPath, constraints };
}

/** product for the Product(n) circuit, computed directly (mod nothing: small inputs). */
export function productOf(n: number, a: bigint, b: bigint, offset: bigint): bigint {
  return a * b * a ** BigInt(n) + offset;
}

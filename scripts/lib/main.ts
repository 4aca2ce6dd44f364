/**
 * The shell every script runs in: a connection to the network Hardhat was given (`--network`, or
 * the in-process chain), one-line errors instead of stack traces, and cleanup (snarkjs's worker
 * threads, the connection) so the process exits.
 *
 * `hardhat run` passes no arguments to a script, so options come from ZKCREDIT_* environment
 * variables, read with `option()`.
 */
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { terminateCurves } from "../../prover/index.js";

export async function runScript(
  name: string,
  body: (connection: NetworkConnection) => Promise<void>,
): Promise<void> {
  const connection = await network.create();
  try {
    await body(connection);
  } catch (err) {
    console.error(`\n${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    if (process.env.ZKCREDIT_DEBUG) console.error(err);
    process.exitCode = 1;
  } finally {
    await terminateCurves();
    await connection.close();
  }
}

/** An option from the environment, or its default; `required` options without a value throw. */
export function option(name: string, fallback?: string): string {
  const value = process.env[name];
  if (value !== undefined && value.trim() !== "") return value.trim();
  if (fallback !== undefined) return fallback;
  throw new Error(`set ${name}`);
}

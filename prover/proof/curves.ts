/**
 * snarkjs builds the BN254 curve once per process (globalThis.curve_bn128) with worker threads
 * that keep Node alive. Every entry point that used snarkjs calls this once when it is done.
 */
export async function terminateCurves(): Promise<void> {
  const holder = globalThis as { curve_bn128?: { terminate(): Promise<void> } | null };
  await holder.curve_bn128?.terminate();
}

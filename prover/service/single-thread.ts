/**
 * One proof per core: each prover worker (a worker thread of the embedded queue or of a Redis
 * worker process) proves on its own thread instead of letting snarkjs spread every proof over all
 * cores. With N workers on N cores that is N proofs in parallel without oversubscription, and
 * throughput that scales with workers (a multi-threaded prover already uses every core for one
 * proof, so a second worker would only add contention). It also has to be so: snarkjs's
 * multi-threaded curve spawns its helpers through the `web-worker` package, which cannot start
 * from inside a worker thread ("Worker is not a constructor").
 *
 * snarkjs takes its curve from `globalThis.curve_bn128` when one is there (ffjavascript's
 * buildBn128 returns the cached global unless asked for a single-threaded curve, and snarkjs never
 * asks). Every copy of ffjavascript resets that global to null when its module is first evaluated,
 * and some are loaded lazily (circomlibjs's, on the first signature), so the global is pinned to a
 * single-threaded curve for the life of the thread rather than set once.
 */
import { buildBn128 } from "ffjavascript";

/** Pins a single-threaded BN254 curve as snarkjs's curve in the calling thread (idempotent). */
export async function useSingleThreadedProver(): Promise<void> {
  const holder = globalThis as { zkcreditSingleThreadCurve?: unknown };
  if (holder.zkcreditSingleThreadCurve !== undefined) return;
  const curve = await buildBn128(true);
  holder.zkcreditSingleThreadCurve = curve;
  Object.defineProperty(globalThis, "curve_bn128", {
    configurable: true,
    get: () => curve,
    // ffjavascript's module initialisation and curve.terminate() write null here: keep the curve.
    set: () => {},
  });
}

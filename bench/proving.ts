/**
 * Circuit size and proving speed of the reference model: constraint counts from the committed
 * r1cs, then `runs` witness + prove + verify rounds on real dataset rows (medians reported).
 */
import {
  proveFeatures,
  generateAttestorKey,
  loadScoringModel,
  type ScoringModel,
} from "../prover/index.js";
import { readFile } from "node:fs/promises";
import { buildWitnessInput, computeWitness, verifyProof } from "../prover/proof/index.js";
import { proveGroth16, readProvingKey } from "../prover/proof/groth16.js";
import { countNonLinear, readR1csConstraints } from "../prover/proof/r1cs.js";
import { loadDataset, datasetFeatures } from "../prover/features/dataset.js";
import { stratifiedSplit, DEFAULT_SPLIT_SEED } from "../prover/train/split.js";

export const REFERENCE_MODEL = "data/models/reference/quantized.json";

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Total and non-linear (both A and B non-empty) constraint counts of the compiled circuit. */
export async function constraintCounts(
  model: ScoringModel,
): Promise<{ constraints: number; nonLinearConstraints: number }> {
  const r1cs = await readR1csConstraints(model.artifacts.r1cs);
  return { constraints: r1cs.constraints.length, nonLinearConstraints: countNonLinear(r1cs) };
}

export interface ProvingFigures {
  constraints: number;
  nonLinearConstraints: number;
  witnessMsMedian: number;
  proveMsMedian: number;
  witnessPlusProveMsMedian: number;
  /**
   * The same proofs with no earlier witness to start from (a prover's first proof, or a new model):
   * what snarkjs's groth16.prove costs too. proveMsMedian is the steady state of a prover that has
   * proven with this model before (prover/proof/groth16.ts).
   */
  proveFromScratchMsMedian: number;
  verifyMsMedian: number;
  proofBytes: number;
  publicSignals: number;
  runs: number;
}

export async function benchProving(runs: number): Promise<ProvingFigures> {
  const model = loadScoringModel(REFERENCE_MODEL);
  const key = await generateAttestorKey();
  const rows = datasetFeatures(
    stratifiedSplit(loadDataset(), DEFAULT_SPLIT_SEED).test.slice(0, runs + 1),
  );
  const witness: number[] = [];
  const prove: number[] = [];
  const total: number[] = [];
  const verify: number[] = [];
  const fromScratch: number[] = [];
  const scratchKey = readProvingKey(new Uint8Array(await readFile(model.artifacts.zkey)));
  let proofBytes = 0;
  let publicSignals = 0;
  // Round 0 warms up (wasm compile, curve threads) and is not counted.
  for (let i = 0; i <= runs; i++) {
    const subject = `0x${(i + 1).toString(16).padStart(40, "0")}`;
    const attestedAt = 1_767_225_600n + BigInt(i);
    const features = rows[i]!;
    const p = await proveFeatures({ model, attestorKey: key, subject, attestedAt, features });
    const t0 = performance.now();
    const ok = await verifyProof(model.vkey, p.proof, p.publicSignals);
    const t1 = performance.now();
    if (!ok) throw new Error(`bench: proof ${i} does not verify`);
    if (i === 0) continue;
    const input = await buildWitnessInput({
      model: model.model,
      features,
      subject,
      attestedAt,
      attestation: p.attestation,
    });
    const wtns = await computeWitness(model.artifacts.wasm, input.input);
    const t2 = performance.now();
    await proveGroth16(scratchKey, wtns, { reuse: false });
    fromScratch.push(performance.now() - t2);
    witness.push(p.timings.witnessMs);
    prove.push(p.timings.proveMs);
    total.push(p.timings.witnessMs + p.timings.proveMs);
    verify.push(t1 - t0);
    proofBytes = p.calldata.proof.length * 32;
    publicSignals = p.publicSignals.length;
  }
  return {
    ...(await constraintCounts(model)),
    witnessMsMedian: median(witness),
    proveMsMedian: median(prove),
    witnessPlusProveMsMedian: median(total),
    proveFromScratchMsMedian: median(fromScratch),
    verifyMsMedian: median(verify),
    proofBytes,
    publicSignals,
    runs,
  };
}

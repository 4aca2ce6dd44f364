/**
 * The committed reference circuit computes exactly what the TypeScript integer reference does, on
 * 200 feature vectors: 100 drawn uniformly from the schema's full ranges (extremes included) and
 * 100 real rows of the dataset. The circuit takes the score as a public input and constrains it
 * to what it computes, so a witness exists for the reference's score and for no other.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  attest,
  generateAttestorKey,
  inferInteger,
  loadScoringModel,
  terminateCurves,
  type AttestorKey,
  type ScoringModel,
} from "../../prover/index.js";
import { buildWitnessInput, calculateWitness } from "../../prover/proof/index.js";
import { FEATURE_SCHEMA } from "../../prover/features/schema.js";
import { loadDataset, datasetFeatures } from "../../prover/features/dataset.js";

const REFERENCE = "data/models/reference/quantized.json";
const ATTESTED_AT = 1_767_225_600n; // 2026-01-01T00:00:00Z

/** Uniform in the feature's schema range, with the range ends drawn more often than chance. */
function randomFeature({ min, max }: { min: bigint; max: bigint }): bigint {
  const r = randomBytes(1)[0]!;
  if (r < 16) return min;
  if (r < 32) return max;
  return min + (BigInt(`0x${randomBytes(4).toString("hex")}`) % (max - min + 1n));
}

const randomSubject = (): string => `0x${randomBytes(20).toString("hex")}`;

describe("reference circuit = integer reference", () => {
  let model: ScoringModel;
  let key: AttestorKey;
  let vectors: bigint[][];

  before(async () => {
    model = loadScoringModel(REFERENCE);
    key = await generateAttestorKey();
    const uniform = Array.from({ length: 100 }, () => FEATURE_SCHEMA.features.map(randomFeature));
    const rows = loadDataset();
    const picked = Array.from({ length: 100 }, (_, i) => rows[(i * 7919) % rows.length]!);
    vectors = [...uniform, ...datasetFeatures(picked)];
  });
  after(() => terminateCurves());

  async function witnessFor(features: bigint[], scoreDelta = 0n): Promise<bigint> {
    const subject = randomSubject();
    const attestation = await attest({ key, subject, attestedAt: ATTESTED_AT, features });
    const w = await buildWitnessInput({
      model: model.model,
      features,
      subject,
      attestedAt: ATTESTED_AT,
      attestation,
    });
    // The score sits at bit 224 of the packed public claim (prover/proof/calldata.ts).
    const input = {
      ...w.input,
      packedClaim: (w.input.packedClaim as bigint) + (scoreDelta << 224n),
    };
    await calculateWitness(model.artifacts.wasm, input);
    return w.claim.score;
  }

  it("accepts the reference score on 200 vectors and only it", async () => {
    const scores = new Set<bigint>();
    for (const [i, features] of vectors.entries()) {
      const expected = inferInteger(model.model, features).score;
      assert.equal(await witnessFor(features), expected, `vector ${i}`);
      scores.add(expected);
      if (i % 10 === 0) {
        for (const delta of [-1n, 1n]) {
          await assert.rejects(
            witnessFor(features, delta),
            /witness generation failed/,
            `vector ${i} ${delta}`,
          );
        }
      }
    }
    // Uniform extremes reach both clamps; real rows spread between: the test saw many scores.
    assert.ok(scores.size > 50, `only ${scores.size} distinct scores`);
  });
});

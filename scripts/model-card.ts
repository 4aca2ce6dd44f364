/**
 * `npm run model-card`: evaluates the reference model on its held-out test split three ways
 * (float ONNX, quantized integer reference, real Groth16 proofs on a sample) and writes
 * docs/model-card/{README.md, metrics.json, roc.svg, score-histogram.svg, calibration.svg}.
 *
 *   npm run model-card                      50 proved rows
 *   npm run model-card -- --rows 10         a reduced run (CI)
 *   options: --rows N  --model-dir DIR  --out DIR
 *
 * Needs the shape's compiled circuit and keys in circuits/build/<shape>/ (zkcredit compile, setup).
 * Progress goes to stderr.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_TIERS } from "../ignition/modules/Lending.js";
import { generateAttestorKey } from "../prover/attest/index.js";
import { datasetFeatures, loadDataset } from "../prover/features/dataset.js";
import {
  FEATURE_SCHEMA,
  FEATURE_SCHEMA_ID,
  PROTECTED_ATTRIBUTES,
  featureNames,
} from "../prover/features/schema.js";
import {
  MIN_SCORE,
  MAX_SCORE,
  floatScore,
  floatScoreUnrounded,
  inferInteger,
  integerScoreUnrounded,
  loadQuantizedModel,
  modelCommitment,
  runFloat,
  scorecardConstants,
  shapeTag,
  type QuantizedModel,
} from "../prover/model/index.js";
import {
  REPO_ROOT,
  readCircuitInfo,
  shapeArtifacts,
  terminateCurves,
  type VerificationKey,
} from "../prover/proof/index.js";
import {
  calibrationChart,
  cardMetrics,
  evaluateWay,
  histogramChart,
  loadTrainingReport,
  median,
  proofSample,
  proveRows,
  renderModelCard,
  rocChart,
  rocCurve,
  scoreAgreement,
  scoreDefaultProbability,
  type Label,
  type ModelCardData,
  type TrainingReport,
  type WayInput,
} from "../prover/report/index.js";
import { rocAuc } from "../prover/train/metrics.js";
import { stratifiedSplit } from "../prover/train/split.js";

/**
 * The trainer's sweep of the test AUC over other split seeds with the reference settings
 * (issue 3 training notes; .tmp/train/splits.ts at the time): quoted in the card, not recomputed,
 * because retraining per seed takes minutes each.
 */
const SPLIT_SEED_SWEEP = { min: 0.756, max: 0.784, mean: 0.778 };

/** Seed of the proved sample's draw: fixed, so every run proves the same rows. */
const SAMPLE_SEED = 1;

/** The attestations' date: 2005-10-01 UTC, the month the dataset's label looks at. */
const ATTESTED_AT = 1128124800n;

/** Histogram bins: 25 points wide over the whole score range. */
const HISTOGRAM = { min: MIN_SCORE, max: MAX_SCORE, width: 25 };

const CHARTS = {
  roc: "roc.svg",
  histogram: "score-histogram.svg",
  calibration: "calibration.svg",
};

const note = (line: string): void => void process.stderr.write(`${line}\n`);
const shown = (p: string): string => relative(REPO_ROOT, p) || ".";

function options(): { rows: number; modelDir: string; outDir: string } {
  const { values } = parseArgs({
    options: {
      rows: { type: "string", default: "50" },
      "model-dir": { type: "string", default: "data/models/reference" },
      out: { type: "string", default: "docs/model-card" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    note("usage: npm run model-card [-- --rows N --model-dir DIR --out DIR]");
    process.exit(0);
  }
  if (!/^[0-9]+$/.test(values.rows) || Number(values.rows) < 10) {
    throw new Error(
      `--rows must be an integer ≥ 10 (one per calibration decile), got "${values.rows}"`,
    );
  }
  return {
    rows: Number(values.rows),
    modelDir: resolve(REPO_ROOT, values["model-dir"]),
    outDir: resolve(REPO_ROOT, values.out),
  };
}

/** The tier cutoffs a score is compared with: every tier's minimum above the lowest score. */
function tierCutoffs(): { cutoffs: number[]; source: string } {
  const cutoffs = DEFAULT_TIERS.map((t) => t.minScore).filter((s) => s > MIN_SCORE);
  if (cutoffs.length === 0)
    throw new Error("ignition/modules/Lending.ts DEFAULT_TIERS has no cutoff above 300");
  return { cutoffs, source: "`DEFAULT_TIERS` in ignition/modules/Lending.ts" };
}

/** Checks that the data, the split and the model are the ones the training report names. */
function checkProvenance(t: TrainingReport, q: QuantizedModel, datasetPath: string): void {
  const sha = createHash("sha256").update(readFileSync(datasetPath)).digest("hex");
  if (sha !== t.dataset.sha256) {
    throw new Error(
      `${shown(datasetPath)}: sha256 ${sha} is not the training report's ${t.dataset.sha256}`,
    );
  }
  if (t.featureSchema !== FEATURE_SCHEMA_ID || q.shape.featureSchema !== FEATURE_SCHEMA_ID) {
    throw new Error(
      `feature schema mismatch: training report "${t.featureSchema}", model "${q.shape.featureSchema}", schema "${FEATURE_SCHEMA_ID}"`,
    );
  }
  if (t.features.join(",") !== featureNames().join(",")) {
    throw new Error(
      `training report features [${t.features}] differ from the schema's [${featureNames()}]`,
    );
  }
}

function readVerificationKey(path: string): VerificationKey {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as VerificationKey;
  } catch (e) {
    throw new Error(`verification key ${shown(path)}: ${(e as Error).message}`);
  }
}

function readSetup(path: string): ModelCardData["setup"] {
  if (!existsSync(path)) return null;
  const s = JSON.parse(readFileSync(path, "utf8")) as {
    ptau?: { file?: string; production?: boolean; power?: number };
    phase2?: { contributions?: unknown[] };
  };
  if (typeof s.ptau?.file !== "string" || typeof s.ptau.power !== "number") {
    throw new Error(`${shown(path)}: "ptau.file" / "ptau.power" missing`);
  }
  return {
    ptau: s.ptau.file,
    production: s.ptau.production === true,
    power: s.ptau.power,
    contributions: s.phase2?.contributions?.length ?? 0,
  };
}

async function main(): Promise<void> {
  const o = options();
  const t0 = performance.now();
  const stage = (s: string): void =>
    note(`[model-card ${((performance.now() - t0) / 1000).toFixed(1)}s] ${s}`);

  stage(`reading ${shown(o.modelDir)}`);
  const training = loadTrainingReport(join(o.modelDir, "training.json"));
  const model = loadQuantizedModel(join(o.modelDir, "quantized.json"));
  const onnxPath = join(o.modelDir, training.onnx.file);
  const datasetPath = resolve(REPO_ROOT, training.dataset.file);
  checkProvenance(training, model, datasetPath);
  const artifacts = shapeArtifacts(model.shape.name);
  for (const [what, path] of [
    ["witness calculator", artifacts.wasm],
    ["proving key", artifacts.zkey],
    ["verification key", artifacts.vkey],
    ["compiled circuit", artifacts.r1cs],
  ] as const) {
    if (!existsSync(path)) {
      throw new Error(
        `${what} ${shown(path)} is missing: compile and set up shape ${model.shape.name} first (zkcredit compile, zkcredit setup)`,
      );
    }
  }

  stage(`splitting ${shown(datasetPath)} with seed ${training.split.seed}`);
  const rows = loadDataset(datasetPath);
  const f = training.split.fractions;
  const split = stratifiedSplit(rows, training.split.seed, {
    train: f.train,
    validation: f.validation,
  });
  if (split.hash !== training.split.hash) {
    throw new Error(
      `split hash ${split.hash} differs from the training report's ${training.split.hash}`,
    );
  }
  const test = split.test;
  const labels: Label[] = test.map((r) => r.label);
  const features = datasetFeatures(test);

  stage(`float ONNX on ${test.length} test rows (onnxruntime)`);
  const card = model.shape.scorecard;
  const float = await runFloat(
    onnxPath,
    features.map((r) => r.map(Number)),
  );
  const floatScores = float.logits.map((z) => floatScore(z, card));

  stage(`integer reference on ${test.length} test rows`);
  const inference = features.map((x) => inferInteger(model, x));
  const intScores = inference.map((r) => Number(r.score));
  const logitFrac = model.shape.layers[model.shape.layers.length - 1]!.outFrac;
  const intLogits = inference.map((r) => Number(r.logitQ) / 2 ** logitFrac);
  const maxUnroundedDiff = Math.max(
    ...inference.map((r, i) =>
      Math.abs(integerScoreUnrounded(card, r.logitQ) - floatScoreUnrounded(float.logits[i]!, card)),
    ),
  );

  const tiers = tierCutoffs();
  const evalOptions = { cutoffs: tiers.cutoffs, histogram: HISTOGRAM };
  const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
  const negate = (xs: readonly number[]): number[] => xs.map((s) => -s);
  const floatWay: WayInput = {
    scores: floatScores,
    risk: float.probabilities,
    pd: float.probabilities,
    labels,
  };
  const quantWay: WayInput = {
    scores: intScores,
    risk: negate(intScores),
    pd: intLogits.map(sigmoid),
    labels,
  };

  const sample = proofSample(test, o.rows, SAMPLE_SEED);
  const indexOf = new Map(test.map((r, i) => [r.id, i]));
  const sampleIdx = sample.map((r) => indexOf.get(r.id)!);
  stage(
    `proving ${sample.length} test rows (${sample.filter((r) => r.label === 1).length} defaulters) with ${shown(artifacts.zkey)}`,
  );
  const proved = await proveRows({
    model,
    rows: sampleIdx.map((i) => ({
      id: test[i]!.id,
      label: test[i]!.label,
      features: features[i]!,
    })),
    wasmPath: artifacts.wasm,
    zkeyPath: artifacts.zkey,
    vkey: readVerificationKey(artifacts.vkey),
    attestor: await generateAttestorKey(),
    attestedAt: ATTESTED_AT,
    onProgress: (done, total, r) =>
      stage(
        `  proof ${done}/${total}: row ${r.id} score ${r.score} = reference, prove ${Math.round(r.proveMs)} ms, verified`,
      ),
  });
  const provedScores = proved.map((r) => r.score);
  const sampleLabels = proved.map((r) => r.label);
  const circuitWay: WayInput = {
    scores: provedScores,
    risk: negate(provedScores),
    pd: provedScores.map((s) => scoreDefaultProbability(s, card)),
    labels: sampleLabels,
  };

  stage("metrics and charts");
  const evaluated = {
    float: evaluateWay(floatWay, evalOptions),
    quantized: evaluateWay(quantWay, evalOptions),
    circuit: evaluateWay(circuitWay, { ...evalOptions, bins: Math.min(10, proved.length) }),
  };
  const { factor, offset } = scorecardConstants(card);
  const data: ModelCardData = {
    modelDir: shown(o.modelDir),
    training,
    split: {
      seed: training.split.seed,
      hash: split.hash,
      sizes: { train: split.train.length, validation: split.validation.length, test: test.length },
    },
    splitSeedSweep: SPLIT_SEED_SWEEP,
    schemaId: FEATURE_SCHEMA_ID,
    features: FEATURE_SCHEMA.features,
    protectedAttributes: PROTECTED_ATTRIBUTES,
    shape: model.shape,
    scorecard: { factor, offset, logitFrac },
    constraints: (await readCircuitInfo(artifacts.r1cs)).nConstraints,
    setup: readSetup(artifacts.transcript),
    commitment: modelCommitment(model),
    shapeTag: shapeTag(model.shape),
    tiers,
    ...evaluated,
    floatScoreAuc: rocAuc(negate(floatScores), labels),
    quantizedLogitAuc: rocAuc(intLogits, labels),
    sample: {
      seed: SAMPLE_SEED,
      aucFloat: rocAuc(
        sampleIdx.map((i) => float.probabilities[i]!),
        sampleLabels,
      ),
      aucQuantized: rocAuc(
        sampleIdx.map((i) => -intScores[i]!),
        sampleLabels,
      ),
      aucCircuit: evaluated.circuit.auc,
    },
    agreement: scoreAgreement(intScores, floatScores),
    maxUnroundedDiff,
    proofs: {
      rows: proved,
      attestedAt: ATTESTED_AT,
      proveMsMedian: median(proved.map((r) => r.proveMs)),
      witnessMsMedian: median(proved.map((r) => r.witnessMs)),
      verifyMsMedian: median(proved.map((r) => r.verifyMs)),
    },
    charts: CHARTS,
  };

  mkdirSync(o.outDir, { recursive: true });
  const write = (name: string, text: string): void => {
    writeFileSync(join(o.outDir, name), text);
    stage(`wrote ${shown(join(o.outDir, name))}`);
  };
  write(
    CHARTS.roc,
    rocChart([
      {
        id: "float",
        label: `float ONNX (AUC ${data.float.auc.toFixed(4)})`,
        color: "#1f77b4",
        data: rocCurve(float.probabilities, labels),
      },
      {
        id: "quantized",
        label: `quantized score (AUC ${data.quantized.auc.toFixed(4)})`,
        color: "#d62728",
        dashed: true,
        data: rocCurve(negate(intScores), labels),
      },
    ]),
  );
  write(CHARTS.histogram, histogramChart(data.quantized.histogram, tiers.cutoffs));
  write(
    CHARTS.calibration,
    calibrationChart([
      { id: "float", label: "float ONNX", color: "#1f77b4", data: data.float.calibration },
      {
        id: "quantized",
        label: "quantized",
        color: "#d62728",
        dashed: true,
        data: data.quantized.calibration,
      },
      {
        id: "circuit",
        label: `circuit (${proved.length} rows)`,
        color: "#2ca02c",
        markersOnly: true,
        data: data.circuit.calibration,
      },
    ]),
  );
  write("README.md", renderModelCard(data));
  const m = cardMetrics(data);
  write("metrics.json", `${JSON.stringify(m, null, 2)}\n`);
  note(
    `aucFloat ${m.aucFloat}, aucQuantized ${m.aucQuantized}, aucCircuit ${m.aucCircuit} (float on sample ${m.aucFloatOnSample}), maxScoreDiffPoints ${m.maxScoreDiffPoints}, within 1 point ${m.fractionWithin1Point}`,
  );
}

try {
  await main();
} catch (err) {
  process.stderr.write(`model-card: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await terminateCurves();
}

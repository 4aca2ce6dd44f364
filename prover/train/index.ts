/**
 * Training pipeline of the reference credit model: dataset → schema features → stratified split
 * → MLP → ONNX (standardisation folded in, so it reads the raw integer features) → check under
 * onnxruntime-node against the in-memory model → `model.onnx` and `training.json` in `outDir`.
 * AUCs in the report are those of the exported file, the artefact everything downstream uses.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  DEFAULT_DATASET_PATH,
  datasetFeatures,
  loadDataset,
  type DatasetRow,
} from "../features/dataset.js";
import { FEATURE_SCHEMA, featureNames } from "../features/schema.js";
import { rocAuc } from "./metrics.js";
import { foldNormalisation, trainMlp, type EpochProgress } from "./mlp.js";
import {
  encodeOnnx,
  INPUT_NAME,
  ONNX_IR_VERSION,
  ONNX_OPSET,
  OUTPUT_NAME,
  runOnnx,
} from "./onnx.js";
import { DEFAULT_FRACTIONS, DEFAULT_SPLIT_SEED, stratifiedSplit } from "./split.js";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface TrainOptions {
  /** Seeds the weight initialisation and the batch order. */
  seed: number;
  /** Where model.onnx and training.json are written (created if missing). */
  outDir: string;
  /** Seeds the data split; keep the default so every model is tested on the same rows. */
  splitSeed?: number;
  /** Upper bound on epochs (early stopping on validation AUC usually ends sooner). */
  maxEpochs?: number;
  patience?: number;
  hidden?: number[];
  batchSize?: number;
  learningRate?: number;
  datasetPath?: string;
  /** Progress lines (one per epoch and per stage). */
  log?: (line: string) => void;
}

interface PartSummary {
  rows: number;
  defaults: number;
}

export interface TrainingReport {
  generatedBy: string;
  featureSchema: string;
  features: string[];
  dataset: { file: string; sha256: string; rows: number; defaults: number };
  split: {
    seed: number;
    fractions: { train: number; validation: number; test: number };
    hash: string;
    train: PartSummary;
    validation: PartSummary;
    test: PartSummary;
  };
  model: { architecture: string; activations: string[]; library: string };
  training: {
    seed: number;
    optimizer: string;
    learningRate: number;
    batchSize: number;
    maxEpochs: number;
    patience: number;
    epochsRun: number;
    bestEpoch: number;
    seconds: number;
    history: EpochProgress[];
  };
  /** ROC AUC of the exported ONNX model (onnxruntime-node) on each part. */
  auc: { train: number; validation: number; test: number };
  onnx: {
    file: string;
    bytes: number;
    sha256: string;
    opset: number;
    irVersion: number;
    input: string;
    output: string;
    /** max |p_onnx − p_trainer| over the test split (float32 export vs the in-memory model). */
    maxAbsDiffVsTrainer: number;
  };
}

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const summary = (rows: readonly DatasetRow[]): PartSummary => ({
  rows: rows.length,
  defaults: rows.filter((r) => r.label === 1).length,
});

/** Trains, exports and checks one model; returns (and writes) its report. */
export async function trainCreditModel(options: TrainOptions): Promise<TrainingReport> {
  const log = options.log ?? (() => {});
  const datasetPath = options.datasetPath ?? DEFAULT_DATASET_PATH;
  const splitSeed = options.splitSeed ?? DEFAULT_SPLIT_SEED;
  const hidden = options.hidden ?? [16, 8];
  const hyper = {
    maxEpochs: options.maxEpochs ?? 200,
    patience: options.patience ?? 15,
    batchSize: options.batchSize ?? 512,
    learningRate: options.learningRate ?? 0.003,
  };

  const rows = loadDataset(datasetPath);
  const split = stratifiedSplit(rows, splitSeed);
  log(
    `dataset ${rows.length} rows; split ${split.train.length}/${split.validation.length}/${split.test.length} (${split.hash.slice(0, 12)}…)`,
  );
  const examples = (part: readonly DatasetRow[]) => ({
    features: datasetFeatures(part).map((v) => v.map(Number)),
    labels: part.map((r) => r.label),
  });
  const [train, validation, test] = [
    examples(split.train),
    examples(split.validation),
    examples(split.test),
  ];

  const started = performance.now();
  const trained = await trainMlp(train, validation, {
    hidden,
    seed: options.seed,
    ...hyper,
    onEpoch: (p) =>
      log(
        `epoch ${p.epoch}: loss ${p.loss.toFixed(4)}, validation AUC ${p.validationAuc.toFixed(4)} (best epoch ${p.bestEpoch})`,
      ),
  });
  const seconds = (performance.now() - started) / 1000;

  try {
    const nFeatures = FEATURE_SCHEMA.features.length;
    const architecture = [nFeatures, ...hidden, 1].join("-");
    const bytes = encodeOnnx(foldNormalisation(trained), {
      featureSchema: FEATURE_SCHEMA.id,
      description: `zkcredit reference credit model ${architecture}: P(default) from ${FEATURE_SCHEMA.id} features`,
      metadata: { "zkcredit.train_seed": String(options.seed), "zkcredit.split_hash": split.hash },
    });
    const [pTrain, pValidation, pTest] = await Promise.all(
      [train, validation, test].map((e) => runOnnx(bytes, e.features)),
    );
    const expected = trained.predict(test.features);
    const maxAbsDiff = pTest!.reduce((m, p, i) => Math.max(m, Math.abs(p - expected[i]!)), 0);
    if (!(maxAbsDiff < 1e-4)) {
      throw new Error(
        `exported ONNX disagrees with the trained model: max |diff| ${maxAbsDiff} on the test split`,
      );
    }

    const report: TrainingReport = {
      generatedBy: "npm run train (scripts/train.ts) — do not edit",
      featureSchema: FEATURE_SCHEMA.id,
      features: featureNames(),
      dataset: {
        file: relative(REPO_ROOT, datasetPath),
        sha256: sha256(readFileSync(datasetPath)),
        rows: rows.length,
        defaults: summary(rows).defaults,
      },
      split: {
        seed: splitSeed,
        fractions: {
          ...DEFAULT_FRACTIONS,
          test: round6(1 - DEFAULT_FRACTIONS.train - DEFAULT_FRACTIONS.validation),
        },
        hash: split.hash,
        train: summary(split.train),
        validation: summary(split.validation),
        test: summary(split.test),
      },
      model: {
        architecture,
        activations: [...hidden.map(() => "relu"), "sigmoid"],
        library: "@tensorflow/tfjs-layers 4 (pure-JS CPU backend), float32",
      },
      training: {
        seed: options.seed,
        optimizer: "adam, binary cross-entropy, early stopping on validation AUC",
        ...hyper,
        epochsRun: trained.epochsRun,
        bestEpoch: trained.bestEpoch,
        seconds: Math.round(seconds * 10) / 10,
        history: trained.history.map((h) => ({
          ...h,
          loss: round6(h.loss),
          validationAuc: round6(h.validationAuc),
        })),
      },
      auc: {
        train: rocAuc(pTrain!, train.labels),
        validation: rocAuc(pValidation!, validation.labels),
        test: rocAuc(pTest!, test.labels),
      },
      onnx: {
        file: "model.onnx",
        bytes: bytes.length,
        sha256: sha256(bytes),
        opset: ONNX_OPSET,
        irVersion: ONNX_IR_VERSION,
        input: INPUT_NAME,
        output: OUTPUT_NAME,
        maxAbsDiffVsTrainer: maxAbsDiff,
      },
    };
    mkdirSync(options.outDir, { recursive: true });
    writeFileSync(join(options.outDir, "model.onnx"), bytes);
    writeFileSync(join(options.outDir, "training.json"), `${JSON.stringify(report, null, 2)}\n`);
    return report;
  } finally {
    trained.dispose();
  }
}

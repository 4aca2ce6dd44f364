/**
 * Reads the trainer's report (data/models/<name>/training.json, written by `npm run train`): the
 * fields the model card shows, each checked so that a missing or mistyped field is named.
 */
import { readFileSync } from "node:fs";
import type { TrainingReport as TrainerReport } from "../train/index.js";

/** The fields of the trainer's report (prover/train) that the card reads; checked on load below. */
export type TrainingReport = Omit<TrainerReport, "generatedBy" | "training" | "onnx"> & {
  training: Omit<TrainerReport["training"], "history">;
  onnx: Omit<TrainerReport["onnx"], "irVersion" | "maxAbsDiffVsTrainer">;
};

type Kind = "number" | "string" | "string[]";

/** Every field the card reads, by dotted path, with its type. */
const FIELDS: readonly [string, Kind][] = [
  ["featureSchema", "string"],
  ["features", "string[]"],
  ...(["file", "sha256"].map((k) => [`dataset.${k}`, "string"]) as [string, Kind][]),
  ["dataset.rows", "number"],
  ["dataset.defaults", "number"],
  ["split.seed", "number"],
  ["split.fractions.train", "number"],
  ["split.fractions.validation", "number"],
  ["split.fractions.test", "number"],
  ["split.hash", "string"],
  ...(["train", "validation", "test"].flatMap((p) => [
    [`split.${p}.rows`, "number"],
    [`split.${p}.defaults`, "number"],
  ]) as [string, Kind][]),
  ["model.architecture", "string"],
  ["model.activations", "string[]"],
  ["model.library", "string"],
  ["training.optimizer", "string"],
  ...([
    "seed",
    "maxEpochs",
    "patience",
    "batchSize",
    "learningRate",
    "epochsRun",
    "bestEpoch",
    "seconds",
  ].map((k) => [`training.${k}`, "number"]) as [string, Kind][]),
  ["auc.train", "number"],
  ["auc.validation", "number"],
  ["auc.test", "number"],
  ["onnx.file", "string"],
  ["onnx.bytes", "number"],
  ["onnx.sha256", "string"],
  ["onnx.opset", "number"],
  ["onnx.input", "string"],
  ["onnx.output", "string"],
];

/** Checks the parsed JSON; `source` names the file in errors. */
export function parseTrainingReport(json: unknown, source = "training report"): TrainingReport {
  for (const [path, kind] of FIELDS) {
    let v: unknown = json;
    for (const key of path.split(".")) {
      v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[key] : undefined;
    }
    const ok =
      kind === "number"
        ? typeof v === "number" && Number.isFinite(v)
        : kind === "string"
          ? typeof v === "string"
          : Array.isArray(v) && v.every((s) => typeof s === "string");
    if (!ok)
      throw new Error(`${source}: field "${path}" must be a ${kind}, found ${JSON.stringify(v)}`);
  }
  return json as TrainingReport;
}

export function loadTrainingReport(path: string): TrainingReport {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`cannot read training report ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`training report ${path}: not valid JSON`);
  }
  return parseTrainingReport(json, path);
}

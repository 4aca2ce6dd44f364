import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import onnxProto from "onnx-proto";
import {
  DEFAULT_DATASET_PATH,
  datasetFeatures,
  loadDataset,
} from "../../../prover/features/dataset.js";
import { FEATURE_SCHEMA_ID, SCHEMA_METADATA_KEY } from "../../../prover/features/schema.js";
import { trainCreditModel, type TrainingReport } from "../../../prover/train/index.js";
import { rocAuc } from "../../../prover/train/metrics.js";
import {
  forwardDense,
  foldNormalisation,
  trainMlp,
  type Examples,
} from "../../../prover/train/mlp.js";
import { encodeOnnx, runOnnx } from "../../../prover/train/onnx.js";
import { stratifiedSplit } from "../../../prover/train/split.js";

const { onnx } = onnxProto;

/** The first 600 rows of the real dataset: enough for a tiny model, fast enough for a test. */
const SMALL_CSV = (() => {
  const lines = readFileSync(DEFAULT_DATASET_PATH, "utf8").split(/\r?\n/);
  const file = join(mkdtempSync(join(tmpdir(), "zkcredit-train-")), "small.csv");
  writeFileSync(file, `${lines.slice(0, 601).join("\n")}\n`);
  return file;
})();

function examplesOf(rows: ReturnType<typeof loadDataset>): Examples {
  return {
    features: datasetFeatures(rows).map((v) => v.map(Number)),
    labels: rows.map((r) => r.label),
  };
}

const SMALL = (() => {
  const split = stratifiedSplit(loadDataset(SMALL_CSV), 5);
  return {
    train: examplesOf(split.train),
    validation: examplesOf(split.validation),
    test: examplesOf(split.test),
  };
})();

const TINY = { hidden: [16, 8], maxEpochs: 4, patience: 4, batchSize: 64, learningRate: 0.01 };
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number =>
  Array.from(a).reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);

describe("training and ONNX export", () => {
  it("exports an ONNX model that onnxruntime runs and that matches the trainer", async () => {
    const trained = await trainMlp(SMALL.train, SMALL.validation, { ...TINY, seed: 3 });
    try {
      const folded = foldNormalisation(trained);
      const bytes = encodeOnnx(folded, { featureSchema: FEATURE_SCHEMA_ID });
      const fromOnnx = await runOnnx(bytes, SMALL.test.features);
      const fromTrainer = trained.predict(SMALL.test.features);
      assert.equal(fromOnnx.length, SMALL.test.features.length);
      assert.ok(
        maxAbsDiff(fromOnnx, fromTrainer) < 1e-5,
        `max diff ${maxAbsDiff(fromOnnx, fromTrainer)}`,
      );
      // Folding is exact algebra: the folded net on raw rows equals the net on standardised rows.
      const standardised = SMALL.test.features.map((r) =>
        r.map((x, i) => (x - trained.mean[i]!) / trained.std[i]!),
      );
      const folding = maxAbsDiff(
        forwardDense(folded, SMALL.test.features),
        forwardDense(trained.layers, standardised),
      );
      assert.ok(folding < 1e-12, `folding diff ${folding}`);
    } finally {
      trained.dispose();
    }
  });

  it("writes plain Gemm/Relu/Sigmoid at opset 13 with the schema id", async () => {
    const trained = await trainMlp(SMALL.train, SMALL.validation, {
      ...TINY,
      maxEpochs: 1,
      seed: 4,
    });
    const bytes = encodeOnnx(foldNormalisation(trained), { featureSchema: FEATURE_SCHEMA_ID });
    trained.dispose();
    const model = onnx.ModelProto.decode(bytes);
    const graph = model.graph;
    assert.ok(graph, "the model has a graph");
    assert.deepEqual(
      (graph.node ?? []).map((n) => n.opType),
      ["Gemm", "Relu", "Gemm", "Relu", "Gemm", "Sigmoid"],
    );
    assert.equal(Number(model.opsetImport[0]?.version), 13);
    const [input] = graph.input ?? [];
    assert.equal(input?.name, "features");
    assert.equal(Number(input?.type?.tensorType?.shape?.dim?.[1]?.dimValue), 19);
    assert.equal(graph.output?.[0]?.name, "default_probability");
    assert.deepEqual(
      (graph.initializer ?? []).map((t) => (t.dims ?? []).map(Number)),
      [[16, 19], [16], [8, 16], [8], [1, 8], [1]],
    );
    assert.equal(
      model.metadataProps.find((p) => p.key === SCHEMA_METADATA_KEY)?.value,
      FEATURE_SCHEMA_ID,
    );
  });

  it("refuses non-finite weights and wrong shapes, naming the layer", () => {
    const layer = (rows: number, cols: number, activation: "relu" | "sigmoid", w = 0.1) => ({
      weights: Array.from({ length: rows }, () => Array(cols).fill(w) as number[]),
      biases: Array(rows).fill(0) as number[],
      activation,
    });
    const nan = [layer(2, 3, "relu"), layer(1, 2, "sigmoid", NaN)];
    assert.throws(
      () => encodeOnnx(nan, { featureSchema: "x" }),
      /layer 1 weight \[0\]\[0\] is NaN/,
    );
    const mismatch = [layer(2, 3, "relu"), layer(1, 4, "sigmoid")];
    assert.throws(
      () => encodeOnnx(mismatch, { featureSchema: "x" }),
      /layer 1 row 0 has 4 inputs, expected 2/,
    );
  });

  it("is reproducible from its seed", async () => {
    const run = async (seed: number) => {
      const t = await trainMlp(SMALL.train, SMALL.validation, { ...TINY, maxEpochs: 2, seed });
      t.dispose();
      return t.layers;
    };
    const [a, b, c] = [await run(11), await run(11), await run(12)];
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it("trains end to end: writes model.onnx and a report whose AUC the file reproduces", async () => {
    const outDir = mkdtempSync(join(tmpdir(), "zkcredit-model-"));
    const report = await trainCreditModel({
      seed: 5,
      outDir,
      datasetPath: SMALL_CSV,
      ...TINY,
      splitSeed: 5,
    });
    const bytes = readFileSync(join(outDir, "model.onnx"));
    assert.equal(report.onnx.sha256, createHash("sha256").update(bytes).digest("hex"));
    assert.equal(report.onnx.bytes, bytes.length);
    assert.deepEqual(JSON.parse(readFileSync(join(outDir, "training.json"), "utf8")), report);
    assert.equal(report.dataset.rows, 600);
    assert.equal(
      report.split.test.rows + report.split.validation.rows + report.split.train.rows,
      600,
    );
    const p = await runOnnx(bytes, SMALL.test.features);
    assert.equal(rocAuc(p, SMALL.test.labels), report.auc.test);
    assert.ok(report.onnx.maxAbsDiffVsTrainer < 1e-5);
  });
});

describe("committed models (data/models)", () => {
  const rows = loadDataset();
  for (const name of ["reference", "alt"]) {
    it(`${name}: the report's split, file hash and test AUC are what the code reproduces`, async () => {
      const dir = new URL(`../../../data/models/${name}/`, import.meta.url);
      const report = JSON.parse(
        readFileSync(new URL("training.json", dir), "utf8"),
      ) as TrainingReport;
      const bytes = readFileSync(new URL("model.onnx", dir));
      assert.equal(createHash("sha256").update(bytes).digest("hex"), report.onnx.sha256);
      const split = stratifiedSplit(rows, report.split.seed);
      assert.equal(split.hash, report.split.hash);
      const test = examplesOf(split.test);
      const auc = rocAuc(await runOnnx(bytes, test.features), test.labels);
      assert.ok(
        Math.abs(auc - report.auc.test) < 1e-12,
        `test AUC ${auc} vs report ${report.auc.test}`,
      );
      assert.ok(auc >= 0.77, `test AUC ${auc} below the 0.77 target`);
    });
  }
});

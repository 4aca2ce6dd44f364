import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FEATURE_SCHEMA, PROTECTED_ATTRIBUTES } from "../../../prover/features/schema.js";
import { MAX_SCORE, MIN_SCORE, scorecardSpec } from "../../../prover/model/scorecard.js";
import type { CircuitShape } from "../../../prover/model/types.js";
import {
  GENERATED_HEADER,
  renderModelCard,
  type ModelCardData,
} from "../../../prover/report/card.js";
import { evaluateWay, scoreAgreement } from "../../../prover/report/evaluate.js";
import { cardMetrics } from "../../../prover/report/metrics-json.js";
import type { TrainingReport } from "../../../prover/report/training-report.js";
import { seededRandom } from "../../../prover/train/random.js";

const random = seededRandom(9);
const n = 400;
const risk = Array.from({ length: n }, () => random());
const labels = risk.map((r) => (random() < r * 0.5 ? 1 : 0) as 0 | 1);
const scores = risk.map((r) => Math.round(MAX_SCORE - r * (MAX_SCORE - MIN_SCORE)));
const options = { cutoffs: [580, 670, 740, 800], histogram: { min: 300, max: 850, width: 25 } };
const way = (k: number) =>
  evaluateWay(
    {
      scores: scores.slice(0, k),
      risk: risk.slice(0, k),
      pd: risk.slice(0, k).map((r) => r * 0.5),
      labels: labels.slice(0, k),
    },
    options,
  );

const part = { rows: 10, defaults: 2 };
const training: TrainingReport = {
  featureSchema: "zkcredit-features/v1",
  features: FEATURE_SCHEMA.features.map((f) => f.name),
  dataset: { file: "data/x.csv", sha256: "ab".repeat(32), rows: 30, defaults: 6 },
  split: {
    seed: 7,
    fractions: { train: 0.7, validation: 0.15, test: 0.15 },
    hash: "cd".repeat(32),
    train: part,
    validation: part,
    test: part,
  },
  model: { architecture: "19-16-8-1", activations: ["relu", "relu", "sigmoid"], library: "lib" },
  training: {
    seed: 1,
    optimizer: "adam",
    maxEpochs: 9,
    patience: 3,
    batchSize: 8,
    learningRate: 0.01,
    epochsRun: 5,
    bestEpoch: 2,
    seconds: 1.5,
  },
  auc: { train: 0.8, validation: 0.75, test: 0.79 },
  onnx: {
    file: "model.onnx",
    bytes: 100,
    sha256: "ef".repeat(32),
    opset: 13,
    input: "features",
    output: "p",
  },
};
const shape: CircuitShape = {
  name: "mlp-test",
  featureSchema: "zkcredit-features/v1",
  featureBits: FEATURE_SCHEMA.features.map((f) => f.bits),
  layers: [
    {
      inputs: 19,
      outputs: 1,
      relu: false,
      weightBits: 12,
      biasBits: 16,
      shift: 4,
      outBits: 20,
      weightFrac: 10,
      outFrac: 6,
    },
  ],
  scorecard: scorecardSpec(6, -1000n, 1000n),
};
const provedRows = Array.from({ length: 50 }, (_, i) => ({
  id: i + 1,
  label: labels[i]!,
  score: scores[i]!,
  referenceScore: scores[i]!,
  witnessMs: 100,
  proveMs: 900 + i,
  verifyMs: 20,
}));

const data: ModelCardData = {
  modelDir: "data/models/reference",
  training,
  split: { seed: 7, hash: "cd".repeat(32), sizes: { train: 10, validation: 10, test: 10 } },
  splitSeedSweep: { min: 0.756, max: 0.784, mean: 0.778 },
  schemaId: FEATURE_SCHEMA.id,
  features: FEATURE_SCHEMA.features,
  protectedAttributes: PROTECTED_ATTRIBUTES,
  shape,
  scorecard: { factor: 57.7, offset: 427.1, logitFrac: 6 },
  constraints: 15407,
  setup: { ptau: "pot16_dev_final.ptau", production: false, power: 16, contributions: 2 },
  commitment: 123456789n,
  shapeTag: 42n,
  tiers: { cutoffs: options.cutoffs, source: "DEFAULT_TIERS" },
  float: way(n),
  quantized: way(n),
  circuit: way(50),
  floatScoreAuc: 0.7,
  quantizedLogitAuc: 0.71,
  sample: { seed: 1, aucFloat: 0.81, aucQuantized: 0.82, aucCircuit: 0.82 },
  agreement: scoreAgreement(
    scores,
    scores.map((s, i) => (i % 7 === 0 ? s + 1 : s)),
  ),
  maxUnroundedDiff: 0.29,
  proofs: {
    rows: provedRows,
    attestedAt: 1128124800n,
    proveMsMedian: 924.5,
    witnessMsMedian: 100,
    verifyMsMedian: 20,
  },
  charts: { roc: "roc.svg", histogram: "score-histogram.svg", calibration: "calibration.svg" },
};

describe("renderModelCard", () => {
  const md = renderModelCard(data);

  it("starts with the generated header and states the commitment it is registered under", () => {
    assert.ok(md.startsWith(`${GENERATED_HEADER}\n`));
    assert.match(md, /registered under model commitment `123456789`/);
    assert.match(md, /CC BY 4\.0/);
    assert.match(md, /Yeh and Che-hui Lien \(2009\)/);
  });

  it("says the protected attributes are never inputs, naming their columns", () => {
    assert.match(md, /Never inputs: sex, education, marital status and age/);
    for (const p of PROTECTED_ATTRIBUTES) assert.ok(md.includes(`${p.columnName} (${p.column})`));
  });

  it("lists every feature with its bits and on-chain analogue", () => {
    for (const f of FEATURE_SCHEMA.features) {
      const line = md.split("\n").find((l) => l.includes(`| \`${f.name}\` |`));
      assert.ok(line, `row for ${f.name}`);
      assert.ok(line.includes(`| ${f.bits} |`) && line.includes(f.onChain), f.name);
    }
  });

  it("has a row per cutoff and way, and embeds the three charts by relative link", () => {
    for (const c of options.cutoffs) assert.equal(md.split(`| < ${c} |`).length - 1, 3);
    for (const chart of Object.values(data.charts)) assert.ok(md.includes(`](${chart})`));
    assert.match(md, /max \|circuit − float\| = 1 point, 100\.00% of rows within 1 point/);
    assert.match(md, /0\.756–0\.784 \(mean ~0\.778\)/);
  });

  it("says which tiers no test row reaches", () => {
    assert.match(md, /Every tier holds some test rows/);
    const q = data.quantized;
    const capped = renderModelCard({
      ...data,
      quantized: { ...q, scoreSummary: { ...q.scoreSummary, max: 659 } },
    });
    assert.match(
      capped,
      /No test row reaches the tiers from 670 up\*\* \(the highest test\nscore is 659\)/,
    );
  });

  it("writes every table with the same number of cells on each line", () => {
    const lines = md.split("\n");
    let width = -1;
    for (const line of lines) {
      if (!line.startsWith("|")) {
        width = -1;
        continue;
      }
      const cells = line.replace(/\\\|/g, "").split("|").length;
      if (width < 0) width = cells;
      assert.equal(cells, width, `table line "${line.slice(0, 60)}…"`);
    }
  });
});

describe("cardMetrics", () => {
  it("carries the names the bench reads", () => {
    const m = cardMetrics(data);
    for (const key of [
      "aucFloat",
      "aucQuantized",
      "aucCircuit",
      "aucFloatOnSample",
      "aucQuantizedOnSample",
      "maxScoreDiffPoints",
      "fractionWithin1Point",
      "ksFloat",
      "ksQuantized",
      "ksCircuit",
      "provedRows",
      "proveMsMedian",
    ] as const) {
      assert.equal(typeof m[key], "number", key);
    }
    assert.equal(m.maxScoreDiffPoints, 1);
    assert.equal(m.provedRows, 50);
    assert.equal(m.provedRowsEqualReference, 50);
    assert.equal(m.aucCircuit, 0.82);
    assert.equal(m.modelCommitment, "123456789");
  });
});

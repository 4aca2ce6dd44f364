/**
 * `npm run train`: trains the credit model(s) from data/ and writes model.onnx + training.json.
 *
 *   npm run train                                   both committed models (reference and alt)
 *   npm run train -- --seed 7 --out .tmp/m7         one model
 *   options: --seed N  --out DIR  --epochs N (max; early stopping on validation AUC)
 *            --split-seed N  --dataset FILE.csv
 *
 * The alt model has the same shape and split as the reference, with another seed: it shows that
 * one trusted setup serves two weight sets.
 */
import { parseArgs } from "node:util";
import { trainCreditModel, type TrainOptions } from "../prover/train/index.js";

/** The committed models: [directory, seed]. */
const COMMITTED: readonly [string, number][] = [
  ["data/models/reference", 1],
  ["data/models/alt", 2],
];

function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text))
    throw new Error(`--${name} must be a non-negative integer, got "${text}"`);
  return Number(text);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: "string" },
      out: { type: "string" },
      epochs: { type: "string" },
      "split-seed": { type: "string" },
      dataset: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(
      "usage: npm run train [-- --seed N --out DIR --epochs N --split-seed N --dataset FILE]",
    );
    return;
  }
  const seed = integer("seed", values.seed);
  if ((seed === undefined) !== (values.out === undefined))
    throw new Error("give --seed and --out together (or neither)");
  const runs: [string, number][] = seed === undefined ? [...COMMITTED] : [[values.out!, seed]];
  const common: Omit<TrainOptions, "seed" | "outDir"> = {
    maxEpochs: integer("epochs", values.epochs),
    splitSeed: integer("split-seed", values["split-seed"]),
    datasetPath: values.dataset,
  };
  for (const [outDir, s] of runs) {
    console.log(`training seed ${s} → ${outDir}`);
    const report = await trainCreditModel({
      ...common,
      seed: s,
      outDir,
      log: (line) => console.log(`  ${line}`),
    });
    const { train, validation, test } = report.auc;
    console.log(
      `  AUC train ${train.toFixed(4)}, validation ${validation.toFixed(4)}, test ${test.toFixed(4)}; ` +
        `${report.training.seconds}s; model.onnx ${report.onnx.bytes} bytes; ` +
        `max |onnx − trainer| ${report.onnx.maxAbsDiffVsTrainer.toExponential(2)}`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(`train: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

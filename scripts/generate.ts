/**
 * `npm run generate`: rebuilds every generated file from its sources, in flow order.
 *
 *   data/models/{reference,alt}/model.onnx + the training split
 *     → data/models/{reference,alt}/quantized.json   (one shared shape: one zkey serves both)
 *     → circuits/generated/<shape>/main.circom        (the main circuit of that shape)
 *     → circuits/build/<shape>/main.{r1cs,wasm}       (circom2; skipped with --check)
 *     → contracts/verifier/<Verifier>.sol             (from the committed zkey, when present)
 *
 * `--check` regenerates the text files and fails if any differs from what is committed (CI).
 * The Groth16 keys are not regenerated here: that needs a Powers of Tau file (`npm run setup`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { FEATURE_SCHEMA_ID, featureBits } from "../prover/features/schema.js";
import { loadDataset, datasetFeatures } from "../prover/features/dataset.js";
import { stratifiedSplit, DEFAULT_SPLIT_SEED } from "../prover/train/split.js";
import {
  calibrateShared,
  formatDrift,
  loadOnnxModel,
  modelCommitment,
  quantizedModelToJson,
  shapeTag,
} from "../prover/model/index.js";
import { compileCircuit, generateMain, mainPathOf } from "../prover/model/circom.js";
import { REPO_ROOT, shapeArtifacts } from "../prover/proof/paths.js";
import { exportVerifier, verifierContractName } from "../prover/proof/setup.js";
import { terminateCurves } from "../prover/proof/curves.js";

/** Models sharing the reference shape, in commitment order; the first names the shape. */
export const MODELS = ["reference", "alt"] as const;

/** Calibration sample: the first rows (by id) of the training split, never the test split. */
export const CALIBRATION_ROWS = 4000;

const check = process.argv.includes("--check");
const skipCompile = check || process.argv.includes("--no-compile");
const stale: string[] = [];

/** Writes `text` to `path`, or in check mode records that it differs. */
function emit(path: string, text: string): void {
  const shown = relative(REPO_ROOT, path);
  const current = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  if (current === text) {
    console.log(`  unchanged ${shown}`);
  } else if (check) {
    stale.push(shown);
    console.log(`  STALE     ${shown}`);
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    console.log(`  wrote     ${shown}`);
  }
}

function calibrationSample(): number[][] {
  const rows = loadDataset();
  const train = stratifiedSplit(rows, DEFAULT_SPLIT_SEED).train.slice(0, CALIBRATION_ROWS);
  return datasetFeatures(train).map((f) => f.map(Number));
}

async function main(): Promise<void> {
  console.log(`[1/4] calibrating ${MODELS.join(", ")} on ${CALIBRATION_ROWS} training rows`);
  const floats = MODELS.map((m) =>
    loadOnnxModel(`${REPO_ROOT}/data/models/${m}/model.onnx`, {
      expectedInputs: featureBits().length,
    }),
  );
  const { quantized, report } = calibrateShared(floats, calibrationSample(), {
    featureBits: featureBits(),
    featureSchema: FEATURE_SCHEMA_ID,
  });
  const shape = quantized[0]!.shape;
  console.log(`  shape ${shape.name}, weights ${report.weightBits.join("/")} bits`);
  MODELS.forEach((m, i) => {
    console.log(`  ${m}: commitment ${modelCommitment(quantized[i]!)}`);
    console.log(formatDrift(report.drift[i]!).replace(/^/gm, "    "));
    emit(`${REPO_ROOT}/data/models/${m}/quantized.json`, quantizedModelToJson(quantized[i]!));
  });

  console.log("[2/4] main circuit");
  const mainPath = `${REPO_ROOT}/${mainPathOf(shape)}`;
  emit(mainPath, generateMain(shape, shapeTag(shape)));

  const artifacts = shapeArtifacts(shape.name);
  if (skipCompile) {
    console.log("[3/4] compile skipped");
  } else {
    console.log(`[3/4] compiling ${relative(REPO_ROOT, mainPath)} with circom2`);
    const c = await compileCircuit(mainPath, artifacts.dir, { rootDir: REPO_ROOT });
    console.log(`  ${c.constraints} constraints`);
  }

  console.log("[4/4] Solidity verifier");
  if (existsSync(artifacts.zkey)) {
    const name = verifierContractName(shape.name);
    const tmp = `${REPO_ROOT}/.tmp/generate-${name}.sol`;
    await exportVerifier(artifacts.zkey, tmp, name);
    emit(`${REPO_ROOT}/contracts/verifier/${name}.sol`, readFileSync(tmp, "utf8"));
  } else {
    console.log(`  no keys for ${shape.name} yet: run npm run setup`);
  }

  if (stale.length > 0) {
    throw new Error(`generated files differ from what npm run generate makes: ${stale.join(", ")}`);
  }
}

main()
  .catch((e: unknown) => {
    console.error(`generate: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  })
  .finally(() => terminateCurves());

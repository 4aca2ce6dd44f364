/**
 * The zkcredit command: a thin layer over the prover library (prover/model, prover/attest,
 * prover/proof). Every verb validates its inputs through the library and reports a bad input as
 * one line on stderr with a non-zero exit; long steps print stage lines on stderr.
 *
 *   compile          ONNX (+ CSV sample) → quantized model JSON + generated main + compiled circuit
 *   calibrate        ONNX + CSV sample → quantized model JSON + drift report
 *   setup            compiled circuit → zkey, verification key, Solidity verifier (Groth16 phase 2)
 *   prove            quantized model + features + attestor key → proof JSON
 *   verify           proof JSON + verification key → valid / invalid
 *   export-verifier  zkey → Solidity verifier
 *   attestor         keygen | sign | verify
 */
import { readFile, writeFile } from "node:fs/promises";
import { basename, relative, resolve } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import {
  attest,
  attestationError,
  attestationFromJson,
  attestationToJson,
  featuresFromJson,
  generateAttestorKey,
  loadAttestorKey,
  parseAttestedAt,
  parseSubject,
  saveAttestorKey,
  type Attestation,
} from "./attest/index.js";
import { FEATURE_SCHEMA_ID, featureBits } from "./features/schema.js";
import { datasetFeatures, loadDataset } from "./features/dataset.js";
import { compileCircuit, mainPathOf, writeMain } from "./model/circom.js";
import { loadQuantizedModel } from "./model/serialize.js";
import { modelCommitment, shapeTag } from "./model/commitment.js";
import type { QuantizedModel } from "./model/types.js";
import { terminateCurves } from "./proof/curves.js";
import { REPO_ROOT, VERIFIER_DIR, shapeArtifacts } from "./proof/paths.js";
import { formatSubject } from "./proof/witness.js";
import type { VerificationKey } from "./proof/prove.js";

/** snarkjs takes about a second to import: only the verbs that prove or set up load it. */
const proofLib = () => import("./proof/index.js");

/** Stage lines and progress go to stderr so stdout carries only results. */
const note = (line: string): void => void process.stderr.write(`${line}\n`);
const out = (line: string): void => void process.stdout.write(`${line}\n`);
const shown = (p: string): string => {
  const r = relative(process.cwd(), p);
  return r.startsWith("..") ? p : r;
};

/** One line, whatever the error: multi-line messages (circom output) are folded. */
function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const folded = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .join(" | ");
  return folded.length > 1500 ? `${folded.slice(0, 1500)}…` : folded;
}

/** Wraps a verb: errors become one stderr line and exit code 1; snarkjs threads always end. */
function verb<A extends unknown[]>(name: string, body: (...args: A) => Promise<void>) {
  return async (...args: A): Promise<void> => {
    try {
      await body(...args);
    } catch (err) {
      process.stderr.write(`zkcredit ${name}: ${oneLine(err)}\n`);
      process.exitCode = 1;
    } finally {
      await terminateCurves();
    }
  };
}

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new Error(
      `${what} ${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${what} ${path}: not valid JSON`);
  }
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

const positiveInt = (v: string): number => {
  if (!/^[1-9][0-9]*$/.test(v)) throw new InvalidArgumentError("must be a positive integer");
  return Number(v);
};
const unixSeconds = (v: string): bigint => {
  if (!/^[0-9]+$/.test(v)) throw new InvalidArgumentError("must be unix seconds (an integer)");
  return parseAttestedAt(BigInt(v));
};
const address = (v: string): string => {
  try {
    parseSubject(v);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
  return v;
};
const now = (): bigint => BigInt(Math.floor(Date.now() / 1000));

/** Feature rows of a CSV in the dataset's format (first `rows` rows if given). */
function sampleRows(csv: string, rows?: number): number[][] {
  const data = loadDataset(csv);
  const picked = rows === undefined ? data : data.slice(0, rows);
  if (picked.length === 0) throw new Error(`${csv}: no data rows`);
  return datasetFeatures(picked).map((r) => r.map(Number));
}

interface CalibrateArgs {
  onnx: string;
  data: string;
  rows?: number;
  weightBits?: number;
  out: string;
}

/** ONNX + sample → quantized model (saved) with the drift against onnxruntime's float output. */
async function calibrateModel(
  o: CalibrateArgs,
  stage: (s: string) => void,
): Promise<QuantizedModel> {
  // The ONNX pipeline loads onnxruntime's native module: only the verbs that need it pay for it.
  const { calibrate, driftReport, formatDrift, loadOnnxModel, runFloat, saveQuantizedModel } =
    await import("./model/index.js");
  stage(`reading ${o.onnx}`);
  const float = loadOnnxModel(o.onnx, { expectedInputs: featureBits().length });
  stage(`reading the calibration sample ${o.data}`);
  const rows = sampleRows(o.data, o.rows);
  stage(`calibrating on ${rows.length} rows`);
  const { quantized, report } = calibrate(float, rows, {
    featureBits: featureBits(),
    featureSchema: FEATURE_SCHEMA_ID,
    ...(o.weightBits === undefined ? {} : { weightBits: o.weightBits }),
  });
  stage("drift against onnxruntime");
  const { logits } = await runFloat(o.onnx, rows);
  saveQuantizedModel(o.out, quantized);
  out(`model ${quantized.shape.name} (weights ${report.weightBits} bits) → ${shown(o.out)}`);
  out(`commitment ${modelCommitment(quantized)}`);
  out(`estimated constraints ${report.constraints.total}`);
  out(formatDrift(driftReport(quantized, rows, logits)));
  return quantized;
}

function stages(total: number): (s: string) => void {
  let i = 0;
  return (s) => note(`[${++i}/${total}] ${s}`);
}

const program = new Command("zkcredit")
  .description("Prove credit scores of an ML model with Groth16 (see docs/architecture.md)")
  .showSuggestionAfterError(false);

program
  .command("calibrate")
  .description("quantize an ONNX model, calibrated on a CSV sample; prints the drift report")
  .requiredOption("--onnx <file>", "the float model (ONNX)")
  .requiredOption("--data <csv>", "calibration sample, in the UCI dataset's CSV format")
  .option("--rows <n>", "use the first n rows only", positiveInt)
  .option("--weight-bits <n>", "fix the weight width instead of searching", positiveInt)
  .option("--out <file>", "quantized model JSON", "model.json")
  .action(verb("calibrate", async (o: CalibrateArgs) => void (await calibrateModel(o, stages(4)))));

program
  .command("compile")
  .description("ONNX → calibrated quantized model JSON + generated main circuit + compiled circuit")
  .option("--onnx <file>", "the float model (ONNX); with --data")
  .option("--data <csv>", "calibration sample, in the UCI dataset's CSV format")
  .option("--rows <n>", "use the first n rows only", positiveInt)
  .option("--weight-bits <n>", "fix the weight width instead of searching", positiveInt)
  .option("--model <file>", "compile an existing quantized model JSON instead of calibrating")
  .option("--out <file>", "quantized model JSON (with --onnx)", "model.json")
  .action(
    verb("compile", async (o: Partial<CalibrateArgs> & { model?: string; out: string }) => {
      const calibrating = o.onnx !== undefined || o.data !== undefined;
      if (calibrating === (o.model !== undefined)) {
        throw new Error("give either --onnx and --data (calibrate, then compile) or --model");
      }
      if (calibrating && (o.onnx === undefined || o.data === undefined)) {
        throw new Error("--onnx and --data go together");
      }
      const stage = stages(calibrating ? 6 : 2);
      const q = calibrating
        ? await calibrateModel(o as CalibrateArgs, stage)
        : loadQuantizedModel(o.model!);
      stage(`writing ${mainPathOf(q.shape)}`);
      const main = await writeMain(q.shape, shapeTag(q.shape), REPO_ROOT);
      const dir = shapeArtifacts(q.shape.name).dir;
      stage(`compiling with circom2 into ${shown(dir)} (takes a while)`);
      const c = await compileCircuit(main, dir, { rootDir: REPO_ROOT });
      out(`circuit ${q.shape.name}: ${c.constraints} constraints`);
      out(`r1cs ${shown(c.r1csPath)}`);
      out(`wasm ${shown(c.wasmPath)}`);
    }),
  );

program
  .command("setup")
  .description(
    "Groth16 trusted setup (phase 2 + beacon) and verifier export for a compiled circuit",
  )
  .option("--model <file>", "quantized model JSON: its shape names the circuit")
  .option("--shape <name>", "shape name (default: from --model)")
  .option("--r1cs <file>", "compiled circuit (default circuits/build/<shape>/main.r1cs)")
  .option(
    "--ptau <path>",
    "Powers of Tau file or folder (default $ZKCREDIT_PTAU, else ../shared/ptau)",
  )
  .option("--allow-unverified-ptau", "accept a ptau whose blake2b is not in the known table")
  .option("--out-dir <dir>", "keys folder (default circuits/build/<shape>)")
  .option("--verifier-dir <dir>", "Solidity verifier folder (default contracts/verifier)")
  .action(
    verb(
      "setup",
      async (o: {
        model?: string;
        shape?: string;
        r1cs?: string;
        ptau?: string;
        allowUnverifiedPtau?: boolean;
        outDir?: string;
        verifierDir?: string;
      }) => {
        const shape = o.shape ?? (o.model ? loadQuantizedModel(o.model).shape.name : undefined);
        if (shape === undefined) throw new Error("give --model or --shape");
        const { runSetup } = await proofLib();
        const started = performance.now();
        const result = await runSetup({
          r1csPath: o.r1cs ?? shapeArtifacts(shape).r1cs,
          shape,
          ...(o.ptau === undefined ? {} : { ptau: o.ptau }),
          allowUnverifiedPtau: o.allowUnverifiedPtau ?? false,
          ...(o.outDir === undefined ? {} : { outDir: o.outDir }),
          ...(o.verifierDir === undefined ? {} : { verifierDir: o.verifierDir }),
          onProgress: (p) =>
            note(`[${p.step}/${p.total}] ${p.stage}${p.detail ? ` (${p.detail})` : ""}`),
        });
        const t = result.transcript;
        out(`ptau ${t.ptau.file}: ${t.ptau.label}`);
        if (!t.ptau.production) note(`WARNING: ${t.ptau.label}`);
        out(`circuit ${t.circuit.nConstraints} constraints, ptau 2^${t.ptau.power}`);
        out(`zkey ${shown(result.zkeyPath)} (blake2b ${t.zkey.blake2b.slice(0, 16)}…)`);
        out(`verification key ${shown(result.vkeyPath)}`);
        out(`verifier ${shown(result.verifierPath)} (contract ${t.verifier.contract})`);
        out(`transcript ${shown(resolve(result.outDir, "setup.json"))}`);
        const timings = Object.entries(result.timings).map(([k, ms]) => `${k} ${ms} ms`);
        out(`done in ${Math.round(performance.now() - started)} ms: ${timings.join(", ")}`);
      },
    ),
  );

program
  .command("prove")
  .description("prove a wallet's score: quantized model + attested features → proof JSON")
  .requiredOption("--model <file>", "quantized model JSON")
  .requiredOption("--features <file>", "features JSON (array in schema order, or object by name)")
  .requiredOption("--subject <address>", "the wallet (0x + 40 hex digits)", address)
  .option("--attestation <file>", "a signed attestation JSON (instead of signing here)")
  .option("--attestor-key <file>", "attestor key file (default $ZKCREDIT_ATTESTOR_KEY)")
  .option("--attested-at <unix>", "attestation time when signing here (default now)", unixSeconds)
  .option("--wasm <file>", "witness calculator (default circuits/build/<shape>/main_js/main.wasm)")
  .option("--zkey <file>", "proving key (default circuits/build/<shape>/circuit.zkey)")
  .option("--out <file>", "proof JSON", "proof.json")
  .action(
    verb(
      "prove",
      async (o: {
        model: string;
        features: string;
        subject: string;
        attestation?: string;
        attestorKey?: string;
        attestedAt?: bigint;
        wasm?: string;
        zkey?: string;
        out: string;
      }) => {
        const stage = stages(o.attestation === undefined ? 4 : 3);
        stage("checking inputs");
        const { buildWitnessInput, generateProof, scoreProofToJson } = await proofLib();
        const model = loadQuantizedModel(o.model);
        const features = featuresFromJson(await readJson(o.features, "features file"), o.features);
        let attestation: Attestation;
        if (o.attestation !== undefined) {
          if (o.attestorKey !== undefined || o.attestedAt !== undefined) {
            throw new Error("--attestation excludes --attestor-key and --attested-at");
          }
          const json = await readJson(o.attestation, "attestation");
          attestation = attestationFromJson(json, o.attestation);
        } else {
          stage("signing the features");
          const key = await loadAttestorKey(
            o.attestorKey === undefined ? {} : { file: o.attestorKey },
          );
          const attestedAt = o.attestedAt ?? now();
          attestation = await attest({ key, subject: o.subject, attestedAt, features });
        }
        const input = await buildWitnessInput({
          model,
          features,
          subject: o.subject,
          attestedAt: attestation.attestedAt,
          attestation,
        });
        stage(`witness and Groth16 proof (${model.shape.name})`);
        const artifacts = shapeArtifacts(model.shape.name);
        const proof = await generateProof({
          wasmPath: o.wasm ?? artifacts.wasm,
          zkeyPath: o.zkey ?? artifacts.zkey,
          input,
        });
        stage(`writing ${o.out}`);
        await writeJson(o.out, scoreProofToJson(proof, model.shape.name));
        out(`score ${proof.claim.score} for ${formatSubject(proof.claim.subject)}`);
        out(`modelCommitment ${proof.claim.modelCommitment}`);
        out(`attestorKeyHash ${proof.claim.attestorKeyHash}`);
        out(`attestedAt ${proof.claim.attestedAt}`);
        const t = proof.timings!;
        out(
          `witness ${Math.round(t.witnessMs)} ms, prove ${Math.round(t.proveMs)} ms → ${shown(o.out)}`,
        );
      },
    ),
  );

program
  .command("verify")
  .description("verify a proof JSON off chain against a verification key")
  .requiredOption("--proof <file>", "proof JSON from zkcredit prove")
  .option(
    "--vkey <file>",
    "verification key (default circuits/build/<shape>/verification_key.json)",
  )
  .action(
    verb("verify", async (o: { proof: string; vkey?: string }) => {
      const { scoreProofFromJson, verifyScoreProof } = await proofLib();
      const { proof, shape } = scoreProofFromJson(await readJson(o.proof, "proof"), o.proof);
      const vkeyPath = o.vkey ?? shapeArtifacts(shape).vkey;
      const vkey = (await readJson(vkeyPath, "verification key")) as VerificationKey;
      if (!(await verifyScoreProof(vkey, proof))) {
        throw new Error(`${o.proof} does NOT verify against ${shown(vkeyPath)}`);
      }
      out(
        `${o.proof}: valid (score ${proof.claim.score} for ${formatSubject(proof.claim.subject)}, shape ${shape})`,
      );
    }),
  );

program
  .command("export-verifier")
  .description("write the Solidity Groth16 verifier of a zkey (generated, never edited)")
  .option("--shape <name>", "shape name: names the contract and the default zkey")
  .option("--zkey <file>", "proving key (default circuits/build/<shape>/circuit.zkey)")
  .option("--name <contract>", "contract name (default Groth16Verifier_<shape>)")
  .option("--out <file>", "output .sol (default contracts/verifier/<contract>.sol)")
  .action(
    verb(
      "export-verifier",
      async (o: { shape?: string; zkey?: string; name?: string; out?: string }) => {
        if (o.shape === undefined && (o.zkey === undefined || o.name === undefined)) {
          throw new Error("give --shape, or --zkey and --name");
        }
        const { exportVerifier, verifierContractName } = await proofLib();
        const name = o.name ?? verifierContractName(o.shape!);
        const zkey = o.zkey ?? shapeArtifacts(o.shape!).zkey;
        const target = o.out ?? resolve(VERIFIER_DIR, `${name}.sol`);
        await exportVerifier(zkey, target, name);
        out(`verifier ${name} → ${shown(target)}`);
      },
    ),
  );

const attestor = program.command("attestor").description("attestor keys and signatures");

attestor
  .command("keygen")
  .description("generate a Baby Jubjub attestor key (file readable by its owner only)")
  .option("--out <file>", "key file to create (never overwritten)", "attestor.key.json")
  .option("--rotate-from <file>", "the key being replaced: prints both hashes for the registry")
  .action(
    verb("attestor keygen", async (o: { out: string; rotateFrom?: string }) => {
      const previous =
        o.rotateFrom === undefined ? undefined : await loadAttestorKey({ file: o.rotateFrom });
      const key = await generateAttestorKey();
      await saveAttestorKey(key, o.out);
      out(`key ${shown(o.out)}`);
      out(`attestorKeyHash ${key.keyHash}`);
      out(`Ax ${key.publicKey.Ax}`);
      out(`Ay ${key.publicKey.Ay}`);
      if (previous) {
        out(`rotation: register ${key.keyHash} in the attestor registry,`);
        out(`          then revoke ${previous.keyHash} (${basename(o.rotateFrom!)})`);
      }
    }),
  );

attestor
  .command("sign")
  .description("sign a wallet's features: features JSON → attestation JSON")
  .requiredOption("--features <file>", "features JSON (array in schema order, or object by name)")
  .requiredOption("--subject <address>", "the wallet (0x + 40 hex digits)", address)
  .option("--key <file>", "attestor key file (default $ZKCREDIT_ATTESTOR_KEY)")
  .option("--attested-at <unix>", "attestation time (default now)", unixSeconds)
  .option("--out <file>", "attestation JSON", "attestation.json")
  .action(
    verb(
      "attestor sign",
      async (o: {
        features: string;
        subject: string;
        key?: string;
        attestedAt?: bigint;
        out: string;
      }) => {
        const features = featuresFromJson(await readJson(o.features, "features file"), o.features);
        const key = await loadAttestorKey(o.key === undefined ? {} : { file: o.key });
        const a = await attest({
          key,
          subject: o.subject,
          attestedAt: o.attestedAt ?? now(),
          features,
        });
        await writeJson(o.out, attestationToJson(a));
        out(`attestation of ${formatSubject(a.subject)} at ${a.attestedAt} → ${shown(o.out)}`);
        out(`attestorKeyHash ${a.attestorKeyHash}`);
      },
    ),
  );

attestor
  .command("verify")
  .description("check an attestation JSON against the features it claims to sign")
  .requiredOption("--attestation <file>", "attestation JSON")
  .requiredOption("--features <file>", "features JSON")
  .action(
    verb("attestor verify", async (o: { attestation: string; features: string }) => {
      const a = attestationFromJson(await readJson(o.attestation, "attestation"), o.attestation);
      const features = featuresFromJson(await readJson(o.features, "features file"), o.features);
      const invalid = await attestationError(a, features);
      if (invalid) throw new Error(`${o.attestation}: ${invalid}`);
      out(`${o.attestation}: valid (attestorKeyHash ${a.attestorKeyHash})`);
    }),
  );

// snarkjs leaves some file handles to the garbage collector; Node's warning about it is noise
// for CLI users (the handles are read-only). Every other warning is still shown.
process.removeAllListeners("warning");
process.on("warning", (w) => {
  if (w.name === "DeprecationWarning" && (w as { code?: string }).code === "DEP0137") return;
  if (w.message.startsWith("Closing file descriptor")) return;
  note(`${w.name}: ${w.message}`);
});

await program.parseAsync(process.argv);

/**
 * Phase 2 of the Groth16 trusted setup for one circuit shape, and the Solidity verifier export.
 *
 *   ptau (checked) ─► newZKey ─► contribution 1 ─► contribution 2 ─► beacon ─► verifyFromR1cs
 *                 ─► verification_key.json ─► contracts/verifier/Groth16Verifier_<shape>.sol
 *
 * The zkey is sound as long as one phase-2 contributor destroyed their entropy; the random beacon
 * closes the ceremony so the last contributor cannot bias it. Writes circuits/build/<shape>/
 * {circuit.zkey, verification_key.json, setup.json}; setup.json is the transcript an auditor
 * replays with `snarkjs zkey verify` (it names the ptau and every contribution hash).
 */
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { zKey } from "snarkjs";
import { blake2bFile, checkPtau, choosePtau, ptauLocation, type CheckedPtau } from "./ptau.js";
import { readCircuitInfo, type CircuitInfo } from "./r1cs.js";
import { REPO_ROOT, VERIFIER_DIR, shapeArtifacts } from "./paths.js";

/** 2^10 squarings of the beacon hash: snarkjs's minimum, enough when the beacon is random. */
const BEACON_ITERATIONS_EXP = 10;

export interface SetupProgress {
  /** 1-based index of the stage starting now. */
  step: number;
  total: number;
  stage: string;
  detail?: string;
}

export interface SetupOptions {
  /** The compiled circuit (circom --r1cs). */
  r1csPath: string;
  /** Shape name (CircuitShape.name); names the output folder and the verifier contract. */
  shape: string;
  /** A ptau file or folder; default $ZKCREDIT_PTAU, else ../shared/ptau. */
  ptau?: string;
  allowUnverifiedPtau?: boolean;
  /** Default circuits/build/<shape>. */
  outDir?: string;
  /** Default contracts/verifier. */
  verifierDir?: string;
  /** Names recorded in the zkey for the two contributions. */
  contributors?: readonly [string, string];
  onProgress?: (p: SetupProgress) => void;
}

export interface SetupTranscript {
  generatedBy: string;
  shape: string;
  circuit: Omit<CircuitInfo, "r1csPath"> & { r1cs: string; r1csBlake2b: string };
  ptau: {
    file: string;
    blake2b: string;
    power: number;
    label: string;
    verified: boolean;
    production: boolean;
  };
  phase2: {
    circuitHash: string;
    contributions: { name: string; hash: string }[];
    beacon: { hash: string; iterationsExp: number; contributionHash: string };
  };
  zkey: { file: string; blake2b: string };
  verificationKey: string;
  verifier: { file: string; contract: string };
}

export interface SetupResult {
  outDir: string;
  zkeyPath: string;
  vkeyPath: string;
  verifierPath: string;
  transcript: SetupTranscript;
  ptau: CheckedPtau;
  /** Wall time of each stage, ms. */
  timings: Record<string, number>;
}

/** "mlp-19x16x8x1-w12" → "Groth16Verifier_mlp_19x16x8x1_w12": one contract per shape can coexist. */
export function verifierContractName(shape: string): string {
  // The same rule as shape names (prover/model/circom.ts validateShape): a plain file name.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(shape)) {
    throw new Error(`shape name "${shape}" cannot name a Solidity contract`);
  }
  return `Groth16Verifier_${shape.replace(/[^A-Za-z0-9]+/g, "_")}`;
}

/**
 * A logger for snarkjs: its failures often come back as a return value (-1, false) with the
 * reason only logged, so errors are kept to be thrown with the reason.
 */
function snarkjsLogger(): { logger: Record<string, (msg: string) => void>; errors: string[] } {
  const errors: string[] = [];
  const ignore = (): void => {};
  return {
    errors,
    logger: { error: (m) => errors.push(m), warn: ignore, info: ignore, debug: ignore },
  };
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

async function snarkjsTemplate(): Promise<string> {
  const pkg = dirname(fileURLToPath(import.meta.resolve("snarkjs")));
  return readFile(join(pkg, "templates", "verifier_groth16.sol.ejs"), "utf8");
}

/**
 * Renders snarkjs's Groth16 verifier for `zkeyPath` as contract `contractName` into `outPath`,
 * with the generated-file header. Deterministic: the same zkey gives the same file.
 */
export async function exportVerifier(
  zkeyPath: string,
  outPath: string,
  contractName: string,
  zkeyBlake2b?: string,
): Promise<{ path: string; contract: string }> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(contractName)) {
    throw new Error(`"${contractName}" is not a Solidity contract name`);
  }
  const hash = zkeyBlake2b ?? (await blake2bFile(zkeyPath));
  const { logger, errors } = snarkjsLogger();
  let source: string;
  try {
    source = (await zKey.exportSolidityVerifier(
      zkeyPath,
      { groth16: await snarkjsTemplate() },
      logger,
    )) as string;
  } catch (err) {
    throw new Error(`zkey ${zkeyPath}: cannot export a verifier (${(err as Error).message})`);
  }
  if (errors.length) throw new Error(`zkey ${zkeyPath}: ${errors.join("; ")}`);
  const declarations = source.match(/\bcontract Groth16Verifier\b/g) ?? [];
  if (declarations.length !== 1) {
    throw new Error("snarkjs's verifier template changed: expected one `contract Groth16Verifier`");
  }
  const header =
    `// generated by zkcredit setup (prover/proof/setup.ts) from zkey blake2b-512 ${hash} — do not edit\n` +
    `// Regenerate with: zkcredit export-verifier (or zkcredit setup).\n`;
  const body = source.replace(/\bcontract Groth16Verifier\b/, `contract ${contractName}`);
  await mkdir(dirname(outPath), { recursive: true });
  await writeFile(outPath, header + body);
  return { path: outPath, contract: contractName };
}

/** Runs the whole phase 2 for one circuit. Call terminateCurves() when done with snarkjs. */
export async function runSetup(opts: SetupOptions): Promise<SetupResult> {
  const contract = verifierContractName(opts.shape);
  const outDir = resolve(opts.outDir ?? shapeArtifacts(opts.shape).dir);
  const verifierPath = join(resolve(opts.verifierDir ?? VERIFIER_DIR), `${contract}.sol`);
  const [name1, name2] = opts.contributors ?? ["zkcredit contributor 1", "zkcredit contributor 2"];
  const total = 9;
  const timings: Record<string, number> = {};
  let step = 0;
  const stage = async <T>(label: string, work: () => Promise<T>, detail?: string): Promise<T> => {
    step += 1;
    opts.onProgress?.({ step, total, stage: label, ...(detail === undefined ? {} : { detail }) });
    const start = performance.now();
    const result = await work();
    timings[label] = Math.round(performance.now() - start);
    return result;
  };

  // Everything that can refuse the inputs runs before the first expensive step.
  const circuit = await stage("read circuit", () => readCircuitInfo(opts.r1csPath));
  const ptauPath = await choosePtau(ptauLocation(opts.ptau), circuit.requiredPower);
  const ptau = await stage(
    "check ptau hash",
    () => checkPtau(ptauPath, { allowUnverified: opts.allowUnverifiedPtau ?? false }),
    basename(ptauPath),
  );

  await mkdir(outDir, { recursive: true });
  const work = await mkdtemp(join(outDir, ".setup-"));
  try {
    const zkeys = (i: number): string => join(work, `circuit_${i}.zkey`);
    const { logger, errors } = snarkjsLogger();
    const failed = (what: string): Error =>
      new Error(`${what} failed${errors.length ? `: ${errors.join("; ")}` : ""}`);

    const csHash = await stage(
      "phase 2: new zkey",
      () => zKey.newZKey(circuit.r1csPath, ptau.path, zkeys(0), logger) as Promise<Uint8Array | -1>,
      `${circuit.nConstraints} constraints`,
    );
    if (!(csHash instanceof Uint8Array)) throw failed("zkey new");

    const contributions: { name: string; hash: string }[] = [];
    for (const [i, name] of [name1, name2].entries()) {
      const hash = (await stage(`contribution ${i + 1}`, () =>
        zKey.contribute(zkeys(i), zkeys(i + 1), name, randomBytes(32).toString("hex"), logger),
      )) as Uint8Array;
      contributions.push({ name, hash: hex(hash) });
    }

    // A fresh random beacon; recorded so anyone can replay it with `snarkjs zkey beacon`.
    const beaconHash = randomBytes(32).toString("hex");
    const beaconContribution = (await stage("beacon", () =>
      zKey.beacon(
        zkeys(2),
        zkeys(3),
        "zkcredit final beacon",
        beaconHash,
        BEACON_ITERATIONS_EXP,
        logger,
      ),
    )) as Uint8Array | false;
    if (!(beaconContribution instanceof Uint8Array)) throw failed("zkey beacon");

    const ok = await stage("verify zkey", () =>
      zKey.verifyFromR1cs(circuit.r1csPath, ptau.path, zkeys(3), logger),
    );
    if (!ok) throw failed("zkey verify (the final zkey does not match the circuit and ptau)");

    const zkeyPath = join(outDir, "circuit.zkey");
    const vkeyPath = join(outDir, "verification_key.json");
    await rename(zkeys(3), zkeyPath);
    const zkeyBlake2b = await blake2bFile(zkeyPath);

    await stage("export verification key", async () => {
      const vkey = (await zKey.exportVerificationKey(zkeyPath, logger)) as object;
      await writeFile(vkeyPath, `${JSON.stringify(vkey, null, 2)}\n`);
    });
    await stage("export verifier", () =>
      exportVerifier(zkeyPath, verifierPath, contract, zkeyBlake2b),
    );

    const rel = (p: string): string => relative(REPO_ROOT, p);
    const { r1csPath, ...counts } = circuit;
    const transcript: SetupTranscript = {
      generatedBy: "zkcredit setup (prover/proof/setup.ts) — do not edit",
      shape: opts.shape,
      circuit: { r1cs: rel(r1csPath), r1csBlake2b: await blake2bFile(r1csPath), ...counts },
      ptau: {
        file: basename(ptau.path),
        blake2b: ptau.blake2b,
        power: ptau.power,
        label: ptau.label,
        verified: ptau.known !== null,
        production: ptau.known?.production ?? false,
      },
      phase2: {
        circuitHash: hex(csHash),
        contributions,
        beacon: {
          hash: beaconHash,
          iterationsExp: BEACON_ITERATIONS_EXP,
          contributionHash: hex(beaconContribution),
        },
      },
      zkey: { file: basename(zkeyPath), blake2b: zkeyBlake2b },
      verificationKey: basename(vkeyPath),
      verifier: { file: rel(verifierPath), contract },
    };
    await writeFile(join(outDir, "setup.json"), `${JSON.stringify(transcript, null, 2)}\n`);
    return { outDir, zkeyPath, vkeyPath, verifierPath, transcript, ptau, timings };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

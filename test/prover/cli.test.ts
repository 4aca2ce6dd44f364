import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../prover/proof/index.js";
import { compileProduct, HERMEZ_11 } from "./proof/fixtures.js";

const BIN = join(REPO_ROOT, "bin", "zkcredit.mjs");
const SUBJECT = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
// creditLimit, status1..6, balance1..6, paid1..6.
const FEATURES = [300, 2, 2, 3, 0, 1, 10, 250, 240, 0, 384, 100, 1, 200, 0, 17, 33, 150, 9];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the installed launcher the way a user does (it picks Node 22 and tsx itself). */
function zkcredit(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    const childEnv = { ...process.env, ...env };
    delete childEnv.ZKCREDIT_ATTESTOR_KEY;
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...childEnv, ...env }, cwd: REPO_ROOT },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * A bad input: exit 1, exactly one error line naming the problem (besides the "[i/n] stage"
 * progress lines of the steps before it), no stack trace.
 */
function assertOneLineError(r: Run, pattern: RegExp): void {
  assert.equal(r.code, 1, `exit code (stderr: ${r.stderr})`);
  const lines = r.stderr.split("\n").filter((l) => l.trim() !== "" && !/^\[\d+\/\d+\] /.test(l));
  assert.equal(lines.length, 1, `one stderr line, got:\n${r.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /^\s+at /m);
}

describe("zkcredit CLI", () => {
  it("prints --help for every verb", async () => {
    const verbs = [
      ["compile"],
      ["calibrate"],
      ["setup"],
      ["prove"],
      ["verify"],
      ["export-verifier"],
      ["attestor", "keygen"],
      ["attestor", "sign"],
      ["attestor", "verify"],
    ];
    const runs = await Promise.all([
      zkcredit(["--help"]),
      ...verbs.map((v) => zkcredit([...v, "--help"])),
    ]);
    assert.equal(runs[0]!.code, 0);
    for (const v of verbs) assert.match(runs[0]!.stdout, new RegExp(`\\b${v[0]}\\b`));
    verbs.forEach((v, i) => {
      const r = runs[i + 1]!;
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^Usage: zkcredit ${v.join(" ")} \\[options\\]`));
    });
  });

  it("reports one bad input per verb as one stderr line and exit code 1", async () => {
    const dir = await mkdtemp(join(tmpdir(), "zkcredit-cli-"));
    try {
      const notJson = join(dir, "proof.json");
      await writeFile(notJson, "{ nope");
      const badFeatures = join(dir, "bad-features.json");
      await writeFile(badFeatures, JSON.stringify(FEATURES.map((f, i) => (i === 1 ? 11 : f))));
      const existing = join(dir, "exists.key.json");
      await writeFile(existing, "{}");
      const cases: [string[], RegExp][] = [
        [
          ["calibrate", "--onnx", join(dir, "missing.onnx"), "--data", join(dir, "x.csv")],
          /^zkcredit calibrate: .*missing\.onnx: cannot read/,
        ],
        [["compile"], /^zkcredit compile: give either --onnx and --data .* or --model$/],
        [
          ["setup", "--shape", "s", "--r1cs", join(dir, "missing.r1cs")],
          /^zkcredit setup: circuit .*missing\.r1cs: cannot read \(ENOENT\)$/,
        ],
        [
          ["prove", "--model", "m.json", "--features", "f.json", "--subject", "0x1234"],
          /error: option '--subject <address>' argument '0x1234' is invalid\. subject "0x1234" is not an address/,
        ],
        [["verify", "--proof", notJson], /^zkcredit verify: proof .*proof\.json: not valid JSON$/],
        [["export-verifier"], /^zkcredit export-verifier: give --shape, or --zkey and --name$/],
        [
          ["attestor", "keygen", "--out", existing],
          /^zkcredit attestor keygen: attestor key file .*exists\.key\.json already exists: refusing to overwrite a key$/,
        ],
        [
          ["attestor", "sign", "--features", badFeatures, "--subject", SUBJECT],
          /^zkcredit attestor sign: .*bad-features\.json: feature status1 \(index 1\) = 11 is outside \[0, 10\]$/,
        ],
        [
          [
            "attestor",
            "verify",
            "--attestation",
            join(dir, "none.json"),
            "--features",
            badFeatures,
          ],
          /^zkcredit attestor verify: attestation .*none\.json: cannot read \(ENOENT\)$/,
        ],
      ];
      const runs = await Promise.all(cases.map(([args]) => zkcredit(args)));
      runs.forEach((r, i) => assertOneLineError(r, cases[i]![1]));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("attestor keygen, sign and verify; a tampered attestation is rejected; the key never reaches stdout", async () => {
    const dir = await mkdtemp(join(tmpdir(), "zkcredit-cli-"));
    try {
      const key = join(dir, "a.key.json");
      const features = join(dir, "features.json");
      const attestation = join(dir, "attestation.json");
      await writeFile(features, JSON.stringify(FEATURES));
      const gen = await zkcredit(["attestor", "keygen", "--out", key]);
      assert.equal(gen.code, 0, gen.stderr);
      const secret = (
        JSON.parse(await readFile(key, "utf8")) as { privateKey: string }
      ).privateKey.slice(2);
      assert.ok(!gen.stdout.includes(secret) && !gen.stderr.includes(secret));
      const keyHash = /attestorKeyHash (\d+)/.exec(gen.stdout)![1]!;

      const rotated = await zkcredit([
        "attestor",
        "keygen",
        "--out",
        join(dir, "b.key.json"),
        "--rotate-from",
        key,
      ]);
      assert.equal(rotated.code, 0, rotated.stderr);
      assert.match(rotated.stdout, new RegExp(`then revoke ${keyHash}`));

      const sign = await zkcredit(
        [
          "attestor",
          "sign",
          "--features",
          features,
          "--subject",
          SUBJECT,
          "--attested-at",
          "1760000000",
          "--out",
          attestation,
        ],
        {
          ZKCREDIT_ATTESTOR_KEY: secret,
        },
      );
      assert.equal(sign.code, 0, sign.stderr);
      assert.match(sign.stdout, new RegExp(`attestorKeyHash ${keyHash}`));
      const ok = await zkcredit([
        "attestor",
        "verify",
        "--attestation",
        attestation,
        "--features",
        features,
      ]);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /valid/);

      await writeFile(features, JSON.stringify(FEATURES.map((f, i) => (i === 0 ? f + 1 : f))));
      assertOneLineError(
        await zkcredit([
          "attestor",
          "verify",
          "--attestation",
          attestation,
          "--features",
          features,
        ]),
        /attestation\.json: featuresHash does not match the features$/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("prove and verify with the committed reference model; a proof with a changed score is refused", async () => {
    const model = join(REPO_ROOT, "data", "models", "reference", "quantized.json");
    const dir = await mkdtemp(join(tmpdir(), "zkcredit-cli-"));
    try {
      const key = join(dir, "a.key.json");
      const features = join(dir, "features.json");
      const attestation = join(dir, "attestation.json");
      const proofFile = join(dir, "proof.json");
      await writeFile(features, JSON.stringify(FEATURES));
      assert.equal((await zkcredit(["attestor", "keygen", "--out", key])).code, 0);
      const signed = await zkcredit([
        "attestor",
        "sign",
        "--features",
        features,
        "--subject",
        SUBJECT,
        "--key",
        key,
        "--attested-at",
        "1760000000",
        "--out",
        attestation,
      ]);
      assert.equal(signed.code, 0, signed.stderr);
      const prove = await zkcredit([
        "prove",
        "--model",
        model,
        "--features",
        features,
        "--subject",
        SUBJECT,
        "--attestation",
        attestation,
        "--out",
        proofFile,
      ]);
      assert.equal(prove.code, 0, prove.stderr);
      assert.match(prove.stderr, /\[3\/3\] writing/);
      const score = /^score (\d+) for 0x70997970c51812dc3a010c7d01b50e0d17dc79c8$/m.exec(
        prove.stdout,
      )?.[1];
      assert.ok(score !== undefined, prove.stdout);
      const verify = await zkcredit(["verify", "--proof", proofFile]);
      assert.equal(verify.code, 0, verify.stderr);
      assert.match(verify.stdout, new RegExp(`valid \\(score ${score} for 0x7099`));

      // The same proof claiming another score: consistent file, invalid proof.
      const doc = JSON.parse(await readFile(proofFile, "utf8")) as {
        claim: { score: number };
        publicSignals: string[];
        calldata: { publicSignals: string[] };
      };
      const other = Number(score) === 850 ? 849 : Number(score) + 1;
      // The score sits at bit 224 of the packed claim signal (prover/proof/calldata.ts).
      const packed = BigInt(doc.publicSignals[0]!) + (BigInt(other - Number(score)) << 224n);
      doc.claim.score = other;
      doc.publicSignals[0] = String(packed);
      doc.calldata.publicSignals[0] = `0x${packed.toString(16).padStart(64, "0")}`;
      await writeFile(proofFile, JSON.stringify(doc));
      assertOneLineError(
        await zkcredit(["verify", "--proof", proofFile]),
        /^zkcredit verify: .*proof\.json does NOT verify against /,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("setup shows stage progress and writes keys and a verifier; export-verifier regenerates it identically", async () => {
    const dir = await mkdtemp(join(tmpdir(), "zkcredit-cli-"));
    try {
      const fixture = await compileProduct(2);
      const setup = await zkcredit([
        "setup",
        "--shape",
        "cli-product",
        "--r1cs",
        fixture.r1csPath,
        "--ptau",
        HERMEZ_11,
        "--out-dir",
        join(dir, "build"),
        "--verifier-dir",
        join(dir, "verifier"),
      ]);
      assert.equal(setup.code, 0, setup.stderr);
      assert.match(setup.stderr, /\[1\/9\] read circuit/);
      assert.match(setup.stderr, /\[9\/9\] export verifier/);
      assert.match(setup.stdout, /ptau powersOfTau28_hez_final_11\.ptau: Hermez/);
      assert.match(setup.stdout, /contract Groth16Verifier_cli_product/);
      const sol = join(dir, "verifier", "Groth16Verifier_cli_product.sol");
      const again = join(dir, "again.sol");
      const exported = await zkcredit([
        "export-verifier",
        "--zkey",
        join(dir, "build", "circuit.zkey"),
        "--name",
        "Groth16Verifier_cli_product",
        "--out",
        again,
      ]);
      assert.equal(exported.code, 0, exported.stderr);
      assert.equal(await readFile(again, "utf8"), await readFile(sol, "utf8"));
      // A too-small ptau is refused before any work, naming both powers.
      const big = await compileProduct(2045);
      assertOneLineError(
        await zkcredit([
          "setup",
          "--shape",
          "big",
          "--r1cs",
          big.r1csPath,
          "--ptau",
          HERMEZ_11,
          "--out-dir",
          join(dir, "big"),
        ]),
        /^zkcredit setup: ptau .* holds 2\^11, but the circuit needs 2\^12: use a larger ptau$/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

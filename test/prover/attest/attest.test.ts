import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { buildPoseidon } from "circomlibjs";
import {
  ATTESTOR_KEY_ENV,
  AttestorKey,
  attest,
  attestationError,
  attestationFromJson,
  attestationToJson,
  featuresHash,
  generateAttestorKey,
  loadAttestorKey,
  saveAttestorKey,
  verifyAttestation,
} from "../../../prover/attest/index.js";
import { featureBits } from "../../../prover/features/schema.js";

const SUBJECT = "0x00000000000000000000000000000000deadbeef";
const ATTESTED_AT = 1_700_000_000n;
// creditLimit, status1..6, balance1..6, paid1..6 (derived values, within the v1 ranges).
const FEATURES = [
  300n,
  2n,
  2n,
  3n,
  0n,
  1n,
  10n,
  250n,
  240n,
  0n,
  384n,
  100n,
  1n,
  200n,
  0n,
  17n,
  33n,
  150n,
  9n,
];

async function tmp(): Promise<string> {
  return mkdtemp(join(tmpdir(), "zkcredit-attest-"));
}

describe("attestor", () => {
  it("hashes features as Poseidon of the little-endian packed widths (independent re-derivation)", async () => {
    const bits = featureBits();
    let chunk = 0n;
    let offset = 0n;
    FEATURES.forEach((f, i) => {
      chunk += f * 2n ** offset;
      offset += BigInt(bits[i]!);
    });
    assert.ok(offset <= 252n, "v1 features fit one chunk");
    const circomPoseidon = await buildPoseidon();
    const expected = circomPoseidon.F.toObject(circomPoseidon([chunk]));
    assert.equal(featuresHash(FEATURES, bits), expected);
  });

  it("signs an attestation that verifies, with keyHash = Poseidon(Ax, Ay)", async () => {
    const key = await generateAttestorKey();
    const a = await attest({ key, subject: SUBJECT, attestedAt: ATTESTED_AT, features: FEATURES });
    assert.equal(a.subject, 0xdeadbeefn);
    assert.equal(a.attestedAt, ATTESTED_AT);
    const circomPoseidon = await buildPoseidon();
    const F = circomPoseidon.F;
    assert.equal(a.attestorKeyHash, F.toObject(circomPoseidon([a.Ax, a.Ay])));
    assert.equal(a.message, F.toObject(circomPoseidon([a.subject, a.attestedAt, a.featuresHash])));
    assert.equal(await attestationError(a, FEATURES), null);
    assert.equal(await verifyAttestation(a, FEATURES), true);
    // EdDSA is deterministic: the same key and message give the same signature.
    const again = await attest({
      key,
      subject: SUBJECT,
      attestedAt: ATTESTED_AT,
      features: FEATURES,
    });
    assert.deepEqual(again, a);
  });

  it("rejects a tampered message, subject, time, feature, signature or another key", async () => {
    const key = await generateAttestorKey();
    const other = await generateAttestorKey();
    const a = await attest({ key, subject: SUBJECT, attestedAt: ATTESTED_AT, features: FEATURES });
    const b = await attest({
      key: other,
      subject: SUBJECT,
      attestedAt: ATTESTED_AT,
      features: FEATURES,
    });
    const changedFeatures = FEATURES.map((f, i) => (i === 3 ? f + 1n : f));
    const cases: [string, Promise<string | null>][] = [
      ["message", attestationError({ ...a, message: a.message + 1n }, FEATURES)],
      ["subject", attestationError({ ...a, subject: a.subject + 1n }, FEATURES)],
      ["attestedAt", attestationError({ ...a, attestedAt: a.attestedAt + 1n }, FEATURES)],
      ["features", attestationError(a, changedFeatures)],
      ["S", attestationError({ ...a, S: a.S + 1n }, FEATURES)],
      // The other key's public half (and its matching hash) with this key's signature.
      [
        "key",
        attestationError(
          { ...a, Ax: b.Ax, Ay: b.Ay, attestorKeyHash: b.attestorKeyHash },
          FEATURES,
        ),
      ],
      ["keyHash", attestationError({ ...a, attestorKeyHash: b.attestorKeyHash }, FEATURES)],
    ];
    for (const [what, pending] of cases) {
      const err = await pending;
      assert.notEqual(err, null, `tampered ${what} must fail`);
    }
    assert.match(
      (await attestationError({ ...a, S: a.S + 1n }, FEATURES))!,
      /signature does not verify/,
    );
    assert.equal(await verifyAttestation(b, FEATURES), true);
  });

  it("refuses to sign features outside the schema, a bad subject or a bad time", async () => {
    const key = await generateAttestorKey();
    const sign = (over: Partial<Parameters<typeof attest>[0]>) =>
      attest({ key, subject: SUBJECT, attestedAt: ATTESTED_AT, features: FEATURES, ...over });
    await assert.rejects(
      sign({ features: FEATURES.map((f, i) => (i === 1 ? 11n : f)) }),
      /status1 .*= 11 is outside \[0, 10\]/,
    );
    await assert.rejects(
      sign({ features: FEATURES.map((f, i) => (i === 0 ? 385n : f)) }),
      /creditLimit .*outside \[0, 384\]/,
    );
    await assert.rejects(
      sign({ features: FEATURES.map((f, i) => (i === 8 ? -1n : f)) }),
      /balance2/,
    );
    await assert.rejects(sign({ features: FEATURES.slice(1) }), /has 19 features, got 18/);
    await assert.rejects(sign({ subject: "0x1234" }), /not an address/);
    await assert.rejects(sign({ subject: 1n << 160n }), /not a 160-bit address/);
    await assert.rejects(sign({ attestedAt: -1n }), /attestedAt -1 is outside/);
    await assert.rejects(sign({ attestedAt: 1.5 }), /not an integer/);
  });

  it("round-trips an attestation through JSON and names bad fields", async () => {
    const key = await generateAttestorKey();
    const a = await attest({ key, subject: SUBJECT, attestedAt: ATTESTED_AT, features: FEATURES });
    const json = JSON.parse(JSON.stringify(attestationToJson(a))) as unknown;
    assert.deepEqual(attestationFromJson(json), a);
    assert.throws(
      () => attestationFromJson({ ...attestationToJson(a), S: "0x12" }, "a.json"),
      /a\.json: "S" must be a decimal string/,
    );
  });
});

describe("attestor keys", () => {
  it("saves and loads a key file (owner-only) and refuses to overwrite it", async () => {
    const dir = await tmp();
    try {
      const key = await generateAttestorKey();
      const file = join(dir, "attestor.key.json");
      await saveAttestorKey(key, file);
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      const loaded = await loadAttestorKey({ file });
      assert.equal(loaded.keyHash, key.keyHash);
      assert.deepEqual(loaded.publicKey, key.publicKey);
      await assert.rejects(
        saveAttestorKey(await generateAttestorKey(), file),
        /already exists: refusing to overwrite/,
      );
      assert.equal((await loadAttestorKey({ file })).keyHash, key.keyHash);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("loads a key from ZKCREDIT_ATTESTOR_KEY and gives the same key as the file", async () => {
    const dir = await tmp();
    try {
      const key = await generateAttestorKey();
      const file = join(dir, "k.json");
      await saveAttestorKey(key, file);
      const hex = (JSON.parse(await readFile(file, "utf8")) as { privateKey: string }).privateKey;
      const fromEnv = await loadAttestorKey({ env: { [ATTESTOR_KEY_ENV]: hex.slice(2) } });
      assert.equal(fromEnv.keyHash, key.keyHash);
      await assert.rejects(
        loadAttestorKey({ env: {} }),
        /no attestor key: give a key file or set ZKCREDIT_ATTESTOR_KEY/,
      );
      await assert.rejects(
        loadAttestorKey({ env: { [ATTESTOR_KEY_ENV]: "0x1234" } }),
        /ZKCREDIT_ATTESTOR_KEY: .*64 hex digits, got 4/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("names the file for each kind of malformed key file, without echoing the key", async () => {
    const dir = await tmp();
    try {
      const key = await generateAttestorKey();
      const good = join(dir, "good.json");
      await saveAttestorKey(key, good);
      const body = JSON.parse(await readFile(good, "utf8")) as Record<string, unknown>;
      const secret = (body.privateKey as string).slice(2);
      const otherKey = await generateAttestorKey();
      const cases: [string, string, RegExp][] = [
        ["truncated.json", JSON.stringify(body).slice(0, 60), /truncated\.json: not valid JSON/],
        ["array.json", "[1]", /array\.json: "format" must be/],
        [
          "format.json",
          JSON.stringify({ ...body, format: "other" }),
          /format\.json: "format" must be "zkcredit-attestor-key\/v1"/,
        ],
        [
          "nokey.json",
          JSON.stringify({ ...body, privateKey: undefined }),
          /nokey\.json: "privateKey" is missing/,
        ],
        [
          "short.json",
          JSON.stringify({ ...body, privateKey: `0x${secret.slice(0, 62)}` }),
          /short\.json: .*64 hex digits, got 62/,
        ],
        [
          "nothex.json",
          JSON.stringify({ ...body, privateKey: `0x${secret.slice(0, 62)}zz` }),
          /nothex\.json: .*not hexadecimal/,
        ],
        [
          "mismatch.json",
          JSON.stringify({
            ...body,
            publicKey: {
              Ax: otherKey.publicKey.Ax.toString(),
              Ay: otherKey.publicKey.Ay.toString(),
            },
          }),
          /mismatch\.json: "publicKey" does not match "privateKey"/,
        ],
      ];
      for (const [name, text, pattern] of cases) {
        const file = join(dir, name);
        await writeFile(file, text);
        await assert.rejects(loadAttestorKey({ file }), (err: Error) => {
          assert.match(err.message, pattern);
          assert.ok(
            !err.message.includes(secret.slice(0, 16)),
            `${name}: error must not echo the key`,
          );
          return true;
        });
      }
      await assert.rejects(
        loadAttestorKey({ file: join(dir, "missing.json") }),
        /missing\.json: cannot read \(ENOENT\)/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("never shows the private key in inspect, toString, JSON or console output", async () => {
    const key = await generateAttestorKey();
    const secret = key.exportPrivateKeyHex().slice(2);
    const asDecimal = BigInt(`0x${secret}`).toString();
    const rendered = [
      inspect(key),
      inspect({ nested: { key } }, { depth: 10, showHidden: true }),
      String(key),
      `${key}`,
      JSON.stringify(key),
      JSON.stringify({ key }),
    ];
    const logged: string[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => logged.push(args.map((a) => inspect(a)).join(" "));
    try {
      console.log(key);
      console.log({ key });
    } finally {
      console.log = original;
    }
    for (const text of [...rendered, ...logged]) {
      assert.ok(!text.toLowerCase().includes(secret.slice(0, 16)), `leaked hex in: ${text}`);
      assert.ok(!text.includes(asDecimal.slice(0, 16)), `leaked decimal in: ${text}`);
      assert.match(text, /redacted/);
    }
    assert.ok(key instanceof AttestorKey);
  });

  it("rotation: a new key has a different hash and both keep verifying their own attestations", async () => {
    const oldKey = await generateAttestorKey();
    const newKey = await generateAttestorKey();
    assert.notEqual(oldKey.keyHash, newKey.keyHash);
    for (const key of [oldKey, newKey]) {
      const a = await attest({
        key,
        subject: SUBJECT,
        attestedAt: ATTESTED_AT,
        features: FEATURES,
      });
      assert.equal(a.attestorKeyHash, key.keyHash);
      assert.equal(await verifyAttestation(a, FEATURES), true);
    }
  });
});

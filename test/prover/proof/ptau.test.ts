import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { copyFile, mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createReadStream } from "node:fs";
import blake from "blakejs";
import {
  KNOWN_PTAU,
  blake2bFile,
  checkPtau,
  choosePtau,
  readPtauHeader,
  requiredPtauPower,
} from "../../../prover/proof/index.js";
import { DEV_16, HERMEZ_11, PTAU_DIR } from "./fixtures.js";

const HERMEZ_11_B2 =
  "47c282116b892e5ac92ca238578006e31a47e7c7e70f0baa8b687f0a5203e28ea07bbbec765a98dcd654bad618475d4661bfaec3bd9ad2ed12e7abc251d94d33";

async function blakejsFile(path: string): Promise<string> {
  const ctx = blake.blake2bInit(64);
  for await (const chunk of createReadStream(path)) blake.blake2bUpdate(ctx, chunk as Buffer);
  return Buffer.from(blake.blake2bFinal(ctx)).toString("hex");
}

describe("ptau", () => {
  it("accepts the genuine Hermez 2^11 file by its published hash", async () => {
    const checked = await checkPtau(HERMEZ_11);
    assert.equal(checked.blake2b, HERMEZ_11_B2);
    assert.equal(checked.power, 11);
    assert.equal(checked.ceremonyPower, 28);
    assert.equal(checked.known?.production, true);
    assert.match(checked.label, /Hermez powersOfTau28_hez_final_11/);
    // The streamed native hash equals blakejs's, an independent implementation.
    assert.equal(await blakejsFile(HERMEZ_11), checked.blake2b);
  });

  it("accepts the dev file but labels it not for production", async () => {
    const checked = await checkPtau(DEV_16);
    assert.equal(checked.power, 16);
    assert.equal(checked.known?.production, false);
    assert.match(checked.label, /development ceremony, not for production/);
  });

  it("refuses a copy with one flipped byte, naming expected and actual hashes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "zkcredit-ptau-"));
    try {
      const bad = join(dir, "powersOfTau28_hez_final_11.ptau");
      await copyFile(HERMEZ_11, bad);
      const fd = await open(bad, "r+");
      const { size } = await fd.stat();
      const at = Math.floor(size / 2);
      const byte = Buffer.alloc(1);
      await fd.read(byte, 0, 1, at);
      byte[0] = byte[0]! ^ 0x01;
      await fd.write(byte, 0, 1, at);
      await fd.close();
      const actual = await blake2bFile(bad);
      await assert.rejects(checkPtau(bad), (err: Error) => {
        assert.match(err.message, /hash check failed/);
        assert.ok(err.message.includes(`expected ${HERMEZ_11_B2}`), err.message);
        assert.ok(err.message.includes(`got ${actual}`), err.message);
        assert.match(err.message, /--allow-unverified-ptau/);
        return true;
      });
      const allowed = await checkPtau(bad, { allowUnverified: true });
      assert.equal(allowed.known, null);
      assert.match(allowed.label, /UNVERIFIED/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a file that is not a ptau, and an unprepared ptau", async () => {
    const dir = await mkdtemp(join(tmpdir(), "zkcredit-ptau-"));
    try {
      const text = join(dir, "notes.ptau");
      await writeFile(text, "not a ptau");
      await assert.rejects(readPtauHeader(text), /notes\.ptau: not a Powers of Tau file/);
      await assert.rejects(
        checkPtau(join(dir, "missing.ptau")),
        /missing\.ptau: cannot read \(ENOENT\)/,
      );
      // The Hermez file with its phase-2 section (id 12) renamed: a ptau before `prepare phase2`.
      const fresh = join(dir, "unprepared.ptau");
      const bytes = Buffer.from(await readFile(HERMEZ_11));
      let pos = 12;
      for (let n = bytes.readUInt32LE(8); n > 0; n--) {
        if (bytes.readUInt32LE(pos) === 12) bytes.writeUInt32LE(99, pos);
        pos += 12 + Number(bytes.readBigUInt64LE(pos + 4));
      }
      await writeFile(fresh, bytes);
      assert.equal((await readPtauHeader(fresh)).prepared, false);
      await assert.rejects(checkPtau(fresh), /unprepared\.ptau: not prepared for phase 2/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("sizes circuits like snarkjs: constraints + publics must stay below 2^power", () => {
    assert.equal(requiredPtauPower(3, 2), 3);
    assert.equal(requiredPtauPower(2045, 2), 11); // 2047 < 2^11
    assert.equal(requiredPtauPower(2046, 2), 12); // 2048 = 2^11 needs 2^12
    assert.equal(requiredPtauPower(0, 0), 1);
  });

  it("picks the smallest fitting file in a folder, Hermez first, and names both powers when none fits", async () => {
    assert.equal(await choosePtau(PTAU_DIR, 10), HERMEZ_11);
    assert.equal(await choosePtau(PTAU_DIR, 12), DEV_16);
    await assert.rejects(choosePtau(PTAU_DIR, 17), (err: Error) => {
      assert.match(err.message, /needs 2\^17/);
      assert.match(err.message, /powersOfTau28_hez_final_11\.ptau \(2\^11\)/);
      assert.match(err.message, /pot16_dev_final\.ptau \(2\^16\)/);
      return true;
    });
    await assert.rejects(choosePtau(HERMEZ_11, 12), /holds 2\^11, but the circuit needs 2\^12/);
  });

  it("keeps the table to the published values", () => {
    assert.equal(KNOWN_PTAU.filter((k) => k.production).length, 11);
    assert.deepEqual(
      KNOWN_PTAU.filter((k) => k.production).map((k) => k.power),
      [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18],
    );
    for (const k of KNOWN_PTAU) assert.match(k.blake2b, /^[0-9a-f]{128}$/);
  });
});

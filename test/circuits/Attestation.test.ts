import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { buildEddsa, type Eddsa } from "circomlibjs";
import { poseidon1, poseidon2, poseidon3 } from "poseidon-lite";
import {
  assertNoWitness,
  assertSatisfied,
  calculateWitness,
  compileTemplate,
  P,
  releaseSnarkjs,
  type TestCircuit,
} from "../helpers/circom.js";

const SUBJECT = 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266n; // a 160-bit address
const ATTESTED_AT = 1_760_000_000n;
const FEATURE_CHUNK = (1n << 140n) + 12345678901234567890n; // any packed feature chunk

interface Signed {
  subject: bigint;
  attestedAt: bigint;
  featureChunks: bigint[];
  attestorKeyHash: bigint;
  Ax: bigint;
  Ay: bigint;
  R8x: bigint;
  R8y: bigint;
  S: bigint;
}

describe("Attestation(1): the attestor's EdDSA-Poseidon signature over the features", () => {
  let circuit: TestCircuit;
  let eddsa: Eddsa;
  const key = randomBytes(32);
  const otherKey = randomBytes(32);

  before(async () => {
    [circuit, eddsa] = await Promise.all([
      compileTemplate("Attestation.circom", "Attestation(1)"),
      buildEddsa(),
    ]);
  });
  after(releaseSnarkjs);

  /** Signs message = Poseidon(subject, attestedAt, Poseidon(chunk)) as the attestor does. */
  function sign(
    privateKey: Buffer,
    subject = SUBJECT,
    attestedAt = ATTESTED_AT,
    chunk = FEATURE_CHUNK,
  ): Signed {
    const message = poseidon3([subject, attestedAt, poseidon1([chunk])]);
    const [ax, ay] = eddsa.prv2pub(privateKey);
    const Ax = eddsa.F.toObject(ax);
    const Ay = eddsa.F.toObject(ay);
    const { R8, S } = eddsa.signPoseidon(privateKey, eddsa.F.e(message));
    return {
      subject,
      attestedAt,
      featureChunks: [chunk],
      attestorKeyHash: poseidon2([Ax, Ay]),
      Ax,
      Ay,
      R8x: eddsa.F.toObject(R8[0]),
      R8y: eddsa.F.toObject(R8[1]),
      S,
    };
  }

  it("accepts a genuine attestation (also checked by circomlibjs)", async () => {
    const input = sign(key);
    await assertSatisfied(circuit, await calculateWitness(circuit, { ...input }));
    const message = poseidon3([SUBJECT, ATTESTED_AT, poseidon1([FEATURE_CHUNK])]);
    const [ax, ay] = eddsa.prv2pub(key);
    const sig = {
      R8: [eddsa.F.e(input.R8x), eddsa.F.e(input.R8y)] as [Uint8Array, Uint8Array],
      S: input.S,
    };
    assert.ok(eddsa.verifyPoseidon(eddsa.F.e(message), sig, [ax, ay]));
  });

  it("has no witness for a signature with a flipped bit", async () => {
    const input = sign(key);
    await assertNoWitness(circuit, { ...input, S: input.S ^ 1n }, "ForceEqualIfEnabled");
    await assertNoWitness(
      circuit,
      { ...input, R8x: input.R8x ^ 1n },
      /BabyCheck|ForceEqualIfEnabled/,
    );
  });

  it("has no witness when the signature covers another subject, time or features", async () => {
    const input = sign(key);
    await assertNoWitness(circuit, { ...input, subject: SUBJECT + 1n }, "ForceEqualIfEnabled");
    await assertNoWitness(
      circuit,
      { ...input, attestedAt: ATTESTED_AT + 1n },
      "ForceEqualIfEnabled",
    );
    await assertNoWitness(
      circuit,
      { ...input, featureChunks: [FEATURE_CHUNK ^ 1n] },
      "ForceEqualIfEnabled",
    );
  });

  it("has no witness when another key signed, whichever key hash is claimed", async () => {
    const genuine = sign(key);
    const forged = sign(otherKey);
    // Another key's valid signature, claimed under the trusted key hash:
    await assertNoWitness(
      circuit,
      { ...forged, attestorKeyHash: genuine.attestorKeyHash },
      "Attestation",
    );
    // The trusted key's coordinates with another key's signature:
    await assertNoWitness(
      circuit,
      { ...forged, Ax: genuine.Ax, Ay: genuine.Ay },
      /ForceEqualIfEnabled|Attestation/,
    );
  });

  it("has no witness for a non-canonical S (S + subgroup order), which the group law would accept", async () => {
    const input = sign(key);
    await assertNoWitness(
      circuit,
      { ...input, S: input.S + eddsa.babyJub.subOrder },
      "EdDSAPoseidonVerifier",
    );
  });

  it("has no witness for off-curve points, even at the field boundary", async () => {
    const input = sign(key);
    await assertNoWitness(circuit, { ...input, R8x: P - 1n, R8y: 0n }, "BabyCheck");
    await assertNoWitness(
      circuit,
      { ...input, Ax: P - 1n, Ay: 1n, attestorKeyHash: poseidon2([P - 1n, 1n]) },
      "BabyCheck",
    );
  });
});

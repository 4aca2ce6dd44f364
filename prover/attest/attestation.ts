/**
 * The attestation the circuit checks (circuits/Attestation.circom, docs/architecture.md):
 *   featuresHash = Poseidon(pack(features))           (schema widths, unsigned)
 *   message      = Poseidon(subject, attestedAt, featuresHash)
 *   signature    = EdDSA-Poseidon(attestor key, message)
 *   attestorKeyHash = Poseidon(Ax, Ay)
 * The attestor vouches for the features' truth, so it refuses to sign anything outside the schema.
 */
import { FIELD_MODULUS, pack, poseidon } from "../field/index.js";
import { featureBits, validateFeatures } from "../features/schema.js";
import { verifyPoseidon } from "./eddsa.js";
import { attestorKeyHash, type AttestorKey } from "./keys.js";

export interface Attestation {
  /** The wallet address as a 160-bit integer. */
  subject: bigint;
  /** Unix seconds at which the attestor signed. */
  attestedAt: bigint;
  featuresHash: bigint;
  /** Poseidon(subject, attestedAt, featuresHash): what is signed. */
  message: bigint;
  /** The attestor's public key. */
  Ax: bigint;
  Ay: bigint;
  /** The EdDSA-Poseidon signature. */
  R8x: bigint;
  R8y: bigint;
  S: bigint;
  /** Poseidon(Ax, Ay), the key's name in the attestor registry. */
  attestorKeyHash: bigint;
}

const ATTESTATION_FIELDS = [
  "subject",
  "attestedAt",
  "featuresHash",
  "message",
  "Ax",
  "Ay",
  "R8x",
  "R8y",
  "S",
  "attestorKeyHash",
] as const satisfies readonly (keyof Attestation)[];

/** The largest `attestedAt` accepted: the contracts store it as uint64. */
const MAX_ATTESTED_AT = (1n << 64n) - 1n;

/** A wallet address (0x + 40 hex digits, or its integer) as the 160-bit integer the circuit uses. */
export function parseSubject(subject: string | bigint): bigint {
  if (typeof subject === "bigint") {
    if (subject < 0n || subject >= 1n << 160n)
      throw new Error(`subject ${subject} is not a 160-bit address`);
    return subject;
  }
  if (!/^0x[0-9a-fA-F]{40}$/.test(subject)) {
    throw new Error(`subject "${subject}" is not an address (0x followed by 40 hex digits)`);
  }
  return BigInt(subject);
}

/** Unix seconds as a bigint in [0, 2^64). */
export function parseAttestedAt(attestedAt: bigint | number): bigint {
  if (typeof attestedAt === "number" && !Number.isSafeInteger(attestedAt)) {
    throw new Error(`attestedAt ${attestedAt} is not an integer number of unix seconds`);
  }
  const t = BigInt(attestedAt);
  if (t < 0n || t > MAX_ATTESTED_AT) throw new Error(`attestedAt ${t} is outside [0, 2^64 - 1]`);
  return t;
}

/** Poseidon over the features packed at their declared unsigned widths. */
export function featuresHash(features: readonly bigint[], bits: readonly number[]): bigint {
  if (features.length !== bits.length) {
    throw new Error(`featuresHash: ${features.length} features but ${bits.length} widths`);
  }
  return poseidon(
    pack(
      features.map((value, i) => ({ value, bits: bits[i]!, signed: false })),
      "feature",
    ),
  );
}

export function attestationMessage(subject: bigint, attestedAt: bigint, hash: bigint): bigint {
  return poseidon([subject, attestedAt, hash]);
}

/** Signs `features` (validated against the schema) for `subject` at `attestedAt`. */
export async function attest(args: {
  key: AttestorKey;
  subject: string | bigint;
  attestedAt: bigint | number;
  features: readonly bigint[];
}): Promise<Attestation> {
  validateFeatures(args.features);
  const subject = parseSubject(args.subject);
  const attestedAt = parseAttestedAt(args.attestedAt);
  const hash = featuresHash(args.features, featureBits());
  const message = attestationMessage(subject, attestedAt, hash);
  const { R8x, R8y, S } = await args.key.sign(message);
  const { Ax, Ay } = args.key.publicKey;
  return {
    subject,
    attestedAt,
    featuresHash: hash,
    message,
    Ax,
    Ay,
    R8x,
    R8y,
    S,
    attestorKeyHash: args.key.keyHash,
  };
}

/** Why `a` is not a valid attestation of `features`, or null if it is. */
export async function attestationError(
  a: Attestation,
  features: readonly bigint[],
): Promise<string | null> {
  for (const name of ATTESTATION_FIELDS) {
    const v = a[name];
    if (typeof v !== "bigint" || v < 0n || v >= FIELD_MODULUS)
      return `${name} is not a field element`;
  }
  try {
    validateFeatures(features);
  } catch (err) {
    return (err as Error).message;
  }
  const hash = featuresHash(features, featureBits());
  if (a.featuresHash !== hash) return "featuresHash does not match the features";
  if (a.message !== attestationMessage(a.subject, a.attestedAt, hash)) {
    return "message is not Poseidon(subject, attestedAt, featuresHash)";
  }
  if (a.attestorKeyHash !== attestorKeyHash({ Ax: a.Ax, Ay: a.Ay }))
    return "attestorKeyHash is not Poseidon(Ax, Ay)";
  const ok = await verifyPoseidon(
    a.message,
    { R8x: a.R8x, R8y: a.R8y, S: a.S },
    { x: a.Ax, y: a.Ay },
  );
  return ok ? null : "the EdDSA-Poseidon signature does not verify";
}

export async function verifyAttestation(
  a: Attestation,
  features: readonly bigint[],
): Promise<boolean> {
  return (await attestationError(a, features)) === null;
}

/** JSON form: every number as a decimal string (bigint has no JSON form). */
export type AttestationJson = Record<(typeof ATTESTATION_FIELDS)[number], string>;

export function attestationToJson(a: Attestation): AttestationJson {
  return Object.fromEntries(ATTESTATION_FIELDS.map((k) => [k, a[k].toString()])) as AttestationJson;
}

/** Parses the JSON form; `source` names the file in errors. */
export function attestationFromJson(json: unknown, source = "attestation"): Attestation {
  if (typeof json !== "object" || json === null) throw new Error(`${source}: not a JSON object`);
  const obj = json as Record<string, unknown>;
  const out: Partial<Attestation> = {};
  for (const k of ATTESTATION_FIELDS) {
    const v = obj[k];
    if (typeof v !== "string" || !/^[0-9]+$/.test(v))
      throw new Error(`${source}: "${k}" must be a decimal string`);
    out[k] = BigInt(v);
  }
  return out as Attestation;
}

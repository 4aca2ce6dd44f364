/**
 * Attestor keys: a Baby Jubjub EdDSA key whose private half is 32 random bytes. The private key
 * lives only inside `AttestorKey` and never reaches a log line, an error message or JSON: the
 * class redacts itself for util.inspect, toString and JSON.stringify. On chain the attestor is
 * known by `attestorKeyHash = Poseidon(Ax, Ay)`; rotating = generating a new key, registering
 * its hash and revoking the old one (the registry side is in contracts/).
 */
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { inspect } from "node:util";
import { FIELD_MODULUS, poseidon } from "../field/index.js";
import { publicKeyOf, signPoseidon, type EddsaSignature } from "./eddsa.js";

/** The environment variable holding the private key as 64 hex digits (optionally 0x-prefixed). */
export const ATTESTOR_KEY_ENV = "ZKCREDIT_ATTESTOR_KEY";

/** Identifies the key file format so a wrong JSON file is refused with a clear message. */
export const KEY_FILE_FORMAT = "zkcredit-attestor-key/v1";

const PRIVATE_KEY_BYTES = 32;
const REDACTED = "[redacted]";

export interface AttestorPublicKey {
  Ax: bigint;
  Ay: bigint;
}

/** Poseidon(Ax, Ay): how the circuit and the attestor registry name a key. */
export function attestorKeyHash(pub: AttestorPublicKey): bigint {
  for (const [name, v] of [
    ["Ax", pub.Ax],
    ["Ay", pub.Ay],
  ] as const) {
    if (v < 0n || v >= FIELD_MODULUS)
      throw new Error(`attestor public key ${name} is not a field element`);
  }
  return poseidon([pub.Ax, pub.Ay]);
}

export class AttestorKey {
  readonly #privateKey: Uint8Array;
  readonly publicKey: AttestorPublicKey;
  readonly keyHash: bigint;

  private constructor(privateKey: Uint8Array, publicKey: AttestorPublicKey) {
    this.#privateKey = privateKey;
    this.publicKey = publicKey;
    this.keyHash = attestorKeyHash(publicKey);
  }

  /** Derives the public key; `source` names where the bytes came from, for error messages. */
  static async fromPrivateKey(
    privateKey: Uint8Array,
    source = "private key",
  ): Promise<AttestorKey> {
    if (privateKey.length !== PRIVATE_KEY_BYTES) {
      throw new Error(
        `${source}: attestor private key must be ${PRIVATE_KEY_BYTES} bytes, got ${privateKey.length}`,
      );
    }
    const copy = Uint8Array.from(privateKey);
    const { x, y } = await publicKeyOf(copy);
    return new AttestorKey(copy, { Ax: x, Ay: y });
  }

  /** EdDSA-Poseidon signature of one field element. */
  sign(message: bigint): Promise<EddsaSignature> {
    if (message < 0n || message >= FIELD_MODULUS)
      throw new Error("message to sign is not a field element");
    return signPoseidon(this.#privateKey, message);
  }

  /** The private key as 0x-hex. Only for writing the key file; never print it. */
  exportPrivateKeyHex(): string {
    return `0x${Buffer.from(this.#privateKey).toString("hex")}`;
  }

  toJSON(): Record<string, string> {
    return {
      privateKey: REDACTED,
      Ax: this.publicKey.Ax.toString(),
      Ay: this.publicKey.Ay.toString(),
      keyHash: this.keyHash.toString(),
    };
  }

  toString(): string {
    return `AttestorKey(keyHash=${this.keyHash}, privateKey=${REDACTED})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

export async function generateAttestorKey(): Promise<AttestorKey> {
  return AttestorKey.fromPrivateKey(randomBytes(PRIVATE_KEY_BYTES), "generated key");
}

/** Parses 64 hex digits (0x optional). The error never repeats the input: it may be a secret. */
function parsePrivateKeyHex(hex: string, source: string): Uint8Array {
  const digits = hex.trim().replace(/^0x/i, "");
  if (!/^[0-9a-fA-F]*$/.test(digits))
    throw new Error(`${source}: attestor private key is not hexadecimal`);
  if (digits.length !== PRIVATE_KEY_BYTES * 2) {
    throw new Error(
      `${source}: attestor private key must be ${PRIVATE_KEY_BYTES * 2} hex digits, got ${digits.length}`,
    );
  }
  return Uint8Array.from(Buffer.from(digits, "hex"));
}

interface KeyFile {
  format: typeof KEY_FILE_FORMAT;
  privateKey: string;
  publicKey: { Ax: string; Ay: string };
  keyHash: string;
}

async function keyFromFile(file: string): Promise<AttestorKey> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new Error(
      `attestor key file ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the text, which holds the private key: do not pass it on.
    throw new Error(`attestor key file ${file}: not valid JSON`);
  }
  if (typeof json !== "object" || json === null)
    throw new Error(`attestor key file ${file}: not a JSON object`);
  const obj = json as Partial<Record<keyof KeyFile, unknown>>;
  if (obj.format !== KEY_FILE_FORMAT) {
    throw new Error(`attestor key file ${file}: "format" must be "${KEY_FILE_FORMAT}"`);
  }
  if (typeof obj.privateKey !== "string")
    throw new Error(`attestor key file ${file}: "privateKey" is missing`);
  const key = await AttestorKey.fromPrivateKey(
    parsePrivateKeyHex(obj.privateKey, `attestor key file ${file}`),
    `attestor key file ${file}`,
  );
  // The stored public half guards against a hand-edited or corrupted private key.
  const pub = obj.publicKey as { Ax?: unknown; Ay?: unknown } | undefined;
  if (
    pub !== undefined &&
    (String(pub.Ax) !== String(key.publicKey.Ax) || String(pub.Ay) !== String(key.publicKey.Ay))
  ) {
    throw new Error(
      `attestor key file ${file}: "publicKey" does not match "privateKey" (file corrupted or edited)`,
    );
  }
  return key;
}

/**
 * Loads the attestor key from `file` if given, else from ZKCREDIT_ATTESTOR_KEY in `env`
 * (default process.env). Errors name the file or the variable, never the key.
 */
export async function loadAttestorKey(
  opts: { file?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<AttestorKey> {
  if (opts.file !== undefined) return keyFromFile(opts.file);
  const hex = (opts.env ?? process.env)[ATTESTOR_KEY_ENV];
  if (hex === undefined || hex.trim() === "") {
    throw new Error(`no attestor key: give a key file or set ${ATTESTOR_KEY_ENV}`);
  }
  return AttestorKey.fromPrivateKey(parsePrivateKeyHex(hex, ATTESTOR_KEY_ENV), ATTESTOR_KEY_ENV);
}

/** Writes the key file readable by its owner only; refuses to overwrite (an old key may still be live). */
export async function saveAttestorKey(key: AttestorKey, file: string): Promise<void> {
  const body: KeyFile = {
    format: KEY_FILE_FORMAT,
    privateKey: key.exportPrivateKeyHex(),
    publicKey: { Ax: key.publicKey.Ax.toString(), Ay: key.publicKey.Ay.toString() },
    keyHash: key.keyHash.toString(),
  };
  try {
    await writeFile(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST")
      throw new Error(`attestor key file ${file} already exists: refusing to overwrite a key`);
    throw new Error(`attestor key file ${file}: cannot write (${code ?? "error"})`);
  }
}

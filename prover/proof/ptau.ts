/**
 * Phase 1 of the trusted setup: choosing and checking a Powers of Tau file. Every file is
 * identified by its blake2b-512 against a committed table (the Hermez ceremony's published
 * hashes and our development file); an unknown file is refused unless the caller explicitly
 * allows it, because a ptau from an untrusted ceremony lets its maker forge proofs.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readBinFile } from "@iden3/binfileutils";

/** Environment variable that overrides the default ptau location. */
export const PTAU_ENV = "ZKCREDIT_PTAU";

/** The team's shared ptau folder: `../shared/ptau` next to the repository root. */
export const DEFAULT_PTAU_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../shared/ptau",
);

/** BN254 base field: the curve every zkcredit ptau must be over. */
const BN254_Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

export interface KnownPtau {
  blake2b: string;
  power: number;
  /** Shown in the CLI output and the setup transcript. */
  label: string;
  production: boolean;
}

const HERMEZ = (power: number, blake2b: string): KnownPtau => ({
  blake2b,
  power,
  label: `Hermez powersOfTau28_hez_final_${String(power).padStart(2, "0")} (Perpetual Powers of Tau, 54 contributions)`,
  production: true,
});

/**
 * Source: the blake2b-512 values published for the Hermez files (snarkjs README; copied in
 * ../shared/ptau/README.md) and ../shared/ptau/pot16_dev_final.ptau.b2sum.
 */
export const KNOWN_PTAU: readonly KnownPtau[] = Object.freeze([
  HERMEZ(
    8,
    "d6a8fb3a04feb600096c3b791f936a578c4e664d262e4aa24beed1b7a9a96aa5eb72864d628db247e9293384b74b36ffb52ca8d148d6e1b8b51e279fdf57b583",
  ),
  HERMEZ(
    9,
    "94f108a80e81b5d932d8e8c9e8fd7f46cf32457e31462deeeef37af1b71c2c1b3c71fb0d9b59c654ec266b042735f50311f9fd1d4cadce47ab234ad163157cb5",
  ),
  HERMEZ(
    10,
    "6cfeb8cda92453099d20120bdd0e8a5c4e7706c2da9a8f09ccc157ed2464d921fd0437fb70db42104769efd7d6f3c1f964bcf448c455eab6f6c7d863e88a5849",
  ),
  HERMEZ(
    11,
    "47c282116b892e5ac92ca238578006e31a47e7c7e70f0baa8b687f0a5203e28ea07bbbec765a98dcd654bad618475d4661bfaec3bd9ad2ed12e7abc251d94d33",
  ),
  HERMEZ(
    12,
    "ded2694169b7b08e898f736d5de95af87c3f1a64594013351b1a796dbee393bd825f88f9468c84505ddd11eb0b1465ac9b43b9064aa8ec97f2b73e04758b8a4a",
  ),
  HERMEZ(
    13,
    "58efc8bf2834d04768a3d7ffcd8e1e23d461561729beaac4e3e7a47829a1c9066d5320241e124a1a8e8aa6c75be0ba66f65bc8239a0542ed38e11276f6fdb4d9",
  ),
  HERMEZ(
    14,
    "eeefbcf7c3803b523c94112023c7ff89558f9b8e0cf5d6cdcba3ade60f168af4a181c9c21774b94fbae6c90411995f7d854d02ebd93fb66043dbb06f17a831c1",
  ),
  HERMEZ(
    15,
    "982372c867d229c236091f767e703253249a9b432c1710b4f326306bfa2428a17b06240359606cfe4d580b10a5a1f63fbed499527069c18ae17060472969ae6e",
  ),
  HERMEZ(
    16,
    "6a6277a2f74e1073601b4f9fed6e1e55226917efb0f0db8a07d98ab01df1ccf43eb0e8c3159432acd4960e2f29fe84a4198501fa54c8dad9e43297453efec125",
  ),
  HERMEZ(
    17,
    "6247a3433948b35fbfae414fa5a9355bfb45f56efa7ab4929e669264a0258976741dfbe3288bfb49828e5df02c2e633df38d2245e30162ae7e3bcca5b8b49345",
  ),
  HERMEZ(
    18,
    "7e6a9c2e5f05179ddfc923f38f917c9e6831d16922a902b0b4758b8e79c2ab8a81bb5f29952e16ee6c5067ed044d7857b5de120a90704c1d3b637fd94b95b13e",
  ),
  {
    blake2b:
      "94752cf25281251549168ea703f4b498d18c543799349c71510e3898f9b1d58fdf24bb72d283832e393b083b83821ff80c6d5c99fb2f02865f8012c1052ce31d",
    power: 16,
    label: "pot16_dev_final: development ceremony, not for production",
    production: false,
  },
]);

export interface PtauHeader {
  /** The power this file holds (2^power constraints+publics); truncated files say less than 28. */
  power: number;
  /** The power of the ceremony it was cut from. */
  ceremonyPower: number;
  /** Whether `prepare phase2` was run (section 12): phase 2 needs it. */
  prepared: boolean;
}

export interface CheckedPtau extends PtauHeader {
  path: string;
  blake2b: string;
  /** The table entry the hash matched, or null when accepted through allowUnverified. */
  known: KnownPtau | null;
  label: string;
}

/** Reads a ptau header (the power) without loading the file's points. */
export async function readPtauHeader(path: string): Promise<PtauHeader> {
  let file: Awaited<ReturnType<typeof readBinFile>>;
  try {
    file = await readBinFile(path, "ptau", 1);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      code ? `ptau ${path}: cannot read (${code})` : `ptau ${path}: not a Powers of Tau file`,
    );
  }
  try {
    const header = file.sections[1]?.[0];
    if (!header) throw new Error(`ptau ${path}: has no header section`);
    file.fd.pos = header.p;
    const n8 = await file.fd.readULE32();
    const q = Buffer.from(await file.fd.read(n8)).reverse();
    if (BigInt(`0x${q.toString("hex")}`) !== BN254_Q)
      throw new Error(`ptau ${path}: not a BN254 ceremony`);
    const power = await file.fd.readULE32();
    const ceremonyPower = await file.fd.readULE32();
    return { power, ceremonyPower, prepared: file.sections[12] !== undefined };
  } finally {
    await file.fd.close();
  }
}

/** blake2b-512 of a file, streamed (ptau files are tens of MB). Same digest as `b2sum`. */
export async function blake2bFile(path: string): Promise<string> {
  // node:crypto's native blake2b512 is ~15x faster than blakejs on these files, same digest.
  const hash = createHash("blake2b512");
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
    hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Picks the ptau to use: explicit path, else $ZKCREDIT_PTAU, else the shared folder. */
export function ptauLocation(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return explicit ?? env[PTAU_ENV] ?? DEFAULT_PTAU_DIR;
}

/**
 * Resolves a file or a folder to one ptau file of at least `requiredPower`. In a folder it takes
 * the smallest Hermez file that fits, else the smallest other file that fits (smaller = faster
 * setup). A file that is too small fails here, before any work, naming both powers.
 */
export async function choosePtau(location: string, requiredPower: number): Promise<string> {
  let isDir: boolean;
  try {
    isDir = (await stat(location)).isDirectory();
  } catch (err) {
    throw new Error(
      `ptau ${location}: cannot read (${(err as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  if (!isDir) {
    const { power } = await readPtauHeader(location);
    if (power < requiredPower) {
      throw new Error(
        `ptau ${location} holds 2^${power}, but the circuit needs 2^${requiredPower}: use a larger ptau`,
      );
    }
    return location;
  }
  const names = (await readdir(location)).filter((n) => n.endsWith(".ptau")).sort();
  const found = await Promise.all(
    names.map(async (name) => ({
      name,
      power: (await readPtauHeader(join(location, name))).power,
    })),
  );
  const hermez = (n: string): number => (n.startsWith("powersOfTau28_hez_final_") ? 0 : 1);
  const fitting = found
    .filter((f) => f.power >= requiredPower)
    .sort((a, b) => hermez(a.name) - hermez(b.name) || a.power - b.power);
  if (fitting.length === 0) {
    const list = found.map((f) => `${f.name} (2^${f.power})`).join(", ") || "no .ptau files";
    throw new Error(`ptau folder ${location}: the circuit needs 2^${requiredPower}, found ${list}`);
  }
  return join(location, fitting[0]!.name);
}

/**
 * Checks a ptau file's hash against the table and that it is usable for phase 2. Refuses an
 * unknown or altered file (naming the expected and actual hash) unless `allowUnverified`.
 */
export async function checkPtau(
  path: string,
  opts: { allowUnverified?: boolean } = {},
): Promise<CheckedPtau> {
  const header = await readPtauHeader(path);
  if (!header.prepared) {
    throw new Error(
      `ptau ${path}: not prepared for phase 2 (run snarkjs powersoftau prepare phase2 on it)`,
    );
  }
  const blake2b = await blake2bFile(path);
  const known = KNOWN_PTAU.find((k) => k.blake2b === blake2b) ?? null;
  if (known) return { ...header, path, blake2b, known, label: known.label };
  if (!opts.allowUnverified) {
    // A file of a known ceremony's power whose hash differs was most likely altered or cut.
    const samePower = KNOWN_PTAU.filter((k) => k.power === header.power);
    const hint = samePower.length
      ? `expected ${samePower.map((k) => `${k.blake2b} (${k.label})`).join(" or ")}, got ${blake2b}`
      : `its blake2b-512 ${blake2b} is not in the table of known ceremonies`;
    throw new Error(
      `ptau ${path}: hash check failed: ${hint}; pass --allow-unverified-ptau to use it anyway`,
    );
  }
  return {
    ...header,
    path,
    blake2b,
    known: null,
    label: "UNVERIFIED ceremony (hash not in the known table), not for production",
  };
}

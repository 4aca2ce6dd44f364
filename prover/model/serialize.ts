/**
 * Quantized model files: JSON with bigints as decimal strings, and the shapeTag and commitment
 * stored alongside so that a file cannot silently drift from what was approved on chain. Loading
 * recomputes both and refuses any mismatch.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { CircuitShape, LayerSpec, QuantizedModel } from "./types.js";
import { modelCommitment, shapeTag } from "./commitment.js";
import { checkBounds, checkParams, validateShape } from "./shape.js";

export const MODEL_FILE_FORMAT = "zkcredit-quantized-model/v1";

/** The JSON document: QuantizedModel with bigints as decimal strings. */
interface ModelFile {
  format: typeof MODEL_FILE_FORMAT;
  shapeTag: string;
  commitment: string;
  shape: Omit<CircuitShape, "scorecard"> & {
    scorecard: Omit<CircuitShape["scorecard"], "offsetNum" | "factorNum"> & {
      offsetNum: string;
      factorNum: string;
    };
  };
  weights: string[][][];
  biases: string[][];
}

export function quantizedModelToJson(q: QuantizedModel): string {
  const doc: ModelFile = {
    format: MODEL_FILE_FORMAT,
    shapeTag: shapeTag(q.shape).toString(),
    commitment: modelCommitment(q).toString(),
    shape: {
      ...q.shape,
      scorecard: {
        ...q.shape.scorecard,
        offsetNum: q.shape.scorecard.offsetNum.toString(),
        factorNum: q.shape.scorecard.factorNum.toString(),
      },
    },
    weights: q.weights.map((l) => l.map((r) => r.map(String))),
    biases: q.biases.map((l) => l.map(String)),
  };
  // Arrays of numbers/strings on one line: a weight row per line keeps the file diffable.
  return (
    JSON.stringify(doc, null, 2).replace(
      /\[\n\s+([^[\]{}]*?)\n\s+\]/g,
      (_, items: string) => `[${items.replace(/,\n\s+/g, ", ")}]`,
    ) + "\n"
  );
}

export function saveQuantizedModel(path: string, q: QuantizedModel): void {
  writeFileSync(path, quantizedModelToJson(q));
}

/** Reads the JSON, failing with the path of the first malformed field. */
class Reader {
  constructor(private readonly label: string) {}

  fail(path: string, what: string): never {
    throw new Error(`${this.label}: ${path} ${what}`);
  }

  object(v: unknown, path: string): Record<string, unknown> {
    if (typeof v !== "object" || v === null || Array.isArray(v))
      this.fail(path, "is not an object");
    return v as Record<string, unknown>;
  }

  array(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) this.fail(path, "is not an array");
    return v;
  }

  int(v: unknown, path: string): number {
    if (typeof v !== "number" || !Number.isInteger(v))
      this.fail(path, `is ${JSON.stringify(v)}, not an integer`);
    return v;
  }

  num(v: unknown, path: string): number {
    if (typeof v !== "number" || !Number.isFinite(v))
      this.fail(path, `is ${JSON.stringify(v)}, not a number`);
    return v;
  }

  big(v: unknown, path: string): bigint {
    if (typeof v !== "string" || !/^-?\d+$/.test(v))
      this.fail(path, `is ${JSON.stringify(v)}, not a decimal integer string`);
    return BigInt(v);
  }

  str(v: unknown, path: string): string {
    if (typeof v !== "string") this.fail(path, "is not a string");
    return v;
  }
}

function readLayer(r: Reader, v: unknown, path: string): LayerSpec {
  const o = r.object(v, path);
  if (typeof o.relu !== "boolean") r.fail(`${path}.relu`, "is not a boolean");
  const int = (f: string): number => r.int(o[f], `${path}.${f}`);
  return {
    inputs: int("inputs"),
    outputs: int("outputs"),
    relu: o.relu,
    weightBits: int("weightBits"),
    biasBits: int("biasBits"),
    shift: int("shift"),
    outBits: int("outBits"),
    weightFrac: int("weightFrac"),
    outFrac: int("outFrac"),
  };
}

/** Parses a model file, validates it and checks the stored shapeTag and commitment. */
export function quantizedModelFromJson(text: string, label = "<json>"): QuantizedModel {
  const r = new Reader(label);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${label}: not JSON (${(e as Error).message})`);
  }
  const doc = r.object(raw, "document");
  if (doc.format !== MODEL_FILE_FORMAT)
    r.fail("format", `is ${JSON.stringify(doc.format)}, expected "${MODEL_FILE_FORMAT}"`);
  const s = r.object(doc.shape, "shape");
  const sc = r.object(s.scorecard, "shape.scorecard");
  const scInt = (f: string): number => r.int(sc[f], `shape.scorecard.${f}`);
  const minScore = scInt("minScore");
  const maxScore = scInt("maxScore");
  if (minScore !== 300 || maxScore !== 850) r.fail("shape.scorecard", "must clamp to [300, 850]");
  const shape: CircuitShape = {
    name: r.str(s.name, "shape.name"),
    featureSchema: r.str(s.featureSchema, "shape.featureSchema"),
    featureBits: r
      .array(s.featureBits, "shape.featureBits")
      .map((b, i) => r.int(b, `shape.featureBits[${i}]`)),
    layers: r.array(s.layers, "shape.layers").map((l, k) => readLayer(r, l, `shape.layers[${k}]`)),
    scorecard: {
      pdo: scInt("pdo"),
      baseScore: scInt("baseScore"),
      baseOdds: r.num(sc.baseOdds, "shape.scorecard.baseOdds"),
      fracBits: scInt("fracBits"),
      offsetNum: r.big(sc.offsetNum, "shape.scorecard.offsetNum"),
      factorNum: r.big(sc.factorNum, "shape.scorecard.factorNum"),
      rawBits: scInt("rawBits"),
      minScore: 300,
      maxScore: 850,
    },
  };
  const weights = r
    .array(doc.weights, "weights")
    .map((l, k) =>
      r
        .array(l, `weights[${k}]`)
        .map((row, j) =>
          r.array(row, `weights[${k}][${j}]`).map((w, i) => r.big(w, `weights[${k}][${j}][${i}]`)),
        ),
    );
  const biases = r
    .array(doc.biases, "biases")
    .map((l, k) => r.array(l, `biases[${k}]`).map((b, j) => r.big(b, `biases[${k}][${j}]`)));
  const q: QuantizedModel = { shape, weights, biases };
  try {
    validateShape(shape);
    checkParams(q);
    checkBounds(q);
  } catch (e) {
    throw new Error(`${label}: ${(e as Error).message}`);
  }
  const tag = shapeTag(shape);
  if (r.big(doc.shapeTag, "shapeTag") !== tag) {
    r.fail("shapeTag", `${doc.shapeTag} does not match the shape, which hashes to ${tag}`);
  }
  const commitment = modelCommitment(q);
  if (r.big(doc.commitment, "commitment") !== commitment) {
    r.fail(
      "commitment",
      `${doc.commitment} does not match the weights and shape, which commit to ${commitment}`,
    );
  }
  return q;
}

export function loadQuantizedModel(path: string): QuantizedModel {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`${path}: cannot read the model file (${(e as Error).message})`);
  }
  return quantizedModelFromJson(text, path);
}

/**
 * The features file the attestor signs and the prover proves on: JSON, either an array of the
 * schema's values in order, or an object keyed by feature name (optionally under "features").
 * Values are integers (JSON numbers or decimal strings). Errors name the file and the feature.
 */
import { FEATURE_SCHEMA, validateFeatures } from "../features/schema.js";

function integer(v: unknown, where: string): bigint {
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === "string" && /^-?[0-9]+$/.test(v.trim())) return BigInt(v.trim());
  throw new Error(`${where} is ${JSON.stringify(v)}, not an integer`);
}

/** Parses and validates (count, ranges) a features document. */
export function featuresFromJson(json: unknown, source = "features"): bigint[] {
  const doc =
    typeof json === "object" && json !== null && !Array.isArray(json) && "features" in json
      ? (json as { features: unknown }).features
      : json;
  const specs = FEATURE_SCHEMA.features;
  let values: bigint[];
  if (Array.isArray(doc)) {
    values = doc.map((v, i) =>
      integer(v, `${source}: feature ${specs[i]?.name ?? i} (index ${i})`),
    );
  } else if (typeof doc === "object" && doc !== null) {
    const obj = doc as Record<string, unknown>;
    const unknown = Object.keys(obj).filter((k) => !specs.some((f) => f.name === k));
    if (unknown.length) throw new Error(`${source}: unknown feature(s) ${unknown.join(", ")}`);
    values = specs.map((f) => {
      if (!(f.name in obj)) throw new Error(`${source}: feature ${f.name} is missing`);
      return integer(obj[f.name], `${source}: feature ${f.name}`);
    });
  } else {
    throw new Error(
      `${source}: expected an array of ${specs.length} features or an object keyed by feature name`,
    );
  }
  try {
    validateFeatures(values);
  } catch (err) {
    throw new Error(`${source}: ${(err as Error).message}`);
  }
  return values;
}

/** The object form, in schema order (what `attestor sign` and the examples write). */
export function featuresToJson(values: readonly bigint[]): Record<string, number> {
  validateFeatures(values);
  return Object.fromEntries(FEATURE_SCHEMA.features.map((f, i) => [f.name, Number(values[i])]));
}

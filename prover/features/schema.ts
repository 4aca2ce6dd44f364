/**
 * The wallet feature schema "zkcredit-features/v1": the one source of truth for which features the
 * credit model reads, in which order, how each is derived from a raw credit history, and its
 * declared bit width. Training (prover/train), the dataset loader, the attestor, the prover and
 * the circuit's range checks all import this file; nobody derives a feature a second way.
 * docs/architecture.md ("Features") states the same rules.
 *
 * Raw history (dataset or chain): a credit line and the last six 30-day statements, newest first,
 * each with its balance, the amount paid in the period and the repayment status. Amounts are whole
 * currency units (NT$ in the dataset, whole units of the pool's stable asset on chain).
 */

export const FEATURE_SCHEMA_ID = "zkcredit-features/v1";

/** ONNX metadata_props key under which a model records the feature schema id it reads. */
export const SCHEMA_METADATA_KEY = "zkcredit.feature_schema";

/** Number of 30-day statements the schema reads (index 1 = newest). */
export const STATEMENT_COUNT = 6;

/** Amounts above this are capped: 2^24 − 1 whole units (the dataset's largest is ~1.7 · 10^6). */
export const AMOUNT_CAP = (1n << 24n) - 1n;

/** Repayment status is clamped to [−2, 8] before the +2 offset ("8" means 8 or more months late). */
export const STATUS_MIN = -2n;
export const STATUS_MAX = 8n;

/** One 30-day statement as the lending pool emits it (and as the dataset records it). */
export interface RawStatement {
  /** Statement balance, whole units (negative = credit balance, mapped to 0). */
  balance: bigint;
  /** Amount paid during the statement period, whole units. */
  paid: bigint;
  /** −2 no use, −1 paid in full, 0 minimum paid (revolving), k = k months late. */
  status: bigint;
}

/** A wallet's raw credit history, before derivation. */
export interface RawCreditHistory {
  /** The credit line granted, whole units. */
  creditLimit: bigint;
  /**
   * Statements newest first, at most 6. A thin file (a wallet with fewer than 6 statements) is
   * padded with `EMPTY_STATEMENT` for the missing *older* months: no statement means no use of
   * the line, which is exactly what status −2 with zero balance and payment records in the
   * dataset. The attestor signs the padded features, so prover and chain agree on the padding.
   */
  statements: readonly RawStatement[];
}

/** What a month without a statement counts as (see `RawCreditHistory.statements`). */
export const EMPTY_STATEMENT: RawStatement = Object.freeze({ balance: 0n, paid: 0n, status: -2n });

export type FeatureKind = "amount" | "status";

/** Where a feature's raw value comes from in `RawCreditHistory`. */
export type RawSource =
  { field: "creditLimit" } | { field: "balance" | "paid" | "status"; statement: number };

export interface FeatureSpec {
  /** Feature name, used in errors and in the model card. */
  name: string;
  /** Dataset column in the UCI CSV header (X1..X23) and its documented name (LIMIT_BAL, …). */
  column: string;
  columnName: string;
  /** Which raw value it derives from. */
  source: RawSource;
  kind: FeatureKind;
  /** Declared unsigned bit width: the circuit range-checks the feature to it. */
  bits: number;
  /** Inclusive range of the derived value. */
  min: bigint;
  max: bigint;
  description: string;
  /** The on-chain analogue in the lending pool's statement history. */
  onChain: string;
}

export interface FeatureSchema {
  id: string;
  features: readonly FeatureSpec[];
}

/**
 * Dataset columns that must never be model inputs. They are read by nothing in zkcredit: the
 * dataset loader skips them and `defineSchema` refuses any feature built on them.
 */
export const PROTECTED_ATTRIBUTES = Object.freeze([
  Object.freeze({ column: "X2", columnName: "SEX", feature: "sex" }),
  Object.freeze({ column: "X3", columnName: "EDUCATION", feature: "education" }),
  Object.freeze({ column: "X4", columnName: "MARRIAGE", feature: "maritalStatus" }),
  Object.freeze({ column: "X5", columnName: "AGE", feature: "age" }),
]);

/** floor(16 · log2(1 + 2^24 − 1)) = 384 is the largest amount feature, which fits 9 bits. */
const AMOUNT_MAX = 384n;
const AMOUNT_BITS = 9;
const STATUS_BITS = 4;

/**
 * Amount feature: floor(16 · log2(1 + a)) for a clamped to [0, 2^24 − 1], computed exactly as
 * bitLength((1 + a)^16) − 1. Log scale because balances span six orders of magnitude; ×16 keeps
 * 1/16-octave resolution; exact bigint arithmetic so every implementation agrees bit for bit.
 */
export function amountFeature(amount: bigint): bigint {
  const a = amount < 0n ? 0n : amount > AMOUNT_CAP ? AMOUNT_CAP : amount;
  return BigInt(((1n + a) ** 16n).toString(2).length - 1);
}

/** Status feature: min(max(s, −2), 8) + 2, so "no use" is 0 and "8+ months late" is 10. */
export function statusFeature(status: bigint): bigint {
  const s = status < STATUS_MIN ? STATUS_MIN : status > STATUS_MAX ? STATUS_MAX : status;
  return s - STATUS_MIN;
}

function statementFeatures(
  field: "status" | "balance" | "paid",
  column: (k: number) => [string, string],
  describe: (k: number) => [string, string],
): FeatureSpec[] {
  return Array.from({ length: STATEMENT_COUNT }, (_, i) => {
    const k = i + 1;
    const [col, colName] = column(k);
    const [description, onChain] = describe(k);
    const isStatus = field === "status";
    return {
      name: `${field}${k}`,
      column: col,
      columnName: colName,
      source: { field, statement: k },
      kind: isStatus ? "status" : "amount",
      bits: isStatus ? STATUS_BITS : AMOUNT_BITS,
      min: 0n,
      max: isStatus ? STATUS_MAX - STATUS_MIN : AMOUNT_MAX,
      description,
      onChain,
    } satisfies FeatureSpec;
  });
}

const AGO = (k: number): string =>
  k === 1 ? "the newest statement" : `statement ${k} (${k - 1} months earlier)`;

const V1_FEATURES: FeatureSpec[] = [
  {
    name: "creditLimit",
    column: "X1",
    columnName: "LIMIT_BAL",
    source: { field: "creditLimit" },
    kind: "amount",
    bits: AMOUNT_BITS,
    min: 0n,
    max: AMOUNT_MAX,
    description: "credit line granted, floor(16·log2(1+a))",
    onChain:
      "the credit line of the newest statement event (whole units of the pool's stable asset)",
  },
  // PAY_0 is the dataset's name for the newest status (there is no PAY_1).
  ...statementFeatures(
    "status",
    (k) => [`X${5 + k}`, k === 1 ? "PAY_0" : `PAY_${k}`],
    (k) => [
      `repayment status of ${AGO(k)}, min(max(s,−2),8)+2`,
      `repayment status of ${AGO(k)}: −2 no use, −1 paid in full, 0 minimum paid, k = k months late`,
    ],
  ),
  ...statementFeatures(
    "balance",
    (k) => [`X${11 + k}`, `BILL_AMT${k}`],
    (k) => [
      `balance of ${AGO(k)}, floor(16·log2(1+a)), negatives as 0`,
      `statement balance of ${AGO(k)} (whole units)`,
    ],
  ),
  ...statementFeatures(
    "paid",
    (k) => [`X${17 + k}`, `PAY_AMT${k}`],
    (k) => [
      `amount paid in the period of ${AGO(k)}, floor(16·log2(1+a))`,
      `amount repaid during the period of ${AGO(k)} (whole units)`,
    ],
  ),
];

function usesProtectedAttribute(f: FeatureSpec): string | undefined {
  const hit = PROTECTED_ATTRIBUTES.find(
    (p) =>
      p.column === f.column.toUpperCase() ||
      p.columnName === f.columnName.toUpperCase() ||
      p.feature.toLowerCase() === f.name.toLowerCase(),
  );
  return hit && `${hit.columnName} (${hit.column})`;
}

/**
 * Builds a frozen schema after checking it: unique names, widths that hold each range, and no
 * feature built on a protected attribute. The v1 schema goes through it at module load, so a
 * schema naming SEX, EDUCATION, MARRIAGE or AGE can never be imported.
 */
export function defineSchema(id: string, features: readonly FeatureSpec[]): FeatureSchema {
  const names = new Set<string>();
  for (const f of features) {
    const banned = usesProtectedAttribute(f);
    if (banned) {
      throw new Error(`schema ${id}: feature "${f.name}" uses protected attribute ${banned}`);
    }
    if (names.has(f.name)) throw new Error(`schema ${id}: feature "${f.name}" appears twice`);
    names.add(f.name);
    if (f.min < 0n || f.max < f.min || f.max >= 1n << BigInt(f.bits)) {
      throw new Error(
        `schema ${id}: feature "${f.name}" range [${f.min}, ${f.max}] does not fit ${f.bits} bits`,
      );
    }
  }
  return Object.freeze({
    id,
    features: Object.freeze(features.map((f) => Object.freeze({ ...f }))),
  });
}

export const FEATURE_SCHEMA: FeatureSchema = defineSchema(FEATURE_SCHEMA_ID, V1_FEATURES);

/** Declared bit width of each feature, in schema order (what `CircuitShape.featureBits` holds). */
export function featureBits(): number[] {
  return FEATURE_SCHEMA.features.map((f) => f.bits);
}

/** Feature names in schema order. */
export function featureNames(): string[] {
  return FEATURE_SCHEMA.features.map((f) => f.name);
}

function rawValue(history: RawCreditHistory, source: RawSource): bigint {
  if (source.field === "creditLimit") return history.creditLimit;
  const statement = history.statements[source.statement - 1] ?? EMPTY_STATEMENT;
  return statement[source.field];
}

/** The 19 feature values of a raw history, in schema order. Older missing statements are padded. */
export function deriveFeatures(raw: RawCreditHistory): bigint[] {
  if (raw.statements.length > STATEMENT_COUNT) {
    throw new Error(
      `credit history has ${raw.statements.length} statements; the schema reads the newest ${STATEMENT_COUNT}`,
    );
  }
  return FEATURE_SCHEMA.features.map((f) => {
    const value = rawValue(raw, f.source);
    if (typeof value !== "bigint") {
      throw new Error(
        `credit history: ${f.name} (${describeSource(f.source)}) is ${typeof value}, not a bigint`,
      );
    }
    return f.kind === "status" ? statusFeature(value) : amountFeature(value);
  });
}

function describeSource(source: RawSource): string {
  return source.field === "creditLimit"
    ? "creditLimit"
    : `statements[${source.statement - 1}].${source.field}`;
}

/** Throws, naming the feature, unless `values` has the schema's count and every value is in range. */
export function validateFeatures(values: readonly bigint[]): void {
  const specs = FEATURE_SCHEMA.features;
  if (values.length !== specs.length) {
    throw new Error(`${FEATURE_SCHEMA_ID} has ${specs.length} features, got ${values.length}`);
  }
  specs.forEach((f, i) => {
    const v = values[i];
    if (typeof v !== "bigint")
      throw new Error(`feature ${f.name} (index ${i}) is ${typeof v}, not a bigint`);
    if (v < f.min || v > f.max) {
      throw new Error(`feature ${f.name} (index ${i}) = ${v} is outside [${f.min}, ${f.max}]`);
    }
  });
}

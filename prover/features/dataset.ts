/**
 * Loader for the UCI "default of credit card clients" CSV (data/README.md): header
 * `ID,X1..X23,Y`, one client per row. Each row becomes a raw credit history built from the
 * columns the feature schema names, plus the default label. The protected columns X2..X5 are
 * checked for presence in the header and never read.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  EMPTY_STATEMENT,
  FEATURE_SCHEMA,
  STATEMENT_COUNT,
  deriveFeatures,
  type RawCreditHistory,
  type RawStatement,
} from "./schema.js";

/** The copy of the dataset committed with the repository. */
export const DEFAULT_DATASET_PATH = fileURLToPath(
  new URL("../../data/default_of_credit_card_clients.csv", import.meta.url),
);

/** The exact header the loader accepts. */
export const DATASET_HEADER: readonly string[] = Object.freeze([
  "ID",
  ...Array.from({ length: 23 }, (_, i) => `X${i + 1}`),
  "Y",
]);

export interface DatasetRow {
  /** The dataset's ID column. */
  id: number;
  history: RawCreditHistory;
  /** 1 = defaulted the next month. */
  label: 0 | 1;
}

const COLUMN_INDEX = new Map(DATASET_HEADER.map((name, i) => [name, i]));
const NAME_OF = new Map(FEATURE_SCHEMA.features.map((f) => [f.column, f.columnName]));

/**
 * Parses a whole-number cell. The published file writes some amounts in spreadsheet notation
 * ("5.00E+05"), so a decimal mantissa with an exponent is accepted when its value is an exact
 * integer; anything else (empty, text, a fraction) returns undefined.
 */
export function parseIntegerCell(text: string): bigint | undefined {
  const plain = /^[+-]?\d+$/.exec(text);
  if (plain) return BigInt(text);
  const sci = /^([+-]?)(\d+)(?:\.(\d*))?[eE]([+-]?\d+)$/.exec(text);
  if (!sci) return undefined;
  const [, sign, whole, frac = "", exp] = sci;
  const shift = Number(exp) - frac.length;
  let mantissa = BigInt(`${whole}${frac}`);
  if (shift >= 0) mantissa *= 10n ** BigInt(shift);
  else {
    const div = 10n ** BigInt(-shift);
    if (mantissa % div !== 0n) return undefined;
    mantissa /= div;
  }
  return sign === "-" ? -mantissa : mantissa;
}

/** Parses the CSV text; `source` names the file in errors. */
export function parseDataset(csv: string, source = "dataset"): DatasetRow[] {
  const lines = csv.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const header = (lines[0] ?? "").split(",").map((h) => h.trim());
  const expected = DATASET_HEADER.join(",");
  if (header.join(",") !== expected) {
    const at = DATASET_HEADER.findIndex((h, i) => header[i] !== h);
    throw new Error(
      `${source}: bad header at field ${at + 1}: expected "${DATASET_HEADER[at]}", found "${header[at] ?? "(nothing)"}" (header must be ${expected})`,
    );
  }
  const seen = new Set<number>();
  return lines.slice(1).map((line, i) => {
    const rowNumber = i + 1;
    const where = `${source}: row ${rowNumber} (line ${rowNumber + 1})`;
    const cells = line.split(",");
    if (cells.length !== DATASET_HEADER.length) {
      throw new Error(`${where}: has ${cells.length} fields, expected ${DATASET_HEADER.length}`);
    }
    const cell = (column: string): bigint => {
      const text = (cells[COLUMN_INDEX.get(column)!] ?? "").trim();
      const label = NAME_OF.has(column) ? `${column} (${NAME_OF.get(column)})` : column;
      if (text === "") throw new Error(`${where}, column ${label}: missing value`);
      const value = parseIntegerCell(text);
      if (value === undefined)
        throw new Error(`${where}, column ${label}: "${text}" is not a whole number`);
      return value;
    };
    const id = cell("ID");
    if (id < 1n || id > BigInt(Number.MAX_SAFE_INTEGER))
      throw new Error(`${where}, column ID: ${id} is not a positive id`);
    if (seen.has(Number(id))) throw new Error(`${where}, column ID: duplicate id ${id}`);
    seen.add(Number(id));
    const y = cell("Y");
    if (y !== 0n && y !== 1n)
      throw new Error(`${where}, column Y: label must be 0 or 1, found ${y}`);
    return { id: Number(id), history: historyOf(cell), label: y === 1n ? 1 : 0 };
  });
}

/** Builds the raw history from exactly the columns the schema names (and no others). */
function historyOf(cell: (column: string) => bigint): RawCreditHistory {
  let creditLimit = 0n;
  const statements: RawStatement[] = Array.from({ length: STATEMENT_COUNT }, () => ({
    ...EMPTY_STATEMENT,
  }));
  for (const f of FEATURE_SCHEMA.features) {
    const value = cell(f.column);
    if (f.source.field === "creditLimit") creditLimit = value;
    else statements[f.source.statement - 1]![f.source.field] = value;
  }
  return { creditLimit, statements };
}

/** Reads and parses the CSV file at `path` (the committed copy by default). */
export function loadDataset(path: string = DEFAULT_DATASET_PATH): DatasetRow[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`cannot read dataset ${path}: ${(e as Error).message}`);
  }
  return parseDataset(text, path);
}

/** The schema's feature vector of each row, through `deriveFeatures` (the only derivation). */
export function datasetFeatures(rows: readonly DatasetRow[]): bigint[][] {
  return rows.map((r) => deriveFeatures(r.history));
}

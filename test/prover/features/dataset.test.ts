import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  DATASET_HEADER,
  DEFAULT_DATASET_PATH,
  datasetFeatures,
  loadDataset,
  parseDataset,
  parseIntegerCell,
} from "../../../prover/features/dataset.js";
import { deriveFeatures } from "../../../prover/features/schema.js";

const HEADER = DATASET_HEADER.join(",");
// Two rows from the published file (IDs 1 and 7), the second with LIMIT_BAL in spreadsheet notation.
const ROW1 = "1,20000,2,2,1,24,2,2,-1,-1,-2,-2,3913,3102,689,0,0,0,0,689,0,0,0,0,1";
const ROW7 =
  "7,5.00E+05,1,1,2,29,0,0,0,0,0,0,367965,412023,445007,542653,483003,473944,55000,40000,38000,20239,13750,13770,0";

function withCell(row: string, index: number, value: string): string {
  const cells = row.split(",");
  cells[index] = value;
  return cells.join(",");
}

describe("dataset loader", () => {
  it("parses rows (CRLF, spreadsheet notation) into raw histories and labels", () => {
    const rows = parseDataset(`${HEADER}\r\n${ROW1}\r\n${ROW7}\r\n`);
    assert.equal(rows.length, 2);
    const [a, b] = rows;
    assert.equal(a!.id, 1);
    assert.equal(a!.label, 1);
    assert.equal(a!.history.creditLimit, 20000n);
    assert.deepEqual(a!.history.statements[1], { balance: 3102n, paid: 689n, status: 2n });
    assert.deepEqual(a!.history.statements[5], { balance: 0n, paid: 0n, status: -2n });
    assert.equal(b!.history.creditLimit, 500000n);
    assert.equal(b!.label, 0);
    assert.deepEqual(datasetFeatures(rows)[0], deriveFeatures(a!.history));
  });

  it("parses whole numbers exactly and refuses anything else", () => {
    assert.equal(parseIntegerCell("-339603"), -339603n);
    assert.equal(parseIntegerCell("1.00E+06"), 1000000n);
    assert.equal(parseIntegerCell("1.5e1"), 15n);
    assert.equal(parseIntegerCell("2500e-2"), 25n);
    for (const bad of ["", "abc", "1.5", "1.5E+00", "1e-1", "12a", "--1", "0x10"]) {
      assert.equal(parseIntegerCell(bad), undefined, `"${bad}"`);
    }
  });

  it("names the row and column of a missing cell", () => {
    const csv = `${HEADER}\n${ROW1}\n${withCell(ROW7, 14, "")}\n`;
    assert.throws(
      () => parseDataset(csv, "t.csv"),
      /^Error: t\.csv: row 2 \(line 3\), column X14 \(BILL_AMT3\): missing value$/,
    );
  });

  it("names the row and column of a non-numeric cell", () => {
    const csv = `${HEADER}\n${withCell(ROW1, 6, "late")}\n`;
    assert.throws(
      () => parseDataset(csv, "t.csv"),
      /t\.csv: row 1 \(line 2\), column X6 \(PAY_0\): "late" is not a whole number/,
    );
    const fraction = `${HEADER}\n${withCell(ROW1, 1, "2000.5")}\n`;
    assert.throws(
      () => parseDataset(fraction, "t.csv"),
      /column X1 \(LIMIT_BAL\): "2000\.5" is not a whole number/,
    );
  });

  it("names the field of a bad header", () => {
    const renamed = HEADER.replace("X2,", "SEX,");
    assert.throws(
      () => parseDataset(`${renamed}\n${ROW1}\n`, "t.csv"),
      /t\.csv: bad header at field 3: expected "X2", found "SEX"/,
    );
    const short = DATASET_HEADER.slice(0, 24).join(",");
    assert.throws(
      () => parseDataset(`${short}\n`, "t.csv"),
      /bad header at field 25: expected "Y", found "\(nothing\)"/,
    );
    assert.throws(() => parseDataset("", "t.csv"), /bad header at field 1: expected "ID"/);
  });

  it("rejects wrong field counts, bad labels and duplicate ids, naming the row", () => {
    assert.throws(
      () => parseDataset(`${HEADER}\n${ROW1},9\n`, "t.csv"),
      /row 1 \(line 2\): has 26 fields, expected 25/,
    );
    assert.throws(
      () => parseDataset(`${HEADER}\n${withCell(ROW1, 24, "2")}\n`, "t.csv"),
      /row 1 \(line 2\), column Y: label must be 0 or 1, found 2/,
    );
    assert.throws(
      () => parseDataset(`${HEADER}\n${ROW1}\n${ROW1}\n`, "t.csv"),
      /row 2 \(line 3\), column ID: duplicate id 1/,
    );
  });

  it("never reads the protected columns", () => {
    // Garbage in SEX, EDUCATION, MARRIAGE and AGE does not matter: the loader does not look.
    let row = ROW1;
    for (const i of [2, 3, 4, 5]) row = withCell(row, i, "not-read");
    const [parsed] = parseDataset(`${HEADER}\n${row}\n`);
    assert.deepEqual(parsed, parseDataset(`${HEADER}\n${ROW1}\n`)[0]);
  });

  it("names the file it cannot read", () => {
    const missing = join(mkdtempSync(join(tmpdir(), "zkcredit-ds-")), "none.csv");
    assert.throws(() => loadDataset(missing), new RegExp(`cannot read dataset ${missing}`));
    const file = join(mkdtempSync(join(tmpdir(), "zkcredit-ds-")), "bad.csv");
    writeFileSync(file, `${HEADER}\n${withCell(ROW1, 20, "?")}\n`);
    assert.throws(
      () => loadDataset(file),
      new RegExp(`${file}: row 1 \\(line 2\\), column X20 \\(PAY_AMT3\\)`),
    );
  });

  it("loads the committed dataset: 30,000 rows, 6,636 defaults, hash as in SHA256SUMS", () => {
    const sums = readFileSync(new URL("../../../data/SHA256SUMS", import.meta.url), "utf8");
    const digest = createHash("sha256").update(readFileSync(DEFAULT_DATASET_PATH)).digest("hex");
    assert.match(sums, new RegExp(`^${digest}  default_of_credit_card_clients\\.csv$`, "m"));
    const rows = loadDataset();
    assert.equal(rows.length, 30000);
    assert.equal(rows.filter((r) => r.label === 1).length, 6636);
    assert.equal(rows[6]!.history.creditLimit, 500000n);
  });
});

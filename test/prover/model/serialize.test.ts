import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  loadQuantizedModel,
  quantizedModelFromJson,
  quantizedModelToJson,
  saveQuantizedModel,
} from "../../../prover/model/serialize.js";
import { modelCommitment, shapeTag } from "../../../prover/model/commitment.js";
import { tinyModel } from "./tiny.js";

/** The parts of the file format the tests edit. */
interface Doc {
  format: string;
  weights: string[][][];
  shape: { scorecard: Record<string, unknown>; layers: Record<string, unknown>[] };
}

/** Edits the JSON document of the tiny model. */
function tampered(edit: (doc: Doc) => void): string {
  const doc = JSON.parse(quantizedModelToJson(tinyModel())) as Doc;
  edit(doc);
  return JSON.stringify(doc);
}

describe("quantized model files", () => {
  it("round-trips, storing bigints as decimal strings with shapeTag and commitment", () => {
    const text = quantizedModelToJson(tinyModel());
    const doc = JSON.parse(text);
    assert.equal(doc.commitment, modelCommitment(tinyModel()).toString());
    assert.equal(doc.shapeTag, shapeTag(tinyModel().shape).toString());
    assert.deepEqual(doc.weights[0], [
      ["3", "-2"],
      ["-4", "1"],
    ]);
    assert.deepEqual(quantizedModelFromJson(text), tinyModel());
  });

  it("saves and loads a file", () => {
    const dir = mkdtempSync(join(tmpdir(), "zkcredit-model-"));
    try {
      const path = join(dir, "model.json");
      saveQuantizedModel(path, tinyModel());
      assert.deepEqual(loadQuantizedModel(path), tinyModel());
      assert.throws(
        () => loadQuantizedModel(join(dir, "missing.json")),
        /missing\.json: cannot read the model file/,
      );
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it("refuses weights that do not match the stored commitment", () => {
    const text = tampered((d) => (d.weights[1]![0]![1] = "-2"));
    assert.throws(
      () => quantizedModelFromJson(text, "m.json"),
      /m\.json: commitment \d+ does not match the weights and shape/,
    );
  });

  it("refuses a shape that does not match the stored shapeTag", () => {
    // The shape's name carries a digest of its tag, so the name check catches it first.
    const text = tampered((d) => (d.shape.scorecard.baseScore = 650));
    assert.throws(
      () => quantizedModelFromJson(text),
      /shape name "[^"]+" does not match its numbers/,
    );
  });

  it("refuses malformed documents, naming the field", () => {
    assert.throws(() => quantizedModelFromJson("{", "m.json"), /m\.json: not JSON/);
    assert.throws(
      () => quantizedModelFromJson(tampered((d) => (d.weights[0]![0]![0] = "1.5"))),
      /weights\[0\]\[0\]\[0\] is "1\.5", not a decimal integer string/,
    );
    assert.throws(
      () => quantizedModelFromJson(tampered((d) => (d.format = "v0"))),
      /format is "v0"/,
    );
    assert.throws(
      () => quantizedModelFromJson(tampered((d) => delete d.shape.layers[0]!.shift)),
      /shape\.layers\[0\]\.shift is undefined, not an integer/,
    );
    assert.throws(
      () => quantizedModelFromJson(tampered((d) => (d.weights[0]![0]![0] = "9"))),
      /layer 0 weight \[row 0\]\[col 0\] = 9 does not fit signed 4 bits/,
    );
  });
});

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  encodeShape,
  modelCommitment,
  paramChunks,
  shapeTag,
} from "../../../prover/model/commitment.js";
import { poseidon } from "../../../prover/field/index.js";
import { tinyModel } from "./tiny.js";

describe("model commitment", () => {
  it("encodes the shape in the documented order", () => {
    assert.deepEqual(
      encodeShape(tinyModel().shape),
      [
        [2, 4, 4, 2],
        [2, 2, 1, 4, 4, 2, 5],
        [2, 1, 0, 4, 5, 1, 5],
        [40, 600, 20000, 2, 2402, 300, 11, 300, 850],
      ]
        .flat()
        .map(BigInt),
    );
  });

  it("equals the sponge over shapeTag and the packed parameters, computed by hand", () => {
    const q = tinyModel();
    const e = encodeShape(q.shape); // 26 elements: two Poseidon calls
    const tag = poseidon([poseidon([0n, ...e.slice(0, 15)]), ...e.slice(15)]);
    assert.equal(shapeTag(q.shape), tag);
    // Offset encodings v + 2^(bits−1): W0 = 3,−2,−4,1 → 11,6,4,9; B0 = 1,−3 → 9,5;
    // W1 = 2,−3 → 10,5 (4 bits each); B1 = 1 → 17 (5 bits). 37 bits: one chunk.
    const nibbles = [11n, 6n, 4n, 9n, 9n, 5n, 10n, 5n];
    const chunk = nibbles.reduce((acc, v, i) => acc | (v << BigInt(4 * i)), 0n) | (17n << 32n);
    assert.deepEqual(paramChunks(q), [chunk]);
    assert.equal(modelCommitment(q), poseidon([0n, tag, chunk]));
  });

  it("is deterministic", () => {
    assert.equal(modelCommitment(tinyModel()), modelCommitment(structuredClone(tinyModel())));
  });

  it("changes when one weight or bias changes, with the same shapeTag", () => {
    const base = tinyModel();
    const w = tinyModel();
    w.weights[1]![0]![1] = -2n;
    const b = tinyModel();
    b.biases[0]![0] = 2n;
    assert.equal(shapeTag(w.shape), shapeTag(base.shape));
    assert.notEqual(modelCommitment(w), modelCommitment(base));
    assert.notEqual(modelCommitment(b), modelCommitment(base));
    assert.notEqual(modelCommitment(b), modelCommitment(w));
  });

  it("changes shapeTag and commitment when the shape changes", () => {
    const s = tinyModel();
    s.shape.layers[1]!.outBits = 6;
    assert.notEqual(shapeTag(s.shape), shapeTag(tinyModel().shape));
    assert.notEqual(modelCommitment(s), modelCommitment(tinyModel()));
  });

  it("refuses parameters outside their widths, naming layer and position", () => {
    const q = tinyModel();
    q.weights[0]![1]![0] = 8n; // 4-bit signed: [−8, 7]
    assert.throws(
      () => modelCommitment(q),
      /layer 0 weight \[row 1\]\[col 0\] = 8 does not fit signed 4 bits \[-8, 7\]/,
    );
    const b = tinyModel();
    b.biases[1]![0] = -17n;
    assert.throws(
      () => modelCommitment(b),
      /layer 1 bias \[row 0\] = -17 does not fit signed 5 bits/,
    );
  });
});

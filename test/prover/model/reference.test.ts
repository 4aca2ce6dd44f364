import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { inferInteger } from "../../../prover/model/reference.js";
import { activationBounds, checkBounds, validateShape } from "../../../prover/model/shape.js";
import { tinyModel } from "./tiny.js";

describe("inferInteger on hand-computed examples", () => {
  // layer 0: acc = [3a − 2b + 1, −4a + b − 3], q = floor(acc / 4), ReLU
  // layer 1: acc = 2h0 − 3h1 + 1, logitQ = floor(acc / 2); raw = floor((2402 − 300·logitQ) / 4)
  const cases = [
    // acc1 = −26 → floor(−6.5) = −7 (truncation would give −6); raw 300.5 → 300, at the floor
    { x: [6n, 1n], pre0: [4n, -7n], act0: [4n, 0n], logitQ: 4n, raw: 300n, score: 300n },
    // acc0 = −29 → −8 (not −7); logitQ = floor(−8/2) = −4; raw 900 → clamped to 850
    { x: [0n, 15n], pre0: [-8n, 3n], act0: [0n, 3n], logitQ: -4n, raw: 900n, score: 850n },
    // acc0 = −21 → −6; layer-1 acc = −5 → floor(−2.5) = −3 (not −2); raw 825.5 → 825
    { x: [0n, 11n], pre0: [-6n, 2n], act0: [0n, 2n], logitQ: -3n, raw: 825n, score: 825n },
    // raw 225.5 → 225, clamped up to 300
    { x: [7n, 0n], pre0: [5n, -8n], act0: [5n, 0n], logitQ: 5n, raw: 225n, score: 300n },
    // layer-1 acc = 1 → 0; raw 600.5 → 600
    { x: [1n, 2n], pre0: [0n, -2n], act0: [0n, 0n], logitQ: 0n, raw: 600n, score: 600n },
  ];
  for (const c of cases) {
    it(`x = [${c.x}] → logitQ ${c.logitQ}, score ${c.score}`, () => {
      const r = inferInteger(tinyModel(), c.x);
      assert.deepEqual(r.preActivations[0], c.pre0);
      assert.deepEqual(r.activations[0], c.act0);
      assert.equal(r.logitQ, c.logitQ);
      assert.equal(r.rawScore, c.raw);
      assert.equal(r.score, c.score);
    });
  }

  it("the tiny shape is consistent and its interval bounds are the hand-computed ones", () => {
    const q = tinyModel();
    validateShape(q.shape);
    const b = activationBounds(q);
    // acc0 ∈ 3·[0,15] − 2·[0,15] + 1 = [−29, 46] → [−8, 11]; acc1 ∈ [−63, 12] → [−16, 3]
    assert.deepEqual(
      b[0]!.map((n) => [n.qLo, n.qHi]),
      [
        [-8n, 11n],
        [-16n, 3n],
      ],
    );
    // after ReLU h ∈ [0,11] × [0,3]: acc ∈ [−8, 23] → [−4, 11]
    assert.deepEqual(
      b[1]!.map((n) => [n.qLo, n.qHi]),
      [[-4n, 11n]],
    );
    checkBounds(q);
  });

  it("every one of the 256 valid inputs stays within the bounds", () => {
    const q = tinyModel();
    const b = activationBounds(q);
    for (let a = 0n; a < 16n; a++) {
      for (let c = 0n; c < 16n; c++) {
        const r = inferInteger(q, [a, c]);
        r.preActivations.forEach((layer, k) =>
          layer.forEach((v, j) => assert.ok(v >= b[k]![j]!.qLo && v <= b[k]![j]!.qHi)),
        );
      }
    }
  });

  it("rejects a wrong feature count and a feature outside its width", () => {
    assert.throws(() => inferInteger(tinyModel(), [1n]), /takes 2 features, got 1/);
    assert.throws(
      () => inferInteger(tinyModel(), [1n, 16n]),
      /feature 1 = 16 is outside its declared width: \[0, 15\]/,
    );
    assert.throws(() => inferInteger(tinyModel(), [-1n, 0n]), /feature 0 = -1/);
  });

  it("refuses an activation that would overflow its declared outBits", () => {
    const q = tinyModel();
    q.shape.layers[0]!.outBits = 4; // [−8, 7] but q0 reaches 11
    assert.throws(() => checkBounds(q), /layer 0 neuron 0: output ranges over \[-8, 11\]/);
    assert.throws(
      () => inferInteger(q, [15n, 0n]),
      /layer 0 neuron 0: output 11 outside signed 4 bits/,
    );
  });
});

/**
 * The web app's proofFromCalldata (web/src/lib/calldata.ts, a browser-bundleable copy) must be the
 * exact inverse of the prover's calldata layout: otherwise "verify in browser" would reject every
 * honest proof. Runs without a browser or a chain (part of `npm test`).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { fromCalldata, toCalldata } from "../../prover/proof/prove.js";
import { FIELD_MODULUS } from "../../prover/field/index.js";
import { proofFromCalldata } from "../../web/src/lib/calldata.js";

const element = () => BigInt(`0x${randomBytes(32).toString("hex")}`) % FIELD_MODULUS;

describe("web calldata → snarkjs proof", () => {
  it("agrees with the prover's fromCalldata and undoes its toCalldata", () => {
    for (let i = 0; i < 20; i++) {
      const words = Array.from({ length: 8 }, element);
      const web = proofFromCalldata(words);
      assert.deepEqual(web, fromCalldata(words));
      assert.deepEqual(toCalldata(web, [1n]).proof, words);
    }
  });

  it("refuses a proof that does not have 8 words, naming the count", () => {
    assert.throws(() => proofFromCalldata([1n, 2n, 3n]), /8 words, got 3/);
  });
});

/**
 * Gas snapshot of the key calls (the bench's chain section, through the production deploy and
 * seed code): fails when any call costs more than 5% above test/gas/snapshot.json. After an
 * intended change, refresh it with `UPDATE_GAS_SNAPSHOT=1 npm test` and commit the file.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { benchChain } from "../../bench/chain.js";
import { terminateCurves } from "../../prover/proof/curves.js";

const SNAPSHOT = new URL("./snapshot.json", import.meta.url);
const TOLERANCE = 0.05;
const KEYS = [
  "verifierGas",
  "submitScoreGas",
  "submitScoreGasReturning",
  "borrowGas",
  "repayGas",
] as const;

describe("gas snapshot", () => {
  it("no key call costs more than 5% above the committed snapshot", async () => {
    const figures = await benchChain(1);
    await terminateCurves();
    const measured = Object.fromEntries(KEYS.map((k) => [k, figures[k]]));
    if (process.env.UPDATE_GAS_SNAPSHOT === "1" || !existsSync(SNAPSHOT)) {
      writeFileSync(SNAPSHOT, JSON.stringify(measured, null, 2) + "\n");
      return;
    }
    const snapshot = JSON.parse(readFileSync(SNAPSHOT, "utf8")) as Record<string, number>;
    const missing = KEYS.filter((k) => typeof snapshot[k] !== "number");
    assert.deepEqual(missing, [], "the snapshot lacks these calls: refresh it");
    const grown = KEYS.filter((k) => measured[k]! > snapshot[k]! * (1 + TOLERANCE)).map(
      (k) => `${k} ${snapshot[k]} → ${measured[k]}`,
    );
    assert.deepEqual(grown, [], "gas grew more than 5%: update test/gas/snapshot.json if intended");
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { packLayout } from "../../../prover/field/index.js";
import {
  AMOUNT_CAP,
  EMPTY_STATEMENT,
  FEATURE_SCHEMA,
  FEATURE_SCHEMA_ID,
  PROTECTED_ATTRIBUTES,
  amountFeature,
  defineSchema,
  deriveFeatures,
  featureBits,
  featureNames,
  statusFeature,
  validateFeatures,
  type FeatureSpec,
  type RawStatement,
} from "../../../prover/features/schema.js";

/**
 * floor(16·log2(1+a)) by its definition, independently of bitLength: the unique f with
 * 2^f ≤ (1+a)^16 < 2^(f+1), found by binary search over comparisons.
 */
function log16Reference(a: bigint): bigint {
  const x = (1n + a) ** 16n;
  let lo = 0n;
  let hi = 1024n;
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (1n << mid <= x) lo = mid;
    else hi = mid;
  }
  return lo;
}

const statement = (balance: bigint, paid: bigint, status: bigint): RawStatement => ({
  balance,
  paid,
  status,
});

describe("feature schema v1", () => {
  it("lists the 19 features in the documented order with their widths", () => {
    assert.equal(FEATURE_SCHEMA.id, FEATURE_SCHEMA_ID);
    const k = [1, 2, 3, 4, 5, 6];
    assert.deepEqual(featureNames(), [
      "creditLimit",
      ...k.map((i) => `status${i}`),
      ...k.map((i) => `balance${i}`),
      ...k.map((i) => `paid${i}`),
    ]);
    assert.deepEqual(featureBits(), [9, 4, 4, 4, 4, 4, 4, ...Array(12).fill(9)]);
    assert.deepEqual(
      FEATURE_SCHEMA.features.map((f) => f.columnName),
      ["LIMIT_BAL", "PAY_0", "PAY_2", "PAY_3", "PAY_4", "PAY_5", "PAY_6"]
        .concat(k.map((i) => `BILL_AMT${i}`))
        .concat(k.map((i) => `PAY_AMT${i}`)),
    );
    // 141 bits: one 252-bit chunk for the features hash, as docs/architecture.md says.
    assert.equal(
      featureBits().reduce((a, b) => a + b),
      141,
    );
    assert.equal(packLayout(featureBits()).length, 1);
    for (const f of FEATURE_SCHEMA.features) {
      assert.ok(
        f.onChain.length > 0 && f.description.length > 0,
        `${f.name} documents its on-chain analogue`,
      );
      assert.ok(f.max < 1n << BigInt(f.bits), `${f.name} max fits its width`);
    }
  });

  it("uses no protected attribute", () => {
    const protectedColumns = new Set(["X2", "X3", "X4", "X5"]);
    assert.deepEqual(
      PROTECTED_ATTRIBUTES.map((p) => p.columnName),
      ["SEX", "EDUCATION", "MARRIAGE", "AGE"],
    );
    for (const f of FEATURE_SCHEMA.features) {
      assert.ok(!protectedColumns.has(f.column), `${f.name} reads ${f.column}`);
    }
  });

  it("refuses a schema that adds a protected attribute", () => {
    const base = FEATURE_SCHEMA.features[0]!;
    const sex: FeatureSpec = { ...base, name: "gender", column: "X2", columnName: "SEX" };
    assert.throws(
      () => defineSchema("test/v2", [...FEATURE_SCHEMA.features, sex]),
      /feature "gender" uses protected attribute SEX \(X2\)/,
    );
    const age: FeatureSpec = { ...base, name: "age", column: "X99", columnName: "CUSTOMER_AGE" };
    assert.throws(
      () => defineSchema("test/v2", [age]),
      /feature "age" uses protected attribute AGE/,
    );
    const education: FeatureSpec = { ...base, name: "x", column: "x3", columnName: "whatever" };
    assert.throws(() => defineSchema("test/v2", [education]), /EDUCATION \(X3\)/);
  });

  it("refuses duplicate names and widths that cannot hold the range", () => {
    const base = FEATURE_SCHEMA.features[0]!;
    assert.throws(() => defineSchema("t", [base, base]), /"creditLimit" appears twice/);
    assert.throws(
      () => defineSchema("t", [{ ...base, bits: 8 }]),
      /range \[0, 384\] does not fit 8 bits/,
    );
  });

  it("derives amounts exactly at the boundaries", () => {
    const cases: bigint[] = [0n, 1n, 2n, 3n, 100n, 20000n, AMOUNT_CAP - 1n, AMOUNT_CAP];
    for (let k = 1n; k <= 24n; k++) cases.push((1n << k) - 2n, (1n << k) - 1n, 1n << k);
    for (const a of cases) {
      const expected = log16Reference(a > AMOUNT_CAP ? AMOUNT_CAP : a);
      assert.equal(amountFeature(a), expected, `amount ${a}`);
    }
    // 1 + (2^k − 1) = 2^k exactly, so the feature is exactly 16k.
    for (let k = 0n; k <= 24n; k++) assert.equal(amountFeature((1n << k) - 1n), 16n * k);
    assert.equal(amountFeature(1n), 16n);
    assert.equal(amountFeature(2n), 25n); // 16·log2(3) = 25.36
    assert.equal(amountFeature(AMOUNT_CAP), 384n);
  });

  it("maps negative amounts to 0 and caps large ones", () => {
    assert.equal(amountFeature(-1n), 0n);
    assert.equal(amountFeature(-339603n), 0n);
    assert.equal(amountFeature(AMOUNT_CAP + 1n), 384n);
    assert.equal(amountFeature(10n ** 30n), 384n);
  });

  it("agrees with floating point away from integer boundaries", () => {
    let seed = 12345;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const a = seed % 16777215;
      const exact = 16 * Math.log2(1 + a);
      if (Math.abs(exact - Math.round(exact)) < 1e-9) continue;
      assert.equal(amountFeature(BigInt(a)), BigInt(Math.floor(exact)), `amount ${a}`);
    }
  });

  it("maps repayment status to min(max(s, −2), 8) + 2", () => {
    const cases: [bigint, bigint][] = [
      [-5n, 0n],
      [-3n, 0n],
      [-2n, 0n],
      [-1n, 1n],
      [0n, 2n],
      [1n, 3n],
      [7n, 9n],
      [8n, 10n],
      [9n, 10n],
      [100n, 10n],
    ];
    for (const [s, f] of cases) assert.equal(statusFeature(s), f, `status ${s}`);
  });

  it("derives a full history in schema order", () => {
    const statements = [
      statement(3913n, 0n, 2n),
      statement(3102n, 689n, 2n),
      statement(689n, 0n, -1n),
      statement(0n, 0n, -1n),
      statement(-5n, 0n, -2n),
      statement(0n, 0n, -2n),
    ];
    // floor(16·log2(20001)) = 228, floor(16·log2(3914)) = 190, (3103) = 185, (690) = 150.
    assert.deepEqual(deriveFeatures({ creditLimit: 20000n, statements }), [
      228n,
      4n,
      4n,
      1n,
      1n,
      0n,
      0n,
      190n,
      185n,
      150n,
      0n,
      0n,
      0n,
      0n,
      150n,
      0n,
      0n,
      0n,
      0n,
    ]);
  });

  it("pads a thin file with 'no use' statements for the missing older months", () => {
    const newest = [statement(5000n, 1000n, 0n), statement(4000n, 4000n, -1n)];
    const thin = deriveFeatures({ creditLimit: 50000n, statements: newest });
    const padded = deriveFeatures({
      creditLimit: 50000n,
      statements: [...newest, EMPTY_STATEMENT, EMPTY_STATEMENT, EMPTY_STATEMENT, EMPTY_STATEMENT],
    });
    assert.deepEqual(thin, padded);
    assert.deepEqual(thin.slice(3, 7), [0n, 0n, 0n, 0n]); // status −2 → 0
    assert.deepEqual(deriveFeatures({ creditLimit: 0n, statements: [] }), Array(19).fill(0n));
  });

  it("rejects too many statements and non-bigint values, naming the field", () => {
    const s = statement(1n, 1n, 0n);
    assert.throws(
      () => deriveFeatures({ creditLimit: 1n, statements: Array(7).fill(s) }),
      /has 7 statements/,
    );
    const bad = { balance: 1n, paid: 2 as unknown as bigint, status: 0n };
    assert.throws(
      () => deriveFeatures({ creditLimit: 1n, statements: [s, bad] }),
      /paid2 \(statements\[1\]\.paid\) is number/,
    );
  });

  it("validates count and ranges, naming the feature", () => {
    const ok = deriveFeatures({ creditLimit: 1000n, statements: [] });
    validateFeatures(ok);
    assert.throws(() => validateFeatures(ok.slice(1)), /has 19 features, got 18/);
    const tooLate = [...ok];
    tooLate[3] = 11n;
    assert.throws(
      () => validateFeatures(tooLate),
      /feature status3 \(index 3\) = 11 is outside \[0, 10\]/,
    );
    const tooBig = [...ok];
    tooBig[18] = 385n;
    assert.throws(
      () => validateFeatures(tooBig),
      /feature paid6 \(index 18\) = 385 is outside \[0, 384\]/,
    );
    const negative = [...ok];
    negative[0] = -1n;
    assert.throws(() => validateFeatures(negative), /feature creditLimit/);
  });
});

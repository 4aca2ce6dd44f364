import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { network } from "hardhat";
import { maxUint256, type Address } from "viem";

import {
  addressOf,
  advance,
  DAY,
  DEFAULT_RISK,
  interestFor,
  lendingFixtures,
  PERIOD,
  pinNextTimestamp,
  SCORE,
  USDC,
  WETH,
  type LendingFixture,
} from "./LendingPool.fixture.js";

const connection = await network.create();
const { viem, networkHelpers } = connection;
const { fundedLending } = lendingFixtures(connection);

type Pool = LendingFixture["pool"];

/** Tier 2 (score 700) on 1 WETH at 2000: a 1400 line at 12%. */
const LINE = 1400n * USDC;
const STATUS = { noUse: -2, paidInFull: -1, minimumPaid: 0 } as const;

/** Debt of `borrower` at unix time `at`, computed from its stored account as the pool does. */
async function debtAt(pool: Pool, borrower: Address, at: bigint): Promise<bigint> {
  const a = await pool.read.accountOf([borrower]);
  return (
    a.principal + a.interest + interestFor(a.principal, BigInt(a.aprBps), at - BigInt(a.accruedAt))
  );
}

/** The minimum payment the pool sets: 1% of principal + interest, at least the floor, at most the balance. */
function minimumFor(principal: bigint, interest: bigint): bigint {
  const share = (principal * BigInt(DEFAULT_RISK.minimumPaymentBps) + 9_999n) / 10_000n;
  const due =
    share + interest > DEFAULT_RISK.minimumPaymentFloor
      ? share + interest
      : DEFAULT_RISK.minimumPaymentFloor;
  return due < principal + interest ? due : principal + interest;
}

/**
 * Closes the borrower's statement (30 days after the previous one), asserting the event exactly,
 * and returns the balance it recorded.
 */
async function closeExpecting(
  pool: Pool,
  feed: LendingFixture["feed"],
  borrower: Address,
  index: bigint,
  expected: { paid: bigint; status: number; line?: bigint },
): Promise<bigint> {
  await advance(connection, feed, PERIOD);
  const closedAt = await pinNextTimestamp(connection);
  const balance = await debtAt(pool, borrower, closedAt);
  const account = await pool.read.accountOf([borrower]);
  assert.equal(account.paidInPeriod, expected.paid);
  await viem.assertions.emitWithArgs(
    pool.write.closeStatement([borrower]),
    pool,
    "StatementClosed",
    [borrower, index, closedAt, expected.line ?? LINE, balance, expected.paid, expected.status],
  );
  return balance;
}

/** Funded pool; alice (score 700) has posted 1 WETH and opened her account. */
async function aliceWithLine() {
  const fixture = await fundedLending();
  const { pool, weth, scores, alice } = fixture;
  await scores.write.setScore([addressOf(alice), true, SCORE.tier2]);
  await pool.write.depositCollateral([weth.address, WETH], { account: alice.account });
  return fixture;
}

describe("LendingPool statements", () => {
  it("records no use, paid in full, minimum paid, then 1, 2 and 3 months late", async () => {
    const { pool, feed, alice } = await networkHelpers.loadFixture(aliceWithLine);
    const who = addressOf(alice);

    // Period 0: collateral only.
    await closeExpecting(pool, feed, who, 0n, { paid: 0n, status: STATUS.noUse });

    // Period 1: draws and repays everything before the close.
    await pool.write.draw([500n * USDC], { account: alice.account });
    await advance(connection, feed, DAY);
    const repaidAt = await pinNextTimestamp(connection);
    const owed = await debtAt(pool, who, repaidAt);
    await pool.write.repay([who, maxUint256], { account: alice.account });
    await closeExpecting(pool, feed, who, 1n, { paid: owed, status: STATUS.paidInFull });

    // Period 2: draws 1000 and pays nothing; nothing was due, so it is still "paid in full".
    await pool.write.draw([1000n * USDC], { account: alice.account });
    const balance2 = await closeExpecting(pool, feed, who, 2n, {
      paid: 0n,
      status: STATUS.paidInFull,
    });
    const after2 = await pool.read.accountOf([who]);
    const minimum2 = minimumFor(after2.principal, after2.interest);
    assert.equal(after2.statementBalance, balance2);
    assert.equal(after2.minimumDue, minimum2);
    assert.equal(minimum2, DEFAULT_RISK.minimumPaymentFloor);

    // Period 3: pays exactly the minimum and revolves the rest.
    await pool.write.repay([who, minimum2], { account: alice.account });
    await closeExpecting(pool, feed, who, 3n, { paid: minimum2, status: STATUS.minimumPaid });

    // Periods 4–6: pays nothing; each close adds a month late and drawing is frozen.
    for (const [index, late] of [
      [4n, 1],
      [5n, 2],
      [6n, 3],
    ] as const) {
      await closeExpecting(pool, feed, who, index, { paid: 0n, status: late });
      assert.equal((await pool.read.accountOf([who])).monthsLate, late);
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.draw([USDC], { account: alice.account }),
        pool,
        "LendingPoolDelinquent",
        [who, late],
      );
    }
    // Three months late reaches the delinquency limit: liquidatable though fully collateralised.
    assert.deepEqual(await pool.read.liquidatable([who]), [false, true]);
  });

  it("announces the next minimum payment with its due date", async () => {
    const { pool, feed, alice } = await networkHelpers.loadFixture(aliceWithLine);
    const who = addressOf(alice);
    await pool.write.draw([LINE], { account: alice.account });
    await advance(connection, feed, PERIOD);
    const closedAt = await pinNextTimestamp(connection);
    const a = await pool.read.accountOf([who]);
    const interest =
      a.interest + interestFor(a.principal, BigInt(a.aprBps), closedAt - BigInt(a.accruedAt));
    const minimum = minimumFor(a.principal, interest);
    // 1% of 1400 plus ~13.8 of interest: above the 25 floor.
    assert.ok(minimum > DEFAULT_RISK.minimumPaymentFloor);
    await viem.assertions.emitWithArgs(
      pool.write.closeStatement([who]),
      pool,
      "MinimumPaymentSet",
      [who, 0n, minimum, closedAt + PERIOD],
    );
  });

  it("keeps a transactor who pays each statement in full at 'paid in full' while it keeps drawing", async () => {
    const { pool, feed, alice } = await networkHelpers.loadFixture(aliceWithLine);
    const who = addressOf(alice);
    await pool.write.draw([300n * USDC], { account: alice.account });
    const balance0 = await closeExpecting(pool, feed, who, 0n, {
      paid: 0n,
      status: STATUS.paidInFull,
    });
    await pool.write.repay([who, balance0], { account: alice.account });
    await pool.write.draw([200n * USDC], { account: alice.account });
    await closeExpecting(pool, feed, who, 1n, { paid: balance0, status: STATUS.paidInFull });
  });

  it("clears the delinquency once the minimum is paid again", async () => {
    const { pool, feed, alice } = await networkHelpers.loadFixture(aliceWithLine);
    const who = addressOf(alice);
    await pool.write.draw([1000n * USDC], { account: alice.account });
    await closeExpecting(pool, feed, who, 0n, { paid: 0n, status: STATUS.paidInFull });
    await closeExpecting(pool, feed, who, 1n, { paid: 0n, status: 1 });
    const { minimumDue } = await pool.read.accountOf([who]);
    await pool.write.repay([who, minimumDue], { account: alice.account });
    await closeExpecting(pool, feed, who, 2n, { paid: minimumDue, status: STATUS.minimumPaid });
    assert.equal((await pool.read.accountOf([who])).monthsLate, 0);
    await pool.write.draw([USDC], { account: alice.account });
  });

  it("refreshes the borrower's rate from its current score at each close", async () => {
    const { pool, feed, scores, alice } = await networkHelpers.loadFixture(aliceWithLine);
    const who = addressOf(alice);
    await pool.write.draw([100n * USDC], { account: alice.account });
    assert.equal((await pool.read.accountOf([who])).aprBps, 1200);
    await scores.write.setScore([who, true, SCORE.tier4]);
    await advance(connection, feed, PERIOD);
    await viem.assertions.emitWithArgs(pool.write.closeStatement([who]), pool, "TermsUpdated", [
      who,
      4,
      500,
    ]);
    assert.equal((await pool.read.accountOf([who])).aprBps, 500);
  });

  it("accrues simple interest per second at the tier's rate", async () => {
    const { pool, feed, alice } = await networkHelpers.loadFixture(aliceWithLine);
    const who = addressOf(alice);
    await pool.write.draw([1000n * USDC], { account: alice.account });
    await advance(connection, feed, 365n * DAY);
    const now = BigInt(await networkHelpers.time.latest());
    const { accruedAt } = await pool.read.accountOf([who]);
    const debt = await pool.read.debtOf([who]);
    assert.equal(debt, 1000n * USDC + interestFor(1000n * USDC, 1200n, now - BigInt(accruedAt)));
    // One year at 12%, simple: 1120, give or take the few seconds past the year.
    assert.ok(debt >= 1120n * USDC && debt < 1120n * USDC + USDC / 100n, `debt ${debt}`);
  });

  it("refuses to close a statement early or for a wallet without an account", async () => {
    const { pool, alice, stranger } = await networkHelpers.loadFixture(aliceWithLine);
    const who = addressOf(alice);
    const dueAt = await pool.read.statementDueAt([who]);
    await viem.assertions.revertWithCustomErrorWithArgs(
      pool.write.closeStatement([who]),
      pool,
      "LendingPoolStatementNotDue",
      [who, dueAt],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      pool.write.closeStatement([addressOf(stranger)]),
      pool,
      "LendingPoolNoAccount",
      [addressOf(stranger)],
    );
  });

  it("lets a keeper close every due statement in one call, skipping the others", async () => {
    const { pool, weth, feed, alice, bob, stranger } =
      await networkHelpers.loadFixture(aliceWithLine);
    await advance(connection, feed, PERIOD - DAY);
    await pool.write.depositCollateral([weth.address, WETH], { account: bob.account });
    await advance(connection, feed, DAY);
    const borrowers = [addressOf(alice), addressOf(bob), addressOf(stranger)];
    const { result } = await pool.simulate.closeStatements([borrowers]);
    assert.equal(result, 1n);
    await pool.write.closeStatements([borrowers]);
    assert.equal((await pool.read.accountOf([addressOf(alice)])).statementCount, 1);
    assert.equal((await pool.read.accountOf([addressOf(bob)])).statementCount, 0);
  });
});

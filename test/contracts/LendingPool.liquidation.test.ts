import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { network } from "hardhat";
import { maxUint256 } from "viem";

import {
  addressOf,
  advance,
  DEFAULT_RISK,
  ETH_PRICE,
  interestFor,
  lendingFixtures,
  LIQUIDITY,
  PERIOD,
  pinNextTimestamp,
  SCORE,
  USDC,
  WETH,
} from "./LendingPool.fixture.js";

const connection = await network.create();
const { viem, networkHelpers } = connection;
const { fundedLending } = lendingFixtures(connection);

const BPS = 10_000n;
const BONUS = BigInt(DEFAULT_RISK.liquidationBonusBps);
const THRESHOLD = BigInt(DEFAULT_RISK.liquidationThresholdBps);

/** Collateral (18 decimals) worth `value` asset units at an 8-decimal price, rounded down. */
function collateralFor(value: bigint, price: bigint): bigint {
  return (value * 10n ** 20n) / price;
}

/** Asset value of collateral at an 8-decimal price, rounded down. */
function valueOf(amount: bigint, price: bigint): bigint {
  return (amount * price) / 10n ** 20n;
}

/** Bob (score 820, tier 4: 80% at 5%) has drawn his full 1600 line on 1 WETH. */
async function bobAtFullLine() {
  const fixture = await fundedLending();
  const { pool, weth, scores, bob } = fixture;
  await scores.write.setScore([addressOf(bob), true, SCORE.tier4]);
  await pool.write.depositCollateral([weth.address, WETH], { account: bob.account });
  await pool.write.draw([1600n * USDC], { account: bob.account });
  return fixture;
}

describe("LendingPool liquidation", () => {
  it("refuses to liquidate a healthy, current position, with the numbers", async () => {
    const { pool, liquidator, bob } = await networkHelpers.loadFixture(bobAtFullLine);
    const at = await pinNextTimestamp(connection);
    const { accruedAt } = await pool.read.accountOf([addressOf(bob)]);
    const debt = 1600n * USDC + interestFor(1600n * USDC, 500n, at - BigInt(accruedAt));
    await viem.assertions.revertWithCustomErrorWithArgs(
      pool.write.liquidate([addressOf(bob), maxUint256], { account: liquidator.account }),
      pool,
      "LendingPoolNotLiquidatable",
      [addressOf(bob), debt, (valueOf(WETH, ETH_PRICE) * THRESHOLD) / BPS, 0],
    );
  });

  it("liquidates a position whose collateral fell below the threshold, paying the bonus", async () => {
    const { pool, usdc, weth, feed, liquidator, bob } =
      await networkHelpers.loadFixture(bobAtFullLine);
    const price = 1800n * 10n ** 8n;
    await feed.write.setPrice([price]);
    // 1800 × 85% = 1530 < 1600.
    assert.deepEqual(await pool.read.liquidatable([addressOf(bob)]), [true, false]);

    const repay = 800n * USDC;
    const seized = collateralFor((repay * (BPS + BONUS)) / BPS, price);
    const usdcBefore = await usdc.read.balanceOf([addressOf(liquidator)]);
    const wethBefore = await weth.read.balanceOf([addressOf(liquidator)]);
    const debtBefore = await pool.read.debtOf([addressOf(bob)]);
    await viem.assertions.emitWithArgs(
      pool.write.liquidate([addressOf(bob), repay], { account: liquidator.account }),
      pool,
      "Liquidated",
      [addressOf(bob), addressOf(liquidator), repay, seized, false],
    );
    assert.equal(await usdc.read.balanceOf([addressOf(liquidator)]), usdcBefore - repay);
    assert.equal(await weth.read.balanceOf([addressOf(liquidator)]), wethBefore + seized);
    const account = await pool.read.accountOf([addressOf(bob)]);
    assert.equal(account.collateral, WETH - seized);
    // A liquidation is not the borrower's payment: it does not count toward its minimum.
    assert.equal(account.paidInPeriod, 0n);
    const debtAfter = await pool.read.debtOf([addressOf(bob)]);
    assert.ok(debtAfter < debtBefore - repay + USDC / 1000n, `debt after ${debtAfter}`);
  });

  it("liquidates a delinquent position at the limit even when fully collateralised", async () => {
    const { pool, weth, feed, liquidator, alice } = await networkHelpers.loadFixture(fundedLending);
    const who = addressOf(alice);
    await pool.write.depositCollateral([weth.address, WETH], { account: alice.account });
    await pool.write.draw([100n * USDC], { account: alice.account });
    // Close 1: nothing was due. Closes 2-4: the minimum is missed three times in a row.
    for (let i = 0; i < 3; i++) {
      await advance(connection, feed, PERIOD);
      await pool.write.closeStatement([who]);
    }
    assert.equal((await pool.read.accountOf([who])).monthsLate, 2);
    await viem.assertions.revertWithCustomError(
      pool.write.liquidate([who, maxUint256], { account: liquidator.account }),
      pool,
      "LendingPoolNotLiquidatable",
    );
    await advance(connection, feed, PERIOD);
    await pool.write.closeStatement([who]);
    assert.equal((await pool.read.accountOf([who])).monthsLate, DEFAULT_RISK.delinquencyLimit);

    const at = await pinNextTimestamp(connection);
    const a = await pool.read.accountOf([who]);
    const debt =
      a.principal +
      a.interest +
      interestFor(a.principal, BigInt(a.aprBps), at - BigInt(a.accruedAt));
    const seized = collateralFor((debt * (BPS + BONUS)) / BPS, ETH_PRICE);
    await viem.assertions.emitWithArgs(
      pool.write.liquidate([who, maxUint256], { account: liquidator.account }),
      pool,
      "Liquidated",
      [who, addressOf(liquidator), debt, seized, true],
    );
    assert.equal(await pool.read.debtOf([who]), 0n);
    // The rest of the collateral stays the borrower's.
    assert.equal((await pool.read.accountOf([who])).collateral, WETH - seized);
  });

  it("writes off the debt the collateral cannot cover, and lenders bear it", async () => {
    const { pool, usdc, feed, liquidator, bob } = await networkHelpers.loadFixture(bobAtFullLine);
    const price = 1000n * 10n ** 8n;
    await feed.write.setPrice([price]);
    const at = await pinNextTimestamp(connection);
    const a = await pool.read.accountOf([addressOf(bob)]);
    const debt =
      a.principal +
      a.interest +
      interestFor(a.principal, BigInt(a.aprBps), at - BigInt(a.accruedAt));
    // All 1 WETH (worth 1000) goes to the liquidator, who repays what it covers net of the bonus.
    const repaid = (valueOf(WETH, price) * BPS) / (BPS + BONUS);
    const tx = pool.write.liquidate([addressOf(bob), maxUint256], { account: liquidator.account });
    await viem.assertions.emitWithArgs(tx, pool, "BadDebtWrittenOff", [
      addressOf(bob),
      debt - repaid,
    ]);
    assert.equal(await pool.read.debtOf([addressOf(bob)]), 0n);
    assert.equal((await pool.read.accountOf([addressOf(bob)])).collateral, 0n);
    // Nothing is owed any more: the vault holds only its cash, the 1600 lent came back as ~952.
    assert.equal(await pool.read.totalDebt(), 0n);
    const cash = await usdc.read.balanceOf([pool.address]);
    assert.equal(cash, LIQUIDITY - 1600n * USDC + repaid);
    assert.equal(await pool.read.totalAssets(), cash);
  });

  it("rejects a zero repayment, a stale price and liquidations while paused", async () => {
    const { pool, feed, pauser, liquidator, bob } = await networkHelpers.loadFixture(bobAtFullLine);
    await viem.assertions.revertWithCustomError(
      pool.write.liquidate([addressOf(bob), 0n], { account: liquidator.account }),
      pool,
      "LendingPoolZeroAmount",
    );
    const [, , , updatedAt] = await feed.read.latestRoundData();
    await networkHelpers.time.increase(DEFAULT_RISK.priceHeartbeat + 1);
    const at = await pinNextTimestamp(connection);
    await viem.assertions.revertWithCustomErrorWithArgs(
      pool.write.liquidate([addressOf(bob), USDC], { account: liquidator.account }),
      pool,
      "LendingPoolStalePrice",
      [updatedAt, at - BigInt(DEFAULT_RISK.priceHeartbeat)],
    );
    await pool.write.pause({ account: pauser.account });
    await viem.assertions.revertWithCustomError(
      pool.write.liquidate([addressOf(bob), USDC], { account: liquidator.account }),
      pool,
      "EnforcedPause",
    );
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { network } from "hardhat";
import { encodeFunctionData, getAddress, keccak256, maxUint256, toHex, zeroAddress } from "viem";

import { deployCore, governed } from "../helpers/governance.js";
import {
  addressOf,
  advance,
  DAY,
  DEFAULT_RISK,
  DEFAULT_TIERS,
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
import LendingModule from "../../ignition/modules/Lending.js";

const connection = await network.create();
const { viem, networkHelpers, ignition } = connection;
const { deployLending, fundedLending } = lendingFixtures(connection);
const publicClient = await viem.getPublicClient();

const GOVERNOR_ROLE = keccak256(toHex("GOVERNOR_ROLE"));
const PAUSER_ROLE = keccak256(toHex("PAUSER_ROLE"));

/** Asset value of `amount` collateral at the feed price (8 decimals), as the pool rounds it. */
function valueOf(amount: bigint, price: bigint = ETH_PRICE): bigint {
  return (amount * price * USDC) / (WETH * 10n ** 8n);
}

describe("LendingPool", () => {
  describe("deployment", () => {
    it("grants the governor and pauser roles and installs the module's tiers and parameters", async () => {
      const { pool, usdc, weth, feed, scores, governor, pauser } =
        await networkHelpers.loadFixture(deployLending);
      assert.equal(await pool.read.hasRole([GOVERNOR_ROLE, addressOf(governor)]), true);
      assert.equal(await pool.read.hasRole([PAUSER_ROLE, addressOf(pauser)]), true);
      assert.equal(await pool.read.hasRole([GOVERNOR_ROLE, addressOf(pauser)]), false);
      assert.equal(await pool.read.asset(), getAddress(usdc.address));
      assert.equal(await pool.read.collateralToken(), getAddress(weth.address));
      assert.equal(await pool.read.priceFeed(), getAddress(feed.address));
      assert.equal(await pool.read.scoreSource(), getAddress(scores.address));
      assert.deepEqual(await pool.read.tiers(), DEFAULT_TIERS);
      assert.deepEqual(await pool.read.riskParameters(), DEFAULT_RISK);
      // 6 asset decimals + the 6-decimal offset that guards against inflation attacks.
      assert.equal(await pool.read.decimals(), 12);
    });

    it("rejects a collateral equal to the asset, a feed or score source without code, and no governor", async () => {
      const { pool, usdc, weth, feed, scores, governor, stranger } =
        await networkHelpers.loadFixture(deployLending);
      const wiring = {
        asset: usdc.address,
        collateral: weth.address,
        priceFeed: feed.address,
        scoreSource: scores.address,
        governor: addressOf(governor),
        pauser: zeroAddress,
      };
      const deploy = (overrides: Partial<typeof wiring>) =>
        viem.deployContract("LendingPool", [
          { ...wiring, ...overrides },
          DEFAULT_TIERS,
          DEFAULT_RISK,
        ]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        deploy({ collateral: usdc.address }),
        pool,
        "LendingPoolUnsupportedToken",
        [getAddress(usdc.address)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        deploy({ collateral: addressOf(stranger) }),
        pool,
        "LendingPoolUnsupportedToken",
        [addressOf(stranger)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        deploy({ priceFeed: addressOf(stranger) }),
        pool,
        "LendingPoolInvalidPriceFeed",
        [addressOf(stranger)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        deploy({ scoreSource: addressOf(stranger) }),
        pool,
        "LendingPoolInvalidScoreSource",
        [addressOf(stranger)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        deploy({ governor: zeroAddress }),
        pool,
        "LendingPoolInvalidGovernor",
        [zeroAddress],
      );
    });
  });

  describe("governance", () => {
    const BETTER_TIERS = [
      { minScore: 0, advanceRateBps: 4000, aprBps: 3000 },
      { minScore: 650, advanceRateBps: 7500, aprBps: 900 },
    ];

    it("replaces the tier table from the governor and emits it", async () => {
      const { pool, governor } = await networkHelpers.loadFixture(deployLending);
      await viem.assertions.emitWithArgs(
        pool.write.setTiers([BETTER_TIERS], { account: governor.account }),
        pool,
        "TiersUpdated",
        [BETTER_TIERS],
      );
      assert.deepEqual(await pool.read.tiers(), BETTER_TIERS);
    });

    it("rejects tier tables that are empty, too long, unsorted, not monotonic, above the threshold or the APR cap", async () => {
      const { pool, governor } = await networkHelpers.loadFixture(deployLending);
      const setTiers = (tiers: typeof BETTER_TIERS) =>
        pool.write.setTiers([tiers], { account: governor.account });
      const tier = (minScore: number, advanceRateBps: number, aprBps: number) => ({
        minScore,
        advanceRateBps,
        aprBps,
      });
      await viem.assertions.revertWithCustomErrorWithArgs(
        setTiers([]),
        pool,
        "LendingPoolInvalidTierCount",
        [0n, 5n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        setTiers(Array.from({ length: 6 }, (_, i) => tier(i * 50, 5000, 2000))),
        pool,
        "LendingPoolInvalidTierCount",
        [6n, 5n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        setTiers([tier(300, 5000, 2000)]),
        pool,
        "LendingPoolTiersNotSorted",
        [0n, 300, 0],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        setTiers([tier(0, 5000, 2000), tier(700, 6000, 1500), tier(650, 7000, 1000)]),
        pool,
        "LendingPoolTiersNotSorted",
        [2n, 650, 700],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        setTiers([tier(0, 5000, 2000), tier(700, 4000, 1500)]),
        pool,
        "LendingPoolTierWorseThanPrevious",
        [1n, 4000, 1500],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        setTiers([tier(0, 5000, 2000), tier(700, 6000, 2100)]),
        pool,
        "LendingPoolTierWorseThanPrevious",
        [1n, 6000, 2100],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        setTiers([tier(0, 5000, 2000), tier(700, 9000, 1500)]),
        pool,
        "LendingPoolAdvanceRateAboveThreshold",
        [1n, 9000, 8500],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        setTiers([tier(0, 5000, 10_001)]),
        pool,
        "LendingPoolAprTooHigh",
        [0n, 10_001, 10_000],
      );
      assert.deepEqual(await pool.read.tiers(), DEFAULT_TIERS);
    });

    it("replaces the risk parameters from the governor and rejects inconsistent ones", async () => {
      const { pool, governor } = await networkHelpers.loadFixture(deployLending);
      const set = (overrides: Partial<typeof DEFAULT_RISK>) =>
        pool.write.setRiskParameters([{ ...DEFAULT_RISK, ...overrides }], {
          account: governor.account,
        });
      const updated = { ...DEFAULT_RISK, priceHeartbeat: 7200, delinquencyLimit: 2 };
      await viem.assertions.emitWithArgs(set(updated), pool, "RiskParametersUpdated", [updated]);
      assert.deepEqual(await pool.read.riskParameters(), updated);

      await viem.assertions.revertWithCustomErrorWithArgs(
        set({ priceHeartbeat: 0 }),
        pool,
        "LendingPoolInvalidHeartbeat",
        [0],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        set({ liquidationThresholdBps: 0 }),
        pool,
        "LendingPoolInvalidLiquidationThreshold",
        [0],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        set({ liquidationThresholdBps: 10_001 }),
        pool,
        "LendingPoolInvalidLiquidationThreshold",
        [10_001],
      );
      // 85% × 120% > 100%: a position at the threshold could not pay the bonus.
      await viem.assertions.revertWithCustomErrorWithArgs(
        set({ liquidationBonusBps: 2000 }),
        pool,
        "LendingPoolInvalidLiquidationBonus",
        [2000, 8500],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        set({ delinquencyLimit: 0 }),
        pool,
        "LendingPoolInvalidDelinquencyLimit",
        [0],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        set({ delinquencyLimit: 128 }),
        pool,
        "LendingPoolInvalidDelinquencyLimit",
        [128],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        set({ minimumPaymentBps: 10_001 }),
        pool,
        "LendingPoolInvalidMinimumPayment",
        [10_001],
      );
      // The top tier advances 80%: a 79% threshold would make its fresh draws liquidatable.
      await viem.assertions.revertWithCustomErrorWithArgs(
        set({ liquidationThresholdBps: 7900 }),
        pool,
        "LendingPoolAdvanceRateAboveThreshold",
        [4n, 8000, 7900],
      );
      assert.deepEqual(await pool.read.riskParameters(), updated);
    });

    it("rejects governance and pause calls from the wrong role", async () => {
      const { pool, pauser, stranger } = await networkHelpers.loadFixture(deployLending);
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.setTiers([DEFAULT_TIERS], { account: stranger.account }),
        pool,
        "AccessControlUnauthorizedAccount",
        [addressOf(stranger), GOVERNOR_ROLE],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.setRiskParameters([DEFAULT_RISK], { account: pauser.account }),
        pool,
        "AccessControlUnauthorizedAccount",
        [addressOf(pauser), GOVERNOR_ROLE],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.pause({ account: stranger.account }),
        pool,
        "AccessControlUnauthorizedAccount",
        [addressOf(stranger), PAUSER_ROLE],
      );
      await pool.write.pause({ account: pauser.account });
      // The guardian stops the pool at once; only governance starts it again.
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.unpause({ account: pauser.account }),
        pool,
        "AccessControlUnauthorizedAccount",
        [addressOf(pauser), GOVERNOR_ROLE],
      );
    });

    it("is governed through the timelock and reads tiers from the real ScoreRegistry", async () => {
      // loadFixture restores a snapshot, so it must come before the Core deployment.
      const { usdc, weth, feed, alice } = await networkHelpers.loadFixture(deployLending);
      const { timelock, scoreRegistry } = await deployCore(connection);
      const [proposer] = await viem.getWalletClients();
      if (proposer === undefined) throw new Error("no proposer wallet");
      const { lendingPool: pool } = await ignition.deploy(LendingModule, {
        parameters: {
          Lending: {
            asset: usdc.address,
            collateral: weth.address,
            priceFeed: feed.address,
            scoreSource: scoreRegistry.address,
            governor: timelock.address,
          },
        },
      });
      // No recorded score: the most conservative tier.
      const [index, tier] = await pool.read.tierOf([addressOf(alice)]);
      assert.equal(index, 0);
      assert.deepEqual(tier, DEFAULT_TIERS[0]);
      // Even the timelock's proposer cannot change terms directly ...
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.setTiers([BETTER_TIERS], { account: proposer.account }),
        pool,
        "AccessControlUnauthorizedAccount",
        [addressOf(proposer), GOVERNOR_ROLE],
      );
      // ... only a scheduled operation that waited the delay.
      const calldata = encodeFunctionData({
        abi: pool.abi,
        functionName: "setTiers",
        args: [BETTER_TIERS],
      });
      await viem.assertions.emitWithArgs(
        governed(timelock, pool.address, calldata, networkHelpers),
        pool,
        "TiersUpdated",
        [BETTER_TIERS],
      );
      assert.deepEqual(await pool.read.tiers(), BETTER_TIERS);
    });
  });

  describe("lenders (ERC-4626)", () => {
    it("mints shares with a 6-decimal offset and rejects zero amounts", async () => {
      const { pool, lender } = await networkHelpers.loadFixture(deployLending);
      await viem.assertions.emitWithArgs(
        pool.write.deposit([1000n * USDC, addressOf(lender)], { account: lender.account }),
        pool,
        "Deposit",
        [addressOf(lender), addressOf(lender), 1000n * USDC, 1000n * USDC * 10n ** 6n],
      );
      assert.equal(await pool.read.totalAssets(), 1000n * USDC);
      for (const call of [
        pool.write.deposit([0n, addressOf(lender)], { account: lender.account }),
        pool.write.mint([0n, addressOf(lender)], { account: lender.account }),
        pool.write.withdraw([0n, addressOf(lender), addressOf(lender)], {
          account: lender.account,
        }),
        pool.write.redeem([0n, addressOf(lender), addressOf(lender)], { account: lender.account }),
      ])
        await viem.assertions.revertWithCustomError(call, pool, "LendingPoolZeroAmount");
    });

    it("makes the first-depositor inflation attack cost the attacker, not the victim", async () => {
      const {
        pool,
        usdc,
        lender: victim,
        stranger: attacker,
      } = await networkHelpers.loadFixture(deployLending);
      const donation = 10_000n * USDC;
      const deposit = 1_000n * USDC;
      const attackerStart = await usdc.read.balanceOf([addressOf(attacker)]);
      // The classic attack: mint a dust share, then donate to inflate the share price.
      await pool.write.deposit([1n, addressOf(attacker)], { account: attacker.account });
      await usdc.write.transfer([pool.address, donation], { account: attacker.account });
      await pool.write.deposit([deposit, addressOf(victim)], { account: victim.account });

      const victimShares = await pool.read.balanceOf([addressOf(victim)]);
      assert.ok(victimShares > 0n, "the victim must receive shares");
      const victimAssets = await pool.read.previewRedeem([victimShares]);
      // The victim keeps its deposit to within 0.01% ...
      assert.ok(
        deposit - victimAssets <= deposit / 10_000n,
        `victim lost ${deposit - victimAssets}`,
      );
      // ... while the attacker loses about half of what it donated (the virtual shares' part).
      const attackerShares = await pool.read.balanceOf([addressOf(attacker)]);
      await pool.write.redeem([attackerShares, addressOf(attacker), addressOf(attacker)], {
        account: attacker.account,
      });
      const attackerLoss = attackerStart - (await usdc.read.balanceOf([addressOf(attacker)]));
      assert.ok(attackerLoss > (donation * 45n) / 100n, `attacker lost only ${attackerLoss}`);
    });

    it("limits withdrawals to the cash not lent out", async () => {
      const { pool, weth, scores, lender, alice } = await networkHelpers.loadFixture(fundedLending);
      await scores.write.setScore([addressOf(alice), true, SCORE.tier4]);
      await pool.write.depositCollateral([weth.address, 50n * WETH], { account: alice.account });
      await pool.write.draw([60_000n * USDC], { account: alice.account });

      const cash = LIQUIDITY - 60_000n * USDC;
      assert.equal(await pool.read.maxWithdraw([addressOf(lender)]), cash);
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.withdraw([cash + 1n, addressOf(lender), addressOf(lender)], {
          account: lender.account,
        }),
        pool,
        "ERC4626ExceededMaxWithdraw",
        [addressOf(lender), cash + 1n, cash],
      );
    });

    it("passes the interest borrowers pay to the lenders", async () => {
      const { pool, usdc, weth, feed, scores, lender, alice } =
        await networkHelpers.loadFixture(fundedLending);
      await scores.write.setScore([addressOf(alice), true, SCORE.tier4]);
      await pool.write.depositCollateral([weth.address, 10n * WETH], { account: alice.account });
      await pool.write.draw([10_000n * USDC], { account: alice.account });
      await advance(connection, feed, 365n * 24n * 3600n);

      // One year of 5% on 10 000 accrues into totalAssets before anyone pays.
      const owed = await pool.read.debtOf([addressOf(alice)]);
      assert.ok(owed >= 10_500n * USDC && owed < 10_501n * USDC, `owed ${owed}`);
      const totalAssets = await pool.read.totalAssets();
      assert.ok(totalAssets <= LIQUIDITY + (owed - 10_000n * USDC));
      assert.ok(totalAssets >= LIQUIDITY + (owed - 10_000n * USDC) - 1n);

      await pool.write.repay([addressOf(alice), maxUint256], { account: alice.account });
      const shares = await pool.read.balanceOf([addressOf(lender)]);
      const before = await usdc.read.balanceOf([addressOf(lender)]);
      await pool.write.redeem([shares, addressOf(lender), addressOf(lender)], {
        account: lender.account,
      });
      const received = (await usdc.read.balanceOf([addressOf(lender)])) - before;
      assert.ok(received >= LIQUIDITY + 500n * USDC - 1n, `lender received ${received}`);
    });

    it("stops deposits and withdrawals while paused", async () => {
      const { pool, pauser, lender } = await networkHelpers.loadFixture(fundedLending);
      await pool.write.pause({ account: pauser.account });
      assert.equal(await pool.read.maxDeposit([addressOf(lender)]), 0n);
      assert.equal(await pool.read.maxWithdraw([addressOf(lender)]), 0n);
      await viem.assertions.revertWithCustomError(
        pool.write.deposit([USDC, addressOf(lender)], { account: lender.account }),
        pool,
        "EnforcedPause",
      );
      await viem.assertions.revertWithCustomError(
        pool.write.withdraw([USDC, addressOf(lender), addressOf(lender)], {
          account: lender.account,
        }),
        pool,
        "EnforcedPause",
      );
    });
  });

  describe("collateral", () => {
    it("opens the account on the first deposit and records the collateral", async () => {
      const { pool, weth, alice } = await networkHelpers.loadFixture(deployLending);
      const openedAt = await pinNextTimestamp(connection);
      const tx = pool.write.depositCollateral([weth.address, 2n * WETH], {
        account: alice.account,
      });
      await viem.assertions.emitWithArgs(tx, pool, "AccountOpened", [addressOf(alice), openedAt]);
      await viem.assertions.emitWithArgs(
        pool.write.depositCollateral([weth.address, WETH], { account: alice.account }),
        pool,
        "CollateralDeposited",
        [addressOf(alice), WETH],
      );
      const account = await pool.read.accountOf([addressOf(alice)]);
      assert.equal(account.collateral, 3n * WETH);
      assert.equal(account.statementAt, Number(openedAt));
      assert.equal(await weth.read.balanceOf([pool.address]), 3n * WETH);
      assert.equal(
        await pool.read.statementDueAt([addressOf(alice)]),
        openedAt + 30n * 24n * 3600n,
      );
    });

    it("rejects unknown tokens and zero amounts, leaving balances untouched", async () => {
      const { pool, usdc, weth, alice } = await networkHelpers.loadFixture(fundedLending);
      await pool.write.depositCollateral([weth.address, WETH], { account: alice.account });
      const before = await usdc.read.balanceOf([addressOf(alice)]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.depositCollateral([usdc.address, USDC], { account: alice.account }),
        pool,
        "LendingPoolUnsupportedToken",
        [getAddress(usdc.address)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.withdrawCollateral([usdc.address, USDC], { account: alice.account }),
        pool,
        "LendingPoolUnsupportedToken",
        [getAddress(usdc.address)],
      );
      await viem.assertions.revertWithCustomError(
        pool.write.depositCollateral([weth.address, 0n], { account: alice.account }),
        pool,
        "LendingPoolZeroAmount",
      );
      await viem.assertions.revertWithCustomError(
        pool.write.withdrawCollateral([weth.address, 0n], { account: alice.account }),
        pool,
        "LendingPoolZeroAmount",
      );
      assert.equal(await usdc.read.balanceOf([addressOf(alice)]), before);
      assert.equal(await weth.read.balanceOf([pool.address]), WETH);
    });

    it("lets a borrower withdraw only what its debt does not need", async () => {
      const { pool, weth, alice } = await networkHelpers.loadFixture(fundedLending);
      await pool.write.depositCollateral([weth.address, 2n * WETH], { account: alice.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.withdrawCollateral([weth.address, 3n * WETH], { account: alice.account }),
        pool,
        "LendingPoolInsufficientCollateral",
        [addressOf(alice), 3n * WETH, 2n * WETH],
      );
      // Tier 0 advances 50%: 2 WETH = 4000 → line 2000. Draw 1400, then try to keep only 1 WETH.
      await pool.write.draw([1400n * USDC], { account: alice.account });
      const { accruedAt } = await pool.read.accountOf([addressOf(alice)]);
      const at = await pinNextTimestamp(connection);
      const debt = 1400n * USDC + interestFor(1400n * USDC, 2400n, at - BigInt(accruedAt));
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.withdrawCollateral([weth.address, WETH], { account: alice.account }),
        pool,
        "LendingPoolUnhealthyWithdrawal",
        [addressOf(alice), debt, valueOf(WETH) / 2n],
      );
      await viem.assertions.emitWithArgs(
        pool.write.withdrawCollateral([weth.address, WETH / 2n], { account: alice.account }),
        pool,
        "CollateralWithdrawn",
        [addressOf(alice), WETH / 2n],
      );
      assert.equal((await pool.read.accountOf([addressOf(alice)])).collateral, (3n * WETH) / 2n);
    });
  });

  describe("tiers and credit lines", () => {
    it("gives a better score a larger line and a lower rate", async () => {
      const { pool, weth, scores, alice } = await networkHelpers.loadFixture(fundedLending);
      await pool.write.depositCollateral([weth.address, WETH], { account: alice.account });
      const cases = [
        { score: undefined, tier: 0 },
        { score: SCORE.tier1, tier: 1 },
        { score: SCORE.tier2, tier: 2 },
        { score: SCORE.tier3, tier: 3 },
        { score: SCORE.tier4, tier: 4 },
      ];
      let previousLine = 0n;
      let previousApr = Number.MAX_SAFE_INTEGER;
      for (const { score, tier } of cases) {
        if (score !== undefined) await scores.write.setScore([addressOf(alice), true, score]);
        const [index, terms] = await pool.read.tierOf([addressOf(alice)]);
        const [line, available] = await pool.read.creditLineOf([addressOf(alice)]);
        const expected = DEFAULT_TIERS[tier];
        assert.ok(expected !== undefined);
        assert.equal(index, tier);
        assert.deepEqual(terms, expected);
        assert.equal(line, (valueOf(WETH) * BigInt(expected.advanceRateBps)) / 10_000n);
        assert.equal(available, line);
        assert.ok(line > previousLine && terms.aprBps < previousApr, `tier ${tier} is not better`);
        previousLine = line;
        previousApr = terms.aprBps;
      }
    });

    it("treats an invalid (expired or revoked) score as no score", async () => {
      const { pool, scores, alice } = await networkHelpers.loadFixture(deployLending);
      await scores.write.setScore([addressOf(alice), false, SCORE.tier4]);
      const [index] = await pool.read.tierOf([addressOf(alice)]);
      assert.equal(index, 0);
    });

    it("caps the line at the governance maximum", async () => {
      const { pool, weth, scores, alice } = await networkHelpers.loadFixture(fundedLending);
      await scores.write.setScore([addressOf(alice), true, SCORE.tier4]);
      await pool.write.depositCollateral([weth.address, 100n * WETH], { account: alice.account });
      const [line] = await pool.read.creditLineOf([addressOf(alice)]);
      assert.equal(line, DEFAULT_RISK.maxCreditLine);
    });
  });

  describe("draw", () => {
    it("sends the asset, records the debt at the tier's rate and emits both", async () => {
      const { pool, usdc, weth, scores, alice } = await networkHelpers.loadFixture(fundedLending);
      await scores.write.setScore([addressOf(alice), true, SCORE.tier2]);
      await pool.write.depositCollateral([weth.address, 2n * WETH], { account: alice.account });
      const before = await usdc.read.balanceOf([addressOf(alice)]);
      const tx = pool.write.draw([1000n * USDC], { account: alice.account });
      await viem.assertions.emitWithArgs(tx, pool, "TermsUpdated", [addressOf(alice), 2, 1200]);
      await viem.assertions.emitWithArgs(
        pool.write.draw([400n * USDC], { account: alice.account }),
        pool,
        "Drawn",
        [addressOf(alice), 400n * USDC, (a: unknown) => typeof a === "bigint" && a >= 1400n * USDC],
      );
      assert.equal(await usdc.read.balanceOf([addressOf(alice)]), before + 1400n * USDC);
      const account = await pool.read.accountOf([addressOf(alice)]);
      assert.equal(account.principal, 1400n * USDC);
      assert.equal(account.aprBps, 1200);
      assert.equal(account.drewInPeriod, true);
    });

    it("rejects a draw above the line with what is still available", async () => {
      const { pool, usdc, weth, alice } = await networkHelpers.loadFixture(fundedLending);
      await pool.write.depositCollateral([weth.address, WETH], { account: alice.account });
      // No score: tier 0, 50% of 2000.
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.draw([1000n * USDC + 1n], { account: alice.account }),
        pool,
        "LendingPoolExceedsCreditLine",
        [addressOf(alice), 1000n * USDC + 1n, 1000n * USDC],
      );
      await pool.write.draw([600n * USDC], { account: alice.account });
      const owed = 600n * USDC + interestFor(600n * USDC, 2400n, 1n);
      await pinNextTimestamp(connection);
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.draw([500n * USDC], { account: alice.account }),
        pool,
        "LendingPoolExceedsCreditLine",
        [addressOf(alice), 500n * USDC, 1000n * USDC - owed],
      );
      assert.equal(await usdc.read.balanceOf([pool.address]), LIQUIDITY - 600n * USDC);
    });

    it("rejects a draw above the pool's cash, a zero draw, and draws while paused", async () => {
      const { pool, weth, lender, pauser, alice } = await networkHelpers.loadFixture(deployLending);
      await pool.write.deposit([100n * USDC, addressOf(lender)], { account: lender.account });
      await pool.write.depositCollateral([weth.address, WETH], { account: alice.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.draw([500n * USDC], { account: alice.account }),
        pool,
        "LendingPoolInsufficientLiquidity",
        [500n * USDC, 100n * USDC],
      );
      await viem.assertions.revertWithCustomError(
        pool.write.draw([0n], { account: alice.account }),
        pool,
        "LendingPoolZeroAmount",
      );
      await pool.write.pause({ account: pauser.account });
      await viem.assertions.revertWithCustomError(
        pool.write.draw([USDC], { account: alice.account }),
        pool,
        "EnforcedPause",
      );
    });

    it("costs little gas to draw and repay", async () => {
      const { pool, weth, feed, scores, alice } = await networkHelpers.loadFixture(fundedLending);
      await scores.write.setScore([addressOf(alice), true, SCORE.tier3]);
      await pool.write.depositCollateral([weth.address, 10n * WETH], { account: alice.account });
      const gasOf = async (hash: `0x${string}`) =>
        (await publicClient.waitForTransactionReceipt({ hash })).gasUsed;
      const firstDraw = await gasOf(
        await pool.write.draw([1000n * USDC], { account: alice.account }),
      );
      const firstRepay = await gasOf(
        await pool.write.repay([addressOf(alice), 100n * USDC], { account: alice.account }),
      );
      // Steady state: an open line after its first statement, a draw and a repayment in a period.
      await advance(connection, feed, PERIOD);
      await pool.write.closeStatement([addressOf(alice)]);
      await advance(connection, feed, DAY);
      const draw = await gasOf(await pool.write.draw([1000n * USDC], { account: alice.account }));
      await advance(connection, feed, DAY);
      const repay = await gasOf(
        await pool.write.repay([addressOf(alice), 500n * USDC], { account: alice.account }),
      );
      console.log(
        `    gas: draw ${draw}, repay ${repay} (a borrower's first draw ${firstDraw}, first repay ${firstRepay})`,
      );
      assert.ok(draw < 100_000n, `draw costs ${draw}`);
      assert.ok(repay < 70_000n, `repay costs ${repay}`);
    });
  });

  describe("repay", () => {
    it("lets anyone repay for a borrower, interest first, capped at the debt", async () => {
      const { pool, usdc, weth, feed, alice, bob } =
        await networkHelpers.loadFixture(fundedLending);
      await pool.write.depositCollateral([weth.address, WETH], { account: alice.account });
      await pool.write.draw([500n * USDC], { account: alice.account });
      await advance(connection, feed, 10n * 24n * 3600n);

      const account = await pool.read.accountOf([addressOf(alice)]);
      const at = await pinNextTimestamp(connection);
      const interest = interestFor(500n * USDC, 2400n, at - BigInt(account.accruedAt));
      const bobBefore = await usdc.read.balanceOf([addressOf(bob)]);
      await viem.assertions.emitWithArgs(
        pool.write.repay([addressOf(alice), 100n * USDC], { account: bob.account }),
        pool,
        "Repaid",
        [addressOf(alice), addressOf(bob), 100n * USDC, 400n * USDC + interest],
      );
      const after = await pool.read.accountOf([addressOf(alice)]);
      assert.equal(after.interest, 0n);
      assert.equal(after.principal, 400n * USDC + interest);
      assert.equal(after.paidInPeriod, 100n * USDC);
      assert.equal(await usdc.read.balanceOf([addressOf(bob)]), bobBefore - 100n * USDC);

      // Repaying "everything" pulls exactly the debt.
      const poolBefore = await usdc.read.balanceOf([pool.address]);
      const debtAt = await pinNextTimestamp(connection);
      const expected =
        after.principal + interestFor(after.principal, 2400n, debtAt - BigInt(after.accruedAt));
      await pool.write.repay([addressOf(alice), maxUint256], { account: alice.account });
      assert.equal(await usdc.read.balanceOf([pool.address]), poolBefore + expected);
      assert.equal(await pool.read.debtOf([addressOf(alice)]), 0n);
      assert.equal(await pool.read.totalDebt(), 0n);
    });

    it("rejects a zero repayment and a repayment with nothing owed", async () => {
      const { pool, alice, stranger } = await networkHelpers.loadFixture(fundedLending);
      await viem.assertions.revertWithCustomError(
        pool.write.repay([addressOf(alice), 0n], { account: alice.account }),
        pool,
        "LendingPoolZeroAmount",
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.repay([addressOf(stranger), USDC], { account: alice.account }),
        pool,
        "LendingPoolNothingToRepay",
        [addressOf(stranger)],
      );
    });

    it("still accepts repayments while paused", async () => {
      const { pool, weth, pauser, alice } = await networkHelpers.loadFixture(fundedLending);
      await pool.write.depositCollateral([weth.address, WETH], { account: alice.account });
      await pool.write.draw([100n * USDC], { account: alice.account });
      await pool.write.pause({ account: pauser.account });
      await pool.write.repay([addressOf(alice), maxUint256], { account: alice.account });
      assert.equal(await pool.read.debtOf([addressOf(alice)]), 0n);
    });
  });

  describe("price feed", () => {
    async function borrowerWithCollateral() {
      const fixture = await fundedLending();
      await fixture.pool.write.depositCollateral([fixture.weth.address, WETH], {
        account: fixture.alice.account,
      });
      return fixture;
    }

    it("rejects a stale price with its age", async () => {
      const { pool, usdc, feed, alice } = await networkHelpers.loadFixture(borrowerWithCollateral);
      const [, , , updatedAt] = await feed.read.latestRoundData();
      await networkHelpers.time.increase(DEFAULT_RISK.priceHeartbeat + 10);
      const at = await pinNextTimestamp(connection);
      const before = await usdc.read.balanceOf([addressOf(alice)]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.draw([USDC], { account: alice.account }),
        pool,
        "LendingPoolStalePrice",
        [updatedAt, at - BigInt(DEFAULT_RISK.priceHeartbeat)],
      );
      assert.equal(await usdc.read.balanceOf([addressOf(alice)]), before);
    });

    it("rejects a zero or negative price", async () => {
      const { pool, feed, alice } = await networkHelpers.loadFixture(borrowerWithCollateral);
      for (const answer of [0n, -1n]) {
        await feed.write.setPrice([answer]);
        await viem.assertions.revertWithCustomErrorWithArgs(
          pool.write.draw([USDC], { account: alice.account }),
          pool,
          "LendingPoolInvalidPrice",
          [answer],
        );
      }
    });

    it("rejects an incomplete round", async () => {
      const { pool, feed, alice } = await networkHelpers.loadFixture(borrowerWithCollateral);
      await feed.write.setRound([7n, ETH_PRICE, 0n, 7n]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.draw([USDC], { account: alice.account }),
        pool,
        "LendingPoolIncompleteRound",
        [7n, 7n, 0n],
      );
      const now = BigInt(await networkHelpers.time.latest());
      await feed.write.setRound([8n, ETH_PRICE, now, 7n]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.draw([USDC], { account: alice.account }),
        pool,
        "LendingPoolIncompleteRound",
        [8n, 7n, now],
      );
    });
  });

  describe("reentrancy", () => {
    /** A pool whose collateral is an attacker token that calls back into the pool on transfer. */
    async function reentrantCollateral() {
      const { usdc, feed, scores, governor, lender, alice } = await deployLending();
      const token = await viem.deployContract("ReentrantERC20");
      const { lendingPool: pool } = await ignition.deploy(LendingModule, {
        parameters: {
          Lending: {
            asset: usdc.address,
            collateral: token.address,
            priceFeed: feed.address,
            scoreSource: scores.address,
            governor: addressOf(governor),
          },
        },
      });
      await usdc.write.approve([pool.address, maxUint256], { account: lender.account });
      await pool.write.deposit([LIQUIDITY, addressOf(lender)], { account: lender.account });
      await token.write.mint([addressOf(alice), 10n * WETH]);
      await token.write.approve([pool.address, maxUint256], { account: alice.account });
      return { pool, token, usdc, alice };
    }

    it("blocks a token that re-enters during a collateral deposit", async () => {
      const { pool, token, alice } = await networkHelpers.loadFixture(reentrantCollateral);
      await token.write.arm([
        pool.address,
        encodeFunctionData({
          abi: pool.abi,
          functionName: "withdrawCollateral",
          args: [token.address, 1n],
        }),
      ]);
      await viem.assertions.revertWithCustomError(
        pool.write.depositCollateral([token.address, WETH], { account: alice.account }),
        pool,
        "ReentrancyGuardReentrantCall",
      );
      assert.equal(await token.read.balanceOf([addressOf(alice)]), 10n * WETH);
      assert.equal(await token.read.balanceOf([pool.address]), 0n);
      assert.equal((await pool.read.accountOf([addressOf(alice)])).collateral, 0n);
    });

    it("blocks a token that re-enters to draw during a collateral withdrawal", async () => {
      const { pool, token, usdc, alice } = await networkHelpers.loadFixture(reentrantCollateral);
      await pool.write.depositCollateral([token.address, 2n * WETH], { account: alice.account });
      await token.write.arm([
        pool.address,
        encodeFunctionData({ abi: pool.abi, functionName: "draw", args: [100n * USDC] }),
      ]);
      const before = await usdc.read.balanceOf([addressOf(alice)]);
      await viem.assertions.revertWithCustomError(
        pool.write.withdrawCollateral([token.address, WETH], { account: alice.account }),
        pool,
        "ReentrancyGuardReentrantCall",
      );
      assert.equal(await usdc.read.balanceOf([addressOf(alice)]), before);
      assert.equal((await pool.read.accountOf([addressOf(alice)])).collateral, 2n * WETH);
      assert.equal(await pool.read.debtOf([addressOf(alice)]), 0n);
    });
  });
});

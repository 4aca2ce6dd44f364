/**
 * The LendingPool tests' fixture: mock tokens, price feed and score source, then the pool through
 * the Lending Ignition module exactly as production deploys it. Amounts follow the defaults of
 * that module: a 6-decimal asset (USDC-like), an 18-decimal collateral (WETH-like), an 8-decimal feed.
 */
import type { NetworkConnection } from "hardhat/types/network";
import { getAddress, maxUint256, type Address } from "viem";

import LendingModule, { DEFAULT_RISK, DEFAULT_TIERS } from "../../ignition/modules/Lending.js";

/** One asset unit (USDC has 6 decimals). */
export const USDC = 10n ** 6n;
/** One collateral unit (WETH has 18 decimals). */
export const WETH = 10n ** 18n;
/** The feed's answer for 1 WETH = 2000 USDC, with 8 decimals. */
export const ETH_PRICE = 2000n * 10n ** 8n;
export const DAY = 24n * 3600n;
export const PERIOD = 30n * DAY;
/** BPS × YEAR: the denominator of the pool's per-second simple interest. */
const INTEREST_DENOMINATOR = 10_000n * 365n * DAY;
/** What the lender deposits in the funded fixture. */
export const LIQUIDITY = 100_000n * USDC;

export { DEFAULT_RISK, DEFAULT_TIERS };

/** Tier indexes of DEFAULT_TIERS, named by the score that reaches them. */
export const SCORE = { tier1: 500, tier2: 530, tier3: 560, tier4: 600 } as const;

/** Interest the pool charges (rounded up) on `principal` at `aprBps` for `seconds`. */
export function interestFor(principal: bigint, aprBps: bigint, seconds: bigint): bigint {
  const numerator = principal * aprBps * seconds;
  return (numerator + INTEREST_DENOMINATOR - 1n) / INTEREST_DENOMINATOR;
}

/** Builds the fixtures for one connection (loadFixture needs stable function identities). */
export function lendingFixtures(connection: NetworkConnection) {
  const { viem, ignition } = connection;

  /** An empty pool and its dependencies; wallets: 0 deployer, 1 governor, 2 pauser, 3.. users. */
  async function deployLending() {
    const wallets = await viem.getWalletClients();
    const [, governor, pauser, lender, alice, bob, liquidator, stranger] = wallets;
    if (
      governor === undefined ||
      pauser === undefined ||
      lender === undefined ||
      alice === undefined ||
      bob === undefined ||
      liquidator === undefined ||
      stranger === undefined
    )
      throw new Error("the lending tests need at least 8 accounts");
    const usdc = await viem.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
    const weth = await viem.deployContract("MockERC20", ["Wrapped Ether", "WETH", 18]);
    const feed = await viem.deployContract("MockAggregator", [8, ETH_PRICE]);
    const scores = await viem.deployContract("MockScoreRegistry");
    const { lendingPool: pool } = await ignition.deploy(LendingModule, {
      parameters: {
        Lending: {
          asset: usdc.address,
          collateral: weth.address,
          priceFeed: feed.address,
          scoreSource: scores.address,
          governor: governor.account.address,
          pauser: pauser.account.address,
        },
      },
    });
    // Everyone gets tokens and approves the pool once, so tests read as the protocol's steps.
    for (const wallet of [lender, alice, bob, liquidator, stranger]) {
      await usdc.write.mint([wallet.account.address, 1_000_000n * USDC]);
      await weth.write.mint([wallet.account.address, 100n * WETH]);
      await usdc.write.approve([pool.address, maxUint256], { account: wallet.account });
      await weth.write.approve([pool.address, maxUint256], { account: wallet.account });
    }
    return {
      pool,
      usdc,
      weth,
      feed,
      scores,
      governor,
      pauser,
      lender,
      alice,
      bob,
      liquidator,
      stranger,
    };
  }

  /** The pool with LIQUIDITY deposited by the lender. */
  async function fundedLending() {
    const fixture = await deployLending();
    const { pool, lender } = fixture;
    await pool.write.deposit([LIQUIDITY, lender.account.address], { account: lender.account });
    return fixture;
  }

  return { deployLending, fundedLending };
}

/** Fixture result type, for helpers that take it. */
export type LendingFixture = Awaited<
  ReturnType<ReturnType<typeof lendingFixtures>["deployLending"]>
>;

/**
 * Moves the clock forward and posts a fresh price, as a live feed would have (otherwise every
 * time jump longer than the heartbeat makes the price stale).
 */
export async function advance(
  connection: NetworkConnection,
  feed: LendingFixture["feed"],
  seconds: bigint,
  price: bigint = ETH_PRICE,
): Promise<void> {
  await connection.networkHelpers.time.increase(seconds);
  await feed.write.setPrice([price]);
}

/** The next block's timestamp, pinned so a test can compute exact interest. */
export async function pinNextTimestamp(connection: NetworkConnection, delay = 1n): Promise<bigint> {
  const next = BigInt(await connection.networkHelpers.time.latest()) + delay;
  await connection.networkHelpers.time.setNextBlockTimestamp(next);
  return next;
}

/** The checksummed address of a wallet. */
export function addressOf(wallet: { account: { address: Address } }): Address {
  return getAddress(wallet.account.address);
}

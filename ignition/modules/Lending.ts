/**
 * Lending: the LendingPool wired to a stable asset, a collateral token, the collateral's price
 * feed and the ScoreRegistry, governed by the timelock. It is also the pool tests' fixture, so
 * tests exercise what production deploys.
 *
 * The initial tier table and risk parameters are set at construction (later changes go through
 * the timelock). The defaults assume a 6-decimal asset (USDC-like) and an 8-decimal feed.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** One row of the tier table, as the constructor takes it (see ILendingPool.Tier). */
export type TierParameter = {
  /** Lowest score in the tier; tier 0 must have 0 (it also takes unscored borrowers). */
  minScore: number;
  /** Credit line as a share of the collateral's value, in bps. */
  advanceRateBps: number;
  /** Simple annual rate, in bps. */
  aprBps: number;
};

/** The risk parameters, as the constructor takes them (see ILendingPool.RiskParameters). */
export type RiskParameter = {
  priceHeartbeat: number;
  liquidationThresholdBps: number;
  liquidationBonusBps: number;
  delinquencyLimit: number;
  minimumPaymentBps: number;
  minimumPaymentFloor: bigint;
  maxCreditLine: bigint;
};

/**
 * Default tiers: a better score gets a larger share of its collateral's value and a lower rate.
 * The cutoffs follow the reference model's observed default rates on its held-out test split
 * (docs/model-card: ~22% below 475 … ~5% from 575), not a generic 300–850 banding; the
 * reference scorecard puts this population between ~450 and ~650. No valid score means tier 0.
 */
export const DEFAULT_TIERS: TierParameter[] = [
  { minScore: 0, advanceRateBps: 5000, aprBps: 2400 },
  { minScore: 475, advanceRateBps: 6000, aprBps: 1800 },
  { minScore: 525, advanceRateBps: 7000, aprBps: 1200 },
  { minScore: 550, advanceRateBps: 7500, aprBps: 800 },
  { minScore: 575, advanceRateBps: 8000, aprBps: 500 },
];

export const DEFAULT_RISK: RiskParameter = {
  // Chainlink's ETH/USD feed updates at least hourly.
  priceHeartbeat: 3600,
  liquidationThresholdBps: 8500,
  liquidationBonusBps: 500,
  // Liquidatable after three consecutive missed minimum payments.
  delinquencyLimit: 3,
  // 1% of the principal plus interest, at least 25 asset units (6 decimals), capped at the balance.
  minimumPaymentBps: 100,
  minimumPaymentFloor: 25_000_000n,
  maxCreditLine: 100_000_000_000n,
};

export default buildModule("Lending", (m) => {
  // The stable asset lenders deposit and borrowers draw.
  const asset = m.getParameter<string>("asset");
  // The collateral token borrowers post.
  const collateral = m.getParameter<string>("collateral");
  // Chainlink-compatible feed: price of one collateral token in the asset.
  const priceFeed = m.getParameter<string>("priceFeed");
  // The ScoreRegistry (Core module) whose valid scores select the tier.
  const scoreSource = m.getParameter<string>("scoreSource");
  // The TimelockController (Core module): sets tiers and risk parameters, unpauses.
  const governor = m.getParameter<string>("governor");
  // A guardian that may pause the pool at once, or zero for none.
  const pauser = m.getParameter<string>("pauser", ZERO_ADDRESS);
  const tiers = m.getParameter("tiers", DEFAULT_TIERS);
  const risk = m.getParameter("risk", DEFAULT_RISK);

  const lendingPool = m.contract("LendingPool", [
    { asset, collateral, priceFeed, scoreSource, governor, pauser },
    tiers,
    risk,
  ]);

  return { lendingPool };
});

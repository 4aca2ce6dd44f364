// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";

/**
 * @title ILendingPool
 * @notice A lending pool priced by proven credit scores. Lenders deposit the stable asset into an
 * ERC-4626 vault and earn the interest borrowers pay. Borrowers post one collateral token and draw
 * a revolving credit line whose size (advance rate on the collateral's value) and rate come from
 * the tier of their current, valid score in the ScoreRegistry; no valid score means tier 0, the
 * most conservative one. Every 30 days a statement closes with the balance, the amount paid and
 * the repayment status, in the semantics of the feature schema:
 * −2 no use, −1 paid in full, 0 minimum paid (revolving), k = k consecutive missed minimums.
 * @dev Amounts are in base units: the asset's for debts, payments and credit lines, the
 * collateral token's for collateral. Rates and ratios are in basis points (1/10000).
 */
interface ILendingPool is IERC4626 {
    /// @notice One row of the tier table.
    struct Tier {
        // Lowest score in this tier. Tier 0 must have 0: it also takes unscored borrowers.
        uint16 minScore;
        // Credit line as a share of the collateral's value, in bps.
        uint16 advanceRateBps;
        // Simple annual interest rate on the principal, in bps.
        uint16 aprBps;
    }

    /// @notice Risk parameters set by governance.
    struct RiskParameters {
        // Seconds a price stays usable after the feed's `updatedAt`.
        uint32 priceHeartbeat;
        // Liquidatable when collateralValue × this / 10000 < debt, in bps.
        uint16 liquidationThresholdBps;
        // Extra collateral value a liquidator receives on top of what it repays, in bps.
        uint16 liquidationBonusBps;
        // Consecutive missed minimum payments at which a position becomes liquidatable.
        uint8 delinquencyLimit;
        // Minimum payment = this share of the principal (bps) + outstanding interest ...
        uint16 minimumPaymentBps;
        // ... but at least this much (asset units), and never more than the balance.
        uint128 minimumPaymentFloor;
        // Largest credit line in asset units, whatever the collateral.
        uint128 maxCreditLine;
    }

    /// @notice A borrower's position and current statement period.
    /// @dev Packed so that a repayment touches two slots and a draw two or three: the debt fields
    /// share one slot; uint96 holds 7.9e28 base units (79 billion tokens of an 18-decimal asset).
    struct Account {
        // Drawn and not yet repaid, asset units.
        uint96 principal;
        // Interest accrued up to `accruedAt` and not yet paid, asset units.
        uint96 interest;
        // Unix time up to which `interest` is accrued.
        uint40 accruedAt;
        // Rate in force since `accruedAt` (the tier's APR at the last refresh), bps.
        uint16 aprBps;
        // Collateral deposited, collateral units.
        uint128 collateral;
        // Unix time the account opened or the last statement closed; 0 = no account.
        uint40 statementAt;
        // Consecutive missed minimum payments as of the last statement.
        uint8 monthsLate;
        // Whether the borrower drew during the current period.
        bool drewInPeriod;
        // Repaid by anyone for this borrower in the current period (liquidations excluded).
        uint128 paidInPeriod;
        // Balance of the last closed statement.
        uint96 statementBalance;
        // Statements closed so far (the next one gets this index). Sharing the slot with
        // `paidInPeriod` keeps that slot non-zero after the first statement, so a repayment
        // writes to a non-zero slot (2,900 gas) instead of a zero one (20,000).
        uint32 statementCount;
        // Minimum payment due during the current period.
        uint128 minimumDue;
    }

    /// @notice Collateral was posted.
    /// @param borrower The borrower.
    /// @param amount Collateral units.
    event CollateralDeposited(address indexed borrower, uint256 amount);

    /// @notice Collateral was taken back by the borrower.
    /// @param borrower The borrower.
    /// @param amount Collateral units.
    event CollateralWithdrawn(address indexed borrower, uint256 amount);

    /// @notice A borrower's first collateral deposit opened an account; statements start from here.
    /// @param borrower The borrower.
    /// @param openedAt Unix time; the first statement closes 30 days later.
    event AccountOpened(address indexed borrower, uint64 openedAt);

    /// @notice The borrower's tier (and so its rate) changed; the new rate applies from now on.
    /// @param borrower The borrower.
    /// @param tier The new tier index.
    /// @param aprBps The new rate.
    event TermsUpdated(address indexed borrower, uint8 tier, uint16 aprBps);

    /// @notice The borrower drew on its credit line.
    /// @param borrower The borrower (also the receiver).
    /// @param amount Asset units.
    /// @param debt Principal plus interest owed after the draw.
    event Drawn(address indexed borrower, uint256 amount, uint256 debt);

    /// @notice Debt was repaid (interest first, then principal).
    /// @param borrower The borrower.
    /// @param payer Who paid (the borrower or anyone on its behalf).
    /// @param amount Asset units.
    /// @param debt Principal plus interest still owed.
    event Repaid(address indexed borrower, address indexed payer, uint256 amount, uint256 debt);

    /**
     * @notice A 30-day statement closed. This is what the feature extractor reads.
     * @param borrower The borrower.
     * @param index Statement number, 0 for the first.
     * @param closedAt Unix time of the close.
     * @param creditLine The line at close (current tier and price), asset units.
     * @param balance Principal plus interest owed at close, asset units.
     * @param paid Repaid during the period, asset units (liquidations excluded).
     * @param status −2 no use, −1 paid in full, 0 minimum paid, k = k months late.
     */
    event StatementClosed(
        address indexed borrower,
        uint256 indexed index,
        uint64 closedAt,
        uint256 creditLine,
        uint256 balance,
        uint256 paid,
        int8 status
    );

    /// @notice The minimum payment due during the period that just started.
    /// @param borrower The borrower.
    /// @param index The statement that set it.
    /// @param amount Asset units; 0 when nothing is owed.
    /// @param dueAt Unix time of the next close, by which it must be paid.
    event MinimumPaymentSet(
        address indexed borrower,
        uint256 indexed index,
        uint256 amount,
        uint64 dueAt
    );

    /// @notice A position was liquidated.
    /// @param borrower The borrower.
    /// @param liquidator Who repaid and received the collateral.
    /// @param repaid Debt repaid by the liquidator, asset units.
    /// @param seized Collateral sent to the liquidator, collateral units.
    /// @param delinquent True when liquidated for delinquency, false for a collateral shortfall.
    event Liquidated(
        address indexed borrower,
        address indexed liquidator,
        uint256 repaid,
        uint256 seized,
        bool delinquent
    );

    /// @notice Debt left after all collateral was seized was written off; lenders bear it.
    /// @param borrower The borrower.
    /// @param amount Asset units removed from `totalAssets`.
    event BadDebtWrittenOff(address indexed borrower, uint256 amount);

    /// @notice Governance replaced the tier table. Borrowers move at their next draw or statement.
    /// @param tiers The new table.
    event TiersUpdated(Tier[] tiers);

    /// @notice Governance replaced the risk parameters.
    /// @param parameters The new parameters.
    event RiskParametersUpdated(RiskParameters parameters);

    /// @notice An amount argument is zero.
    error LendingPoolZeroAmount();

    /// @notice The token is not the pool's collateral (or, at deployment, not a usable asset or
    /// collateral: no code, the same token twice, or more than 18 decimals).
    /// @param token The rejected token.
    error LendingPoolUnsupportedToken(address token);

    /// @notice The price feed given at deployment has no code or more than 18 decimals.
    /// @param feed The rejected feed.
    error LendingPoolInvalidPriceFeed(address feed);

    /// @notice The score source given at deployment has no code.
    /// @param scoreSource The rejected address.
    error LendingPoolInvalidScoreSource(address scoreSource);

    /// @notice The governor given at deployment is the zero address.
    /// @param governor The rejected address.
    error LendingPoolInvalidGovernor(address governor);

    /// @notice The feed's latest price is older than the heartbeat allows.
    /// @param updatedAt When the feed computed it.
    /// @param oldestAccepted The oldest `updatedAt` accepted now.
    error LendingPoolStalePrice(uint256 updatedAt, uint256 oldestAccepted);

    /// @notice The feed's latest price is zero or negative.
    /// @param answer The feed's answer.
    error LendingPoolInvalidPrice(int256 answer);

    /// @notice The feed's latest round is incomplete (no `updatedAt`, or answered in an older round).
    /// @param roundId The latest round.
    /// @param answeredInRound The round the answer comes from.
    /// @param updatedAt When the answer was computed, 0 if never.
    error LendingPoolIncompleteRound(uint80 roundId, uint80 answeredInRound, uint256 updatedAt);

    /// @notice The draw would take the debt above the credit line.
    /// @param borrower The borrower.
    /// @param requested The amount asked for.
    /// @param available What can still be drawn.
    error LendingPoolExceedsCreditLine(address borrower, uint256 requested, uint256 available);

    /// @notice The pool holds less cash than requested (the rest is lent out).
    /// @param requested The amount asked for.
    /// @param cash The pool's asset balance.
    error LendingPoolInsufficientLiquidity(uint256 requested, uint256 cash);

    /// @notice The borrower has less collateral than it tries to withdraw.
    /// @param borrower The borrower.
    /// @param requested The amount asked for.
    /// @param deposited The borrower's collateral.
    error LendingPoolInsufficientCollateral(address borrower, uint256 requested, uint256 deposited);

    /// @notice The withdrawal would leave the debt above the credit line.
    /// @param borrower The borrower.
    /// @param debt Principal plus interest owed.
    /// @param creditLineAfter The line the remaining collateral would support.
    error LendingPoolUnhealthyWithdrawal(address borrower, uint256 debt, uint256 creditLineAfter);

    /// @notice The borrower missed its last minimum payment and may not draw until it catches up.
    /// @param borrower The borrower.
    /// @param monthsLate Consecutive missed minimum payments.
    error LendingPoolDelinquent(address borrower, uint8 monthsLate);

    /// @notice The borrower owes nothing.
    /// @param borrower The borrower.
    error LendingPoolNothingToRepay(address borrower);

    /// @notice The borrower never deposited collateral, so it has no statements.
    /// @param borrower The borrower.
    error LendingPoolNoAccount(address borrower);

    /// @notice The borrower's current statement period has not lasted 30 days yet.
    /// @param borrower The borrower.
    /// @param dueAt Unix time from which it can be closed.
    error LendingPoolStatementNotDue(address borrower, uint256 dueAt);

    /// @notice The position is neither under-collateralised nor delinquent enough to liquidate.
    /// @param borrower The borrower.
    /// @param debt Principal plus interest owed.
    /// @param liquidationValue Collateral value × liquidation threshold, asset units.
    /// @param monthsLate Consecutive missed minimum payments.
    error LendingPoolNotLiquidatable(
        address borrower,
        uint256 debt,
        uint256 liquidationValue,
        uint8 monthsLate
    );

    /// @notice The tier table is empty or longer than the maximum.
    /// @param count The given number of tiers.
    /// @param maxCount The largest accepted number.
    error LendingPoolInvalidTierCount(uint256 count, uint256 maxCount);

    /// @notice Tier cutoffs must start at 0 and strictly increase.
    /// @param index The offending tier.
    /// @param minScore Its cutoff.
    /// @param previousMinScore The previous tier's cutoff (0 for tier 0).
    error LendingPoolTiersNotSorted(uint256 index, uint16 minScore, uint16 previousMinScore);

    /// @notice A better tier must not lend less or charge more than the tier below it.
    /// @param index The offending tier.
    /// @param advanceRateBps Its advance rate.
    /// @param aprBps Its rate.
    error LendingPoolTierWorseThanPrevious(uint256 index, uint16 advanceRateBps, uint16 aprBps);

    /// @notice A tier's advance rate is above the liquidation threshold (a fresh draw would be liquidatable).
    /// @param index The offending tier.
    /// @param advanceRateBps Its advance rate.
    /// @param liquidationThresholdBps The liquidation threshold.
    error LendingPoolAdvanceRateAboveThreshold(
        uint256 index,
        uint16 advanceRateBps,
        uint16 liquidationThresholdBps
    );

    /// @notice A tier's rate is above the maximum.
    /// @param index The offending tier.
    /// @param aprBps Its rate.
    /// @param maxAprBps The largest accepted rate.
    error LendingPoolAprTooHigh(uint256 index, uint16 aprBps, uint16 maxAprBps);

    /// @notice The price heartbeat is zero.
    /// @param heartbeat The rejected value.
    error LendingPoolInvalidHeartbeat(uint32 heartbeat);

    /// @notice The liquidation threshold is zero or above 100%.
    /// @param liquidationThresholdBps The rejected value.
    error LendingPoolInvalidLiquidationThreshold(uint16 liquidationThresholdBps);

    /// @notice threshold × (1 + bonus) exceeds 100%: a position liquidatable by price could not pay the bonus.
    /// @param liquidationBonusBps The rejected bonus.
    /// @param liquidationThresholdBps The threshold it was checked against.
    error LendingPoolInvalidLiquidationBonus(
        uint16 liquidationBonusBps,
        uint16 liquidationThresholdBps
    );

    /// @notice The delinquency limit is zero or above what the status can count (127).
    /// @param delinquencyLimit The rejected value.
    error LendingPoolInvalidDelinquencyLimit(uint8 delinquencyLimit);

    /// @notice The minimum payment share is above 100%.
    /// @param minimumPaymentBps The rejected value.
    error LendingPoolInvalidMinimumPayment(uint16 minimumPaymentBps);

    /**
     * @notice Posts collateral; the first deposit opens the account and starts the statement clock.
     * @param token Must be the pool's collateral token.
     * @param amount Collateral units, non-zero; pulled from the caller.
     */
    function depositCollateral(address token, uint256 amount) external;

    /**
     * @notice Takes collateral back, as long as the remaining collateral still supports the debt
     * at the borrower's current tier. Blocked while paused.
     * @param token Must be the pool's collateral token.
     * @param amount Collateral units, non-zero.
     */
    function withdrawCollateral(address token, uint256 amount) external;

    /**
     * @notice Draws on the caller's credit line: refreshes its tier from its current score, then
     * requires debt + amount ≤ line and amount ≤ cash. Not while delinquent or paused.
     * @param amount Asset units, non-zero; sent to the caller.
     */
    function draw(uint256 amount) external;

    /**
     * @notice Repays a borrower's debt, interest first. Anyone may pay for anyone (a keeper, a
     * guarantor): a payment can only lower the borrower's debt, and it counts toward the
     * borrower's minimum payment. Works while paused, so debt can always be reduced.
     * @param borrower The borrower.
     * @param amount Asset units, non-zero; capped at the debt (pass type(uint256).max to repay all).
     * @return repaid What was actually pulled from the caller.
     */
    function repay(address borrower, uint256 amount) external returns (uint256 repaid);

    /**
     * @notice Closes the borrower's statement once 30 days have passed since the last one (or the
     * account's opening). Anyone may call; works while paused. Also refreshes the borrower's tier.
     * Needs a valid price when the borrower has collateral (the statement reports the credit line).
     * @param borrower The borrower.
     */
    function closeStatement(address borrower) external;

    /**
     * @notice Keeper loop: closes the statement of every listed borrower that is due, skips the others.
     * @param borrowers The borrowers.
     * @return closed How many statements were closed.
     */
    function closeStatements(address[] calldata borrowers) external returns (uint256 closed);

    /**
     * @notice Liquidates a position that is under-collateralised (collateral value × threshold <
     * debt) or delinquent (months late ≥ limit): the caller repays up to `maxRepay` of the debt and
     * receives collateral worth the repayment plus the bonus. If the collateral runs out, the caller
     * repays only what it covers and the rest of the debt is written off (lenders bear it).
     * @param borrower The borrower.
     * @param maxRepay Most asset units the caller will repay, non-zero.
     * @return repaid Asset units pulled from the caller.
     * @return seized Collateral units sent to the caller.
     */
    function liquidate(
        address borrower,
        uint256 maxRepay
    ) external returns (uint256 repaid, uint256 seized);

    /**
     * @notice Replaces the tier table. GOVERNOR_ROLE (the timelock) only.
     * @param tiers 1 to 5 tiers, cutoffs starting at 0 and strictly increasing, each at least as
     * generous as the one before, advance rates within the liquidation threshold.
     */
    function setTiers(Tier[] calldata tiers) external;

    /**
     * @notice Replaces the risk parameters. GOVERNOR_ROLE (the timelock) only.
     * @param parameters The new parameters (see `RiskParameters`).
     */
    function setRiskParameters(RiskParameters calldata parameters) external;

    /// @notice Stops deposits, withdrawals, draws, collateral withdrawals and liquidations. PAUSER_ROLE.
    function pause() external;

    /// @notice Resumes the pool. GOVERNOR_ROLE.
    function unpause() external;

    /// @notice The collateral token.
    /// @return The token.
    function collateralToken() external view returns (address);

    /// @notice The collateral's price feed (collateral priced in the asset).
    /// @return The feed.
    function priceFeed() external view returns (address);

    /// @notice The ScoreRegistry the tiers are read from.
    /// @return The registry.
    function scoreSource() external view returns (address);

    /// @notice The tier table.
    /// @return The tiers, tier 0 first.
    function tiers() external view returns (Tier[] memory);

    /// @notice The risk parameters.
    /// @return The parameters.
    function riskParameters() external view returns (RiskParameters memory);

    /**
     * @notice The tier the borrower's current valid score earns (tier 0 without one).
     * @param borrower The borrower.
     * @return index The tier index.
     * @return tier The tier.
     */
    function tierOf(address borrower) external view returns (uint8 index, Tier memory tier);

    /// @notice The borrower's stored position (interest as of `accruedAt`; see `debtOf` for now).
    /// @param borrower The borrower.
    /// @return The account.
    function accountOf(address borrower) external view returns (Account memory);

    /// @notice Principal plus interest owed now.
    /// @param borrower The borrower.
    /// @return Asset units.
    function debtOf(address borrower) external view returns (uint256);

    /**
     * @notice The borrower's credit line at its current tier and price, and what it can still draw.
     * @param borrower The borrower.
     * @return line min(collateral value × advance rate, max credit line), asset units.
     * @return available line − debt, or 0.
     */
    function creditLineOf(address borrower) external view returns (uint256 line, uint256 available);

    /// @notice Value of an amount of collateral in asset units at the feed's (checked) price.
    /// @param amount Collateral units.
    /// @return Asset units, rounded down.
    function collateralValue(uint256 amount) external view returns (uint256);

    /**
     * @notice Whether the position can be liquidated now, and why.
     * @param borrower The borrower.
     * @return byPrice Collateral value × threshold < debt.
     * @return byDelinquency Months late ≥ the delinquency limit (with debt outstanding).
     */
    function liquidatable(
        address borrower
    ) external view returns (bool byPrice, bool byDelinquency);

    /// @notice Unix time from which the borrower's current statement can be closed; 0 = no account.
    /// @param borrower The borrower.
    /// @return The time.
    function statementDueAt(address borrower) external view returns (uint256);

    /// @notice Principal plus interest owed by all borrowers now (part of `totalAssets`).
    /// @return Asset units.
    function totalDebt() external view returns (uint256);
}

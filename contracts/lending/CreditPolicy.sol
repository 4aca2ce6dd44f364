// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILendingPool} from "../interfaces/ILendingPool.sol";
import {CreditMath} from "./CreditMath.sol";

/**
 * @title CreditPolicy
 * @notice The governance-set terms of the pool: the tier table and the risk parameters, validated
 * together so that no table and parameters in force can contradict each other (e.g. an advance
 * rate above the liquidation threshold would make a fresh draw liquidatable).
 */
abstract contract CreditPolicy is ILendingPool {
    /// @notice Longest tier table: five 48-bit tiers fill one storage slot, so a draw reads the
    /// whole table with a single SLOAD.
    uint256 public constant MAX_TIERS = 5;

    /// @notice Highest accepted APR (100%), in bps.
    uint16 public constant MAX_APR_BPS = 10_000;

    // Bits per packed tier: minScore | advanceRateBps << 16 | aprBps << 32.
    uint256 private constant TIER_BITS = 48;
    // The tier count sits in the top byte of the table.
    uint256 private constant COUNT_SHIFT = 248;

    // Tier i in bits [48i, 48i + 48), tier 0 first, cutoffs strictly increasing; count in the top byte.
    uint256 private _tierTable;

    // The risk parameters in force.
    RiskParameters private _risk;

    /// @inheritdoc ILendingPool
    function tiers() external view returns (Tier[] memory list) {
        uint256 table = _tierTable;
        list = new Tier[](table >> COUNT_SHIFT);
        for (uint256 i; i < list.length; ++i) list[i] = _unpackTier(table, i);
    }

    /// @inheritdoc ILendingPool
    function riskParameters() external view returns (RiskParameters memory) {
        return _risk;
    }

    /// @notice The tier a score earns: the highest tier whose cutoff it reaches, tier 0 without a valid score.
    /// @param valid Whether the borrower has a valid score.
    /// @param score The score.
    /// @return index The tier index.
    /// @return tier The tier.
    function _tierFor(
        bool valid,
        uint16 score
    ) internal view returns (uint8 index, Tier memory tier) {
        uint256 table = _tierTable;
        uint256 i;
        if (valid) {
            // Scan from the top: tier 0's cutoff is 0, so the loop stops there at the latest.
            i = (table >> COUNT_SHIFT) - 1;
            while (score < uint16(table >> (i * TIER_BITS))) --i;
        }
        // i < MAX_TIERS, so it fits in uint8.
        return (uint8(i), _unpackTier(table, i));
    }

    /// @notice Tier `i` of a packed table.
    /// @param table The packed table.
    /// @param i The index (< count).
    /// @return The tier.
    function _unpackTier(uint256 table, uint256 i) private pure returns (Tier memory) {
        uint256 word = table >> (i * TIER_BITS);
        return Tier(uint16(word), uint16(word >> 16), uint16(word >> 32));
    }

    /// @notice The risk parameters, for internal reads.
    /// @return The parameters (a storage pointer: read only the fields you need).
    function _riskParameters() internal view returns (RiskParameters storage) {
        return _risk;
    }

    /// @notice Validates and installs a tier table against the current liquidation threshold.
    /// @param newTiers The table.
    function _setTiers(Tier[] memory newTiers) internal {
        uint256 count = newTiers.length;
        if (count == 0 || count > MAX_TIERS) revert LendingPoolInvalidTierCount(count, MAX_TIERS);
        uint16 threshold = _risk.liquidationThresholdBps;
        uint256 table = count << COUNT_SHIFT;
        Tier memory previous = Tier(0, 0, type(uint16).max);
        for (uint256 i; i < count; ++i) {
            Tier memory t = newTiers[i];
            bool sorted = i == 0 ? t.minScore == 0 : t.minScore > previous.minScore;
            if (!sorted) revert LendingPoolTiersNotSorted(i, t.minScore, previous.minScore);
            if (t.advanceRateBps < previous.advanceRateBps || t.aprBps > previous.aprBps)
                revert LendingPoolTierWorseThanPrevious(i, t.advanceRateBps, t.aprBps);
            if (t.advanceRateBps > threshold)
                revert LendingPoolAdvanceRateAboveThreshold(i, t.advanceRateBps, threshold);
            if (t.aprBps > MAX_APR_BPS) revert LendingPoolAprTooHigh(i, t.aprBps, MAX_APR_BPS);
            uint256 packed =
                uint256(t.minScore) | (uint256(t.advanceRateBps) << 16) | (uint256(t.aprBps) << 32);
            table |= packed << (i * TIER_BITS);
            previous = t;
        }
        _tierTable = table;
        emit TiersUpdated(newTiers);
    }

    /// @notice Validates and installs risk parameters against the current tier table.
    /// @param p The parameters.
    function _setRiskParameters(RiskParameters memory p) internal {
        if (p.priceHeartbeat == 0) revert LendingPoolInvalidHeartbeat(p.priceHeartbeat);
        uint256 threshold = p.liquidationThresholdBps;
        if (threshold == 0 || threshold > CreditMath.BPS)
            revert LendingPoolInvalidLiquidationThreshold(p.liquidationThresholdBps);
        // At the threshold, collateral value = debt / threshold; paying debt × (1 + bonus) out of it
        // needs threshold × (1 + bonus) ≤ 1.
        if (threshold * (CreditMath.BPS + p.liquidationBonusBps) > CreditMath.BPS * CreditMath.BPS)
            revert LendingPoolInvalidLiquidationBonus(
                p.liquidationBonusBps,
                p.liquidationThresholdBps
            );
        if (p.delinquencyLimit == 0 || p.delinquencyLimit > CreditMath.MAX_MONTHS_LATE)
            revert LendingPoolInvalidDelinquencyLimit(p.delinquencyLimit);
        if (p.minimumPaymentBps > CreditMath.BPS)
            revert LendingPoolInvalidMinimumPayment(p.minimumPaymentBps);
        // Advance rates only grow with the tier, so checking the last tier checks them all.
        uint256 table = _tierTable;
        uint256 count = table >> COUNT_SHIFT;
        if (count != 0) {
            Tier memory top = _unpackTier(table, count - 1);
            if (top.advanceRateBps > threshold)
                revert LendingPoolAdvanceRateAboveThreshold(
                    count - 1,
                    top.advanceRateBps,
                    p.liquidationThresholdBps
                );
        }
        _risk = p;
        emit RiskParametersUpdated(p);
    }
}

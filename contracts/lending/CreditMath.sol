// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/**
 * @title CreditMath
 * @notice The pure rules of the credit line: simple interest, the statement's repayment status and
 * the minimum payment. Kept apart from storage so the rules read in one place and can be fuzzed alone.
 */
library CreditMath {
    /// @notice Basis points in one.
    uint256 internal constant BPS = 10_000;

    /// @notice Interest is simple and per second: principal × apr × seconds / (BPS × YEAR).
    uint256 internal constant YEAR = 365 days;

    /// @notice Status: no balance before or after, and no draw or payment during the period.
    int8 internal constant STATUS_NO_USE = -2;

    /// @notice Status: the previous statement's balance was paid in full (also when it was zero).
    int8 internal constant STATUS_PAID_IN_FULL = -1;

    /// @notice Status: the minimum was paid but part of the balance revolves.
    int8 internal constant STATUS_MINIMUM_PAID = 0;

    /// @notice The late count saturates here (int8); the feature schema clamps at 8 anyway.
    uint8 internal constant MAX_MONTHS_LATE = 127;

    /**
     * @notice Interest on `principal` at `aprBps` for `elapsed` seconds, rounded up so that the sum
     * of what borrowers owe is never below what the pool counts (which rounds down).
     * @param principal Asset units.
     * @param aprBps Annual rate in bps.
     * @param elapsed Seconds.
     * @return Asset units.
     */
    function interest(
        uint256 principal,
        uint256 aprBps,
        uint256 elapsed
    ) internal pure returns (uint256) {
        return Math.mulDiv(principal * aprBps, elapsed, BPS * YEAR, Math.Rounding.Ceil);
    }

    /**
     * @notice The repayment status of the period that ends now, in the dataset's semantics.
     * A missed minimum dominates; otherwise paying the previous balance in full is −1, paying less
     * (but at least the minimum) is 0 (revolving), and a period with nothing owed and nothing done is −2.
     * @param previousBalance Balance of the previous statement.
     * @param minimumDue Minimum payment that was due during the period.
     * @param paid Repaid during the period.
     * @param drew Whether the borrower drew during the period.
     * @param balance Balance now.
     * @param monthsLate Consecutive missed minimums before this period.
     * @return status −2, −1, 0, or the new count of consecutive missed minimums (≥ 1).
     */
    function statementStatus(
        uint256 previousBalance,
        uint256 minimumDue,
        uint256 paid,
        bool drew,
        uint256 balance,
        uint8 monthsLate
    ) internal pure returns (int8 status) {
        if (paid < minimumDue) {
            // Saturating: a count past 127 no longer changes any feature (the schema clamps at 8).
            return monthsLate >= MAX_MONTHS_LATE ? int8(MAX_MONTHS_LATE) : int8(monthsLate + 1);
        }
        if (previousBalance == 0 && balance == 0 && !drew && paid == 0) return STATUS_NO_USE;
        if (paid >= previousBalance) return STATUS_PAID_IN_FULL;
        return STATUS_MINIMUM_PAID;
    }

    /**
     * @notice Minimum payment for the next period: principal × bps + outstanding interest, at least
     * the floor, never more than the balance.
     * @param principal Asset units.
     * @param interestOwed Asset units.
     * @param minimumPaymentBps Share of the principal, bps.
     * @param floor Asset units.
     * @return Asset units.
     */
    function minimumPayment(
        uint256 principal,
        uint256 interestOwed,
        uint256 minimumPaymentBps,
        uint256 floor
    ) internal pure returns (uint256) {
        uint256 balance = principal + interestOwed;
        uint256 due =
            Math.mulDiv(principal, minimumPaymentBps, BPS, Math.Rounding.Ceil) + interestOwed;
        return Math.min(Math.max(due, floor), balance);
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title MockScoreRegistry
 * @notice Stands in for ScoreRegistry in the pool's unit tests: the pool reads only
 * `validScoreOf`, and these tests are about tiers, not proofs (the integration test uses the
 * real registry with real proofs).
 */
contract MockScoreRegistry {
    struct Entry {
        bool valid;
        uint16 score;
    }

    mapping(address subject => Entry) private _entries;

    /// @notice Sets what `validScoreOf` returns for a subject.
    /// @param subject The wallet.
    /// @param valid Whether the score counts (false models an expired or revoked score).
    /// @param score The score.
    function setScore(address subject, bool valid, uint16 score) external {
        _entries[subject] = Entry(valid, score);
    }

    /// @notice Same signature as IScoreRegistry.validScoreOf.
    /// @param subject The wallet.
    /// @return valid Whether the subject has a valid score.
    /// @return score The score when valid, 0 otherwise.
    function validScoreOf(address subject) external view returns (bool valid, uint16 score) {
        Entry memory e = _entries[subject];
        return (e.valid, e.valid ? e.score : 0);
    }
}

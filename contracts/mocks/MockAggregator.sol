// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";

/**
 * @title MockAggregator
 * @notice Chainlink-style feed whose rounds tests set by hand, including broken ones (stale,
 * non-positive, incomplete) to exercise the pool's checks.
 */
contract MockAggregator is AggregatorV3Interface {
    struct Round {
        int256 answer;
        uint256 startedAt;
        uint256 updatedAt;
        uint80 answeredInRound;
    }

    uint8 private immutable _decimals;
    uint80 private _latestRound;
    mapping(uint80 roundId => Round) private _rounds;

    /// @param decimals_ Decimals of the answer.
    /// @param initialAnswer First answer, recorded as round 1 at the deployment block.
    constructor(uint8 decimals_, int256 initialAnswer) {
        _decimals = decimals_;
        setPrice(initialAnswer);
    }

    /// @notice Starts a new, complete round with `answer` updated now.
    /// @param answer The price.
    function setPrice(int256 answer) public {
        setRound(_latestRound + 1, answer, block.timestamp, _latestRound + 1);
    }

    /// @notice Sets the latest round to arbitrary values.
    /// @param roundId Round id (becomes the latest).
    /// @param answer The price.
    /// @param updatedAt Update time (0 = incomplete).
    /// @param answeredInRound Round the answer comes from.
    function setRound(
        uint80 roundId,
        int256 answer,
        uint256 updatedAt,
        uint80 answeredInRound
    ) public {
        _latestRound = roundId;
        _rounds[roundId] = Round(answer, updatedAt, updatedAt, answeredInRound);
    }

    /// @inheritdoc AggregatorV3Interface
    function decimals() external view returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc AggregatorV3Interface
    function description() external pure returns (string memory) {
        return "MOCK / USD";
    }

    /// @inheritdoc AggregatorV3Interface
    function version() external pure returns (uint256) {
        return 4;
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(
        uint80 roundId_
    ) public view returns (uint80, int256, uint256, uint256, uint80) {
        Round memory r = _rounds[roundId_];
        return (roundId_, r.answer, r.startedAt, r.updatedAt, r.answeredInRound);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        return getRoundData(_latestRound);
    }
}

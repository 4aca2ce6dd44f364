// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title AggregatorV3Interface
 * @notice Chainlink's price feed interface (same selectors as `@chainlink/contracts`), declared here so the
 * pool depends on the ABI only, not on the Chainlink package.
 */
interface AggregatorV3Interface {
    /// @notice Number of decimals of `answer`.
    function decimals() external view returns (uint8);

    /// @notice Human-readable pair, e.g. "ETH / USD".
    function description() external view returns (string memory);

    /// @notice Aggregator implementation version.
    function version() external view returns (uint256);

    /// @notice Data of a past round.
    /// @param roundId_ The round to read.
    /// @return roundId The round id.
    /// @return answer The price, scaled by `decimals()`.
    /// @return startedAt Unix time the round started.
    /// @return updatedAt Unix time the answer was computed; 0 while the round is incomplete.
    /// @return answeredInRound The round in which the answer was computed (deprecated by Chainlink).
    function getRoundData(
        uint80 roundId_
    )
        external
        view
        returns (
            uint80 roundId,
            int256 answer,
            uint256 startedAt,
            uint256 updatedAt,
            uint80 answeredInRound
        );

    /// @notice Data of the latest round; same fields as `getRoundData`.
    /// @return roundId The round id.
    /// @return answer The price, scaled by `decimals()`.
    /// @return startedAt Unix time the round started.
    /// @return updatedAt Unix time the answer was computed; 0 while the round is incomplete.
    /// @return answeredInRound The round in which the answer was computed.
    function latestRoundData()
        external
        view
        returns (
            uint80 roundId,
            int256 answer,
            uint256 startedAt,
            uint256 updatedAt,
            uint80 answeredInRound
        );
}

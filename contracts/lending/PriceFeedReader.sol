// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {ILendingPool} from "../interfaces/ILendingPool.sol";

/**
 * @title PriceFeedReader
 * @notice Reads a Chainlink-style feed and accepts only a complete, positive and fresh answer.
 * @dev Chainlink's guidance: `updatedAt == 0` marks an incomplete round, `answeredInRound <
 * roundId` an answer carried over from an older round; a feed that stopped updating keeps
 * returning its last answer, so freshness is checked against a heartbeat the protocol chooses.
 */
library PriceFeedReader {
    /**
     * @notice The feed's latest answer, checked.
     * @param feed The feed.
     * @param heartbeat Seconds an answer stays usable after `updatedAt`.
     * @return price The answer, scaled by `feed.decimals()`; always > 0.
     */
    function checkedPrice(
        AggregatorV3Interface feed,
        uint256 heartbeat
    ) internal view returns (uint256 price) {
        (uint80 roundId, int256 answer, , uint256 updatedAt, uint80 answeredInRound) = feed
            .latestRoundData();
        if (updatedAt == 0 || answeredInRound < roundId)
            revert ILendingPool.LendingPoolIncompleteRound(roundId, answeredInRound, updatedAt);
        if (answer <= 0) revert ILendingPool.LendingPoolInvalidPrice(answer);
        // Written as an addition so a feed timestamp slightly ahead of the block cannot underflow.
        if (updatedAt + heartbeat < block.timestamp)
            revert ILendingPool.LendingPoolStalePrice(updatedAt, block.timestamp - heartbeat);
        return uint256(answer);
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/**
 * @title GovernanceTimelock
 * @notice zkcredit's governor: OpenZeppelin's TimelockController, unchanged. It holds
 * GOVERNOR_ROLE on the model, attestor and score registries (and the lending pool), so every
 * governance change is scheduled in public and executed only after `getMinDelay()` seconds.
 * @dev A named subclass only because Hardhat 3 emits artifacts for the project's own contracts,
 * not for npm imports, and the Ignition module deploys it by name.
 */
contract GovernanceTimelock is TimelockController {
    /**
     * @param minDelay Seconds between scheduling and executing an operation.
     * @param proposers Accounts that may schedule (and cancel) operations.
     * @param executors Accounts that may execute ready operations; address(0) lets anyone.
     * @param admin Optional bootstrap admin; pass address(0) so only the timelock administers itself.
     */
    constructor(
        uint256 minDelay,
        address[] memory proposers,
        address[] memory executors,
        address admin
    ) TimelockController(minDelay, proposers, executors, admin) {}
}

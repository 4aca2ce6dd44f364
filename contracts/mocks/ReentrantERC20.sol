// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title ReentrantERC20
 * @notice Attacker token: on every transfer it first calls a configured target with configured
 * calldata (e.g. back into the pool) and bubbles up that call's revert, the way an ERC-777 hook
 * or a malicious token would re-enter.
 */
contract ReentrantERC20 is ERC20 {
    address private _target;
    bytes private _payload;

    constructor() ERC20("Reentrant", "REEN") {}

    /// @notice Mints tokens to anyone; test use only.
    /// @param to Receiver.
    /// @param amount Base units.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Arms the hook; a zero target disarms it.
    /// @param target Contract to call on each transfer.
    /// @param payload Calldata for it.
    function arm(address target, bytes calldata payload) external {
        _target = target;
        _payload = payload;
    }

    /// @dev Runs the hook before moving balances (mints and burns included).
    function _update(address from, address to, uint256 value) internal override {
        address target = _target;
        if (target != address(0)) {
            (bool ok, bytes memory reason) = target.call(_payload);
            if (!ok) {
                assembly ("memory-safe") {
                    revert(add(reason, 32), mload(reason))
                }
            }
        }
        super._update(from, to, value);
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IAttestorRegistry} from "./interfaces/IAttestorRegistry.sol";
import {SNARK_SCALAR_FIELD} from "./interfaces/IScoreVerifier.sol";

/**
 * @title AttestorRegistry
 * @notice Which data attestor keys are trusted to sign a wallet's features. Every change is made
 * by GOVERNOR_ROLE, held by the TimelockController, so it is public for the timelock's delay
 * before it takes effect.
 */
contract AttestorRegistry is IAttestorRegistry, AccessControl {
    /// @notice Role allowed to trust, revoke and rotate attestor keys.
    bytes32 public constant GOVERNOR_ROLE = keccak256("GOVERNOR_ROLE");

    // First slot: what ScoreRegistry reads on every submission and every validity check
    // (8 + 32 + 64 + 64 = 168 bits). The label is only read by audits.
    struct Entry {
        AttestorStatus status;
        uint32 id;
        uint64 trustedAt;
        uint64 revokedAt;
        string label;
    }

    mapping(uint256 keyHash => Entry) private _attestors;
    mapping(uint32 id => uint256 keyHash) private _keyHashes;
    uint32 private _attestorCount;

    /// @param governor The TimelockController: gets GOVERNOR_ROLE and the role admin role.
    constructor(address governor) {
        if (governor == address(0)) revert AttestorRegistryInvalidGovernor(governor);
        _grantRole(DEFAULT_ADMIN_ROLE, governor);
        _grantRole(GOVERNOR_ROLE, governor);
    }

    /// @inheritdoc IAttestorRegistry
    function trustAttestor(
        uint256 keyHash,
        string calldata label
    ) external onlyRole(GOVERNOR_ROLE) returns (uint32 id) {
        return _trust(keyHash, label);
    }

    /// @inheritdoc IAttestorRegistry
    function revokeAttestor(uint256 keyHash) external onlyRole(GOVERNOR_ROLE) {
        _revoke(keyHash);
    }

    /// @inheritdoc IAttestorRegistry
    function rotateAttestor(
        uint256 oldKeyHash,
        uint256 newKeyHash,
        string calldata label
    ) external onlyRole(GOVERNOR_ROLE) returns (uint32 id) {
        // Revoke first: rotating a key onto itself then fails in `_trust` as already registered.
        _revoke(oldKeyHash);
        return _trust(newKeyHash, label);
    }

    /// @inheritdoc IAttestorRegistry
    function isTrusted(uint256 keyHash) external view returns (bool) {
        return _attestors[keyHash].status == AttestorStatus.Trusted;
    }

    /// @inheritdoc IAttestorRegistry
    function attestorOf(uint256 keyHash) external view returns (Attestor memory) {
        Entry storage entry = _attestors[keyHash];
        return
            Attestor({
                label: entry.label,
                status: entry.status,
                id: entry.id,
                trustedAt: entry.trustedAt,
                revokedAt: entry.revokedAt
            });
    }

    /// @inheritdoc IAttestorRegistry
    function trustedIdOf(uint256 keyHash) external view returns (uint32) {
        Entry storage entry = _attestors[keyHash];
        return entry.status == AttestorStatus.Trusted ? entry.id : 0;
    }

    /// @inheritdoc IAttestorRegistry
    function isTrustedId(uint32 id) external view returns (bool) {
        // Unknown ids map to key hash 0, which can never be trusted.
        return _attestors[_keyHashes[id]].status == AttestorStatus.Trusted;
    }

    /// @inheritdoc IAttestorRegistry
    function keyHashOf(uint32 id) external view returns (uint256) {
        return _keyHashes[id];
    }

    /// @inheritdoc IAttestorRegistry
    function attestorCount() external view returns (uint32) {
        return _attestorCount;
    }

    function _trust(uint256 keyHash, string calldata label) private returns (uint32 id) {
        if (keyHash == 0 || keyHash >= SNARK_SCALAR_FIELD)
            revert AttestorRegistryInvalidKeyHash(keyHash);
        Entry storage entry = _attestors[keyHash];
        if (entry.status != AttestorStatus.None)
            revert AttestorRegistryAlreadyRegistered(keyHash, entry.status);
        if (bytes(label).length == 0) revert AttestorRegistryEmptyLabel(keyHash);

        // Checked: 2^32 governance calls cannot happen, and overflow would revert anyway.
        id = ++_attestorCount;
        entry.status = AttestorStatus.Trusted;
        entry.id = id;
        entry.trustedAt = uint64(block.timestamp);
        entry.label = label;
        _keyHashes[id] = keyHash;
        emit AttestorTrusted(keyHash, id, label);
    }

    function _revoke(uint256 keyHash) private {
        Entry storage entry = _attestors[keyHash];
        if (entry.status != AttestorStatus.Trusted)
            revert AttestorRegistryNotTrusted(keyHash, entry.status);
        entry.status = AttestorStatus.Revoked;
        entry.revokedAt = uint64(block.timestamp);
        emit AttestorRevoked(keyHash, entry.id);
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IModelRegistry} from "./interfaces/IModelRegistry.sol";
import {SNARK_SCALAR_FIELD} from "./interfaces/IScoreVerifier.sol";

/**
 * @title ModelRegistry
 * @notice Which credit models count, and which verifier checks each model shape. Every change is
 * made by GOVERNOR_ROLE, held by the TimelockController, so it is public for the timelock's delay
 * before it takes effect.
 */
contract ModelRegistry is IModelRegistry, AccessControl {
    /// @notice Role allowed to set verifiers and register or revoke models.
    bytes32 public constant GOVERNOR_ROLE = keccak256("GOVERNOR_ROLE");

    // First slot: what ScoreRegistry reads on every submission and every validity check
    // (8 + 32 + 32 + 64 + 64 = 200 bits). The rest is only read by audits.
    struct Entry {
        ModelStatus status;
        uint32 id;
        // The shape's number in `_verifiers`: a 32-bit stand-in for `shapeId`, so the model's
        // verifier is found from this slot in one more read.
        uint32 shapeNumber;
        uint64 registeredAt;
        uint64 revokedAt;
        bytes32 shapeId;
        bytes32 cardHash;
        string cardUri;
    }

    mapping(uint256 commitment => Entry) private _models;
    mapping(uint32 id => uint256 commitment) private _commitments;
    // A shape gets its number (1, 2, ...) the first time it is given a verifier.
    mapping(bytes32 shapeId => uint32 shapeNumber) private _shapeNumbers;
    mapping(uint32 shapeNumber => address verifier) private _verifiers;
    uint32 private _modelCount;
    uint32 private _shapeCount;

    /// @param governor The TimelockController: gets GOVERNOR_ROLE and the role admin role.
    constructor(address governor) {
        if (governor == address(0)) revert ModelRegistryInvalidGovernor(governor);
        _grantRole(DEFAULT_ADMIN_ROLE, governor);
        _grantRole(GOVERNOR_ROLE, governor);
    }

    /// @inheritdoc IModelRegistry
    function setShapeVerifier(bytes32 shapeId, address verifier) external onlyRole(GOVERNOR_ROLE) {
        // Also rejects the zero address: an active model must always have a callable verifier.
        if (verifier.code.length == 0) revert ModelRegistryInvalidVerifier(shapeId, verifier);
        uint32 number = _shapeNumbers[shapeId];
        if (number == 0) {
            // Checked: 2^32 governance calls cannot happen, and overflow would revert anyway.
            number = ++_shapeCount;
            _shapeNumbers[shapeId] = number;
        }
        address previous = _verifiers[number];
        _verifiers[number] = verifier;
        emit ShapeVerifierSet(shapeId, verifier, previous);
    }

    /// @inheritdoc IModelRegistry
    function registerModel(
        uint256 commitment,
        bytes32 shapeId,
        string calldata cardUri,
        bytes32 cardHash
    ) external onlyRole(GOVERNOR_ROLE) returns (uint32 id) {
        if (commitment == 0 || commitment >= SNARK_SCALAR_FIELD)
            revert ModelRegistryInvalidCommitment(commitment);
        Entry storage entry = _models[commitment];
        if (entry.status != ModelStatus.None)
            revert ModelRegistryAlreadyRegistered(commitment, entry.status);
        uint32 shapeNumber = _shapeNumbers[shapeId];
        if (shapeNumber == 0) revert ModelRegistryUnknownShape(shapeId);
        if (bytes(cardUri).length == 0 || cardHash == 0)
            revert ModelRegistryMissingModelCard(commitment);

        // Checked: 2^32 governance calls cannot happen, and overflow would revert anyway.
        id = ++_modelCount;
        entry.status = ModelStatus.Active;
        entry.id = id;
        entry.shapeNumber = shapeNumber;
        entry.registeredAt = uint64(block.timestamp);
        entry.shapeId = shapeId;
        entry.cardHash = cardHash;
        entry.cardUri = cardUri;
        _commitments[id] = commitment;
        emit ModelRegistered(commitment, shapeId, id, cardUri, cardHash);
    }

    /// @inheritdoc IModelRegistry
    function revokeModel(uint256 commitment) external onlyRole(GOVERNOR_ROLE) {
        Entry storage entry = _models[commitment];
        if (entry.status != ModelStatus.Active)
            revert ModelRegistryNotActive(commitment, entry.status);
        entry.status = ModelStatus.Revoked;
        entry.revokedAt = uint64(block.timestamp);
        emit ModelRevoked(commitment, entry.id);
    }

    /// @inheritdoc IModelRegistry
    function isActive(uint256 commitment) external view returns (bool) {
        return _models[commitment].status == ModelStatus.Active;
    }

    /// @inheritdoc IModelRegistry
    function modelOf(uint256 commitment) external view returns (Model memory) {
        Entry storage entry = _models[commitment];
        return
            Model({
                shapeId: entry.shapeId,
                cardHash: entry.cardHash,
                cardUri: entry.cardUri,
                status: entry.status,
                id: entry.id,
                registeredAt: entry.registeredAt,
                revokedAt: entry.revokedAt
            });
    }

    /// @inheritdoc IModelRegistry
    function verifierFor(bytes32 shapeId) external view returns (address) {
        // An unknown shape has number 0, which never holds a verifier.
        return _verifiers[_shapeNumbers[shapeId]];
    }

    /// @inheritdoc IModelRegistry
    function activeVerifierOf(
        uint256 commitment
    ) external view returns (uint32 id, address verifier) {
        Entry storage entry = _models[commitment];
        if (entry.status != ModelStatus.Active) return (0, address(0));
        return (entry.id, _verifiers[entry.shapeNumber]);
    }

    /// @inheritdoc IModelRegistry
    function isActiveId(uint32 id) external view returns (bool) {
        // Unknown ids map to commitment 0, which can never be registered.
        return _models[_commitments[id]].status == ModelStatus.Active;
    }

    /// @inheritdoc IModelRegistry
    function commitmentOf(uint32 id) external view returns (uint256) {
        return _commitments[id];
    }

    /// @inheritdoc IModelRegistry
    function modelCount() external view returns (uint32) {
        return _modelCount;
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IModelRegistry
 * @notice The governance-approved credit models, keyed by their Poseidon model commitment, and the
 * Groth16 verifier of each model shape.
 * @dev Weights are private inputs of the circuit, so one trusted setup (one verifier) serves every
 * model of a shape: a model names its shape, the shape names its verifier. Registration is
 * activation (the timelock delay before it is the review period); revocation is final, so a
 * withdrawn model can never come back under the same commitment. Each model also gets a compact
 * sequential id (1, 2, ...) that `ScoreRegistry` stores instead of the 254-bit commitment, which
 * keeps a score record in one storage slot.
 */
interface IModelRegistry {
    /// @notice Lifecycle of a model commitment: None → Active → Revoked (final).
    enum ModelStatus {
        None,
        Active,
        Revoked
    }

    /// @notice Everything known about one registered model.
    struct Model {
        // Shape of the quantized network (e.g. keccak256 of the shape name).
        bytes32 shapeId;
        // keccak256 of the model card's bytes, so a reader can check the document at `cardUri`.
        bytes32 cardHash;
        // Where the model card (training data, features, drift report) is published.
        string cardUri;
        // Lifecycle status.
        ModelStatus status;
        // Compact sequential id assigned at registration (first model is 1).
        uint32 id;
        // Unix time of registration (= activation).
        uint64 registeredAt;
        // Unix time of revocation, 0 while active.
        uint64 revokedAt;
    }

    /// @notice A shape's verifier was set or replaced (e.g. after a new trusted setup).
    /// @param shapeId The shape.
    /// @param verifier The new verifier.
    /// @param previousVerifier The replaced verifier, zero the first time.
    event ShapeVerifierSet(
        bytes32 indexed shapeId,
        address indexed verifier,
        address previousVerifier
    );

    /// @notice A model was approved; scores proven with it are accepted from now on.
    /// @param commitment The model commitment (a public signal of the proof).
    /// @param shapeId The model's shape.
    /// @param id The compact id assigned to the model.
    /// @param cardUri Where the model card is published.
    /// @param cardHash keccak256 of the model card.
    event ModelRegistered(
        uint256 indexed commitment,
        bytes32 indexed shapeId,
        uint32 id,
        string cardUri,
        bytes32 cardHash
    );

    /// @notice A model was withdrawn for good; its scores stop being valid at once.
    /// @param commitment The model commitment.
    /// @param id The model's compact id.
    event ModelRevoked(uint256 indexed commitment, uint32 id);

    /// @notice The governor given to the constructor is the zero address.
    /// @param governor The rejected governor.
    error ModelRegistryInvalidGovernor(address governor);

    /// @notice The commitment is zero or not below the BN254 scalar modulus, so no proof could carry it.
    /// @param commitment The rejected commitment.
    error ModelRegistryInvalidCommitment(uint256 commitment);

    /// @notice The commitment was already registered (possibly revoked: revocation is final).
    /// @param commitment The commitment.
    /// @param status Its current status.
    error ModelRegistryAlreadyRegistered(uint256 commitment, ModelStatus status);

    /// @notice Only an active model can be revoked.
    /// @param commitment The commitment.
    /// @param status Its current status.
    error ModelRegistryNotActive(uint256 commitment, ModelStatus status);

    /// @notice The shape has no verifier yet, so a model of it could never be proven.
    /// @param shapeId The shape.
    error ModelRegistryUnknownShape(bytes32 shapeId);

    /// @notice The verifier address is not a deployed contract.
    /// @param shapeId The shape being configured.
    /// @param verifier The rejected address.
    error ModelRegistryInvalidVerifier(bytes32 shapeId, address verifier);

    /// @notice A model needs a card URI and a non-zero card hash.
    /// @param commitment The model being registered.
    error ModelRegistryMissingModelCard(uint256 commitment);

    /**
     * @notice Sets or replaces the Groth16 verifier of a shape. Governor only.
     * @param shapeId The shape.
     * @param verifier A deployed verifier with the snarkjs `verifyProof` signature.
     */
    function setShapeVerifier(bytes32 shapeId, address verifier) external;

    /**
     * @notice Approves a model: scores proven with this commitment are accepted. Governor only.
     * @param commitment The model commitment, a BN254 field element other than zero.
     * @param shapeId The model's shape, which must already have a verifier.
     * @param cardUri Where the model card is published.
     * @param cardHash keccak256 of the model card.
     * @return id The compact id assigned to the model.
     */
    function registerModel(
        uint256 commitment,
        bytes32 shapeId,
        string calldata cardUri,
        bytes32 cardHash
    ) external returns (uint32 id);

    /**
     * @notice Withdraws an active model for good. Governor only.
     * @param commitment The model commitment.
     */
    function revokeModel(uint256 commitment) external;

    /// @notice Whether scores proven with this commitment are accepted.
    /// @param commitment The model commitment.
    /// @return True while the model is active.
    function isActive(uint256 commitment) external view returns (bool);

    /// @notice Everything known about a model; `status == None` when unknown.
    /// @param commitment The model commitment.
    /// @return The model.
    function modelOf(uint256 commitment) external view returns (Model memory);

    /// @notice The verifier of a shape, zero when the shape has none.
    /// @param shapeId The shape.
    /// @return The verifier.
    function verifierFor(bytes32 shapeId) external view returns (address);

    /**
     * @notice The hot path of `ScoreRegistry.submitScore`: an active model's id and its shape's
     * verifier, in two storage reads.
     * @param commitment The model commitment.
     * @return id The model's compact id, 0 when the model is not active.
     * @return verifier The verifier of its shape, zero when the model is not active.
     */
    function activeVerifierOf(
        uint256 commitment
    ) external view returns (uint32 id, address verifier);

    /// @notice Whether the model with this compact id is active (false for unknown ids).
    /// @param id The compact id.
    /// @return True while the model is active.
    function isActiveId(uint32 id) external view returns (bool);

    /// @notice The commitment of the model with this compact id, 0 for unknown ids.
    /// @param id The compact id.
    /// @return The model commitment.
    function commitmentOf(uint32 id) external view returns (uint256);

    /// @notice How many models were ever registered; ids run from 1 to this count.
    /// @return The count.
    function modelCount() external view returns (uint32);
}

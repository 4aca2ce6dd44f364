// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IAttestorRegistry} from "./interfaces/IAttestorRegistry.sol";
import {IModelRegistry} from "./interfaces/IModelRegistry.sol";
import {IScoreRegistry} from "./interfaces/IScoreRegistry.sol";
import {IScoreVerifier} from "./interfaces/IScoreVerifier.sol";

/**
 * @title ScoreRegistry
 * @notice Records a wallet's credit score only with a valid Groth16 proof from an approved model
 * on features signed by a trusted attestor, and tells lenders whether the score still holds.
 * @dev Gas: `submitScore` shares its budget with the verifier's pairing check (~212k of the
 * ~280k), so the registry's own work is kept to one config read, one record read and write (the
 * record is packed into one slot) and one read per registry.
 */
contract ScoreRegistry is IScoreRegistry, AccessControl {
    /// @notice Role allowed to change the freshness window and the score validity.
    bytes32 public constant GOVERNOR_ROLE = keccak256("GOVERNOR_ROLE");
    /// @notice Role allowed to pause and resume submissions.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @notice Lowest score of the scorecard (the circuit clamps to [300, 850]).
    uint16 public constant MIN_SCORE = 300;
    /// @notice Highest score of the scorecard.
    uint16 public constant MAX_SCORE = 850;
    /// @notice Largest freshness window governance may set: an attestation older than a month
    /// no longer describes the wallet's latest 30-day statement.
    uint64 public constant MAX_FRESHNESS_WINDOW = 30 days;
    /// @notice Largest score validity governance may set.
    uint64 public constant MAX_SCORE_VALIDITY = 730 days;

    // Everything `submitScore` reads from this contract's configuration, in one slot.
    struct Config {
        uint64 freshnessWindow;
        uint64 scoreValidity;
        bool paused;
    }

    // A ScoreRecord in one slot (16 + 64 + 48 + 64 + 32 + 32 = 256 bits): the 254-bit model
    // commitment and attestor key hash are stored as the registries' compact ids and resolved
    // on read. 48 bits of seconds last for millions of years.
    struct PackedRecord {
        uint16 score;
        uint64 attestedAt;
        uint48 recordedAt;
        uint64 expiresAt;
        uint32 modelId;
        uint32 attestorId;
    }

    IModelRegistry private immutable _modelRegistry;
    IAttestorRegistry private immutable _attestorRegistry;
    Config private _config;
    mapping(address subject => PackedRecord) private _records;

    /**
     * @param models The model registry.
     * @param attestors The attestor registry.
     * @param governor The TimelockController: gets GOVERNOR_ROLE, PAUSER_ROLE and the role admin role.
     * @param pauser An extra account that may pause (a guardian), or zero for none.
     * @param window The initial freshness window in seconds.
     * @param validity The initial score validity in seconds.
     */
    constructor(
        IModelRegistry models,
        IAttestorRegistry attestors,
        address governor,
        address pauser,
        uint64 window,
        uint64 validity
    ) {
        if (address(models) == address(0)) revert ScoreRegistryZeroAddress(address(models));
        if (address(attestors) == address(0)) revert ScoreRegistryZeroAddress(address(attestors));
        if (governor == address(0)) revert ScoreRegistryZeroAddress(governor);
        _modelRegistry = models;
        _attestorRegistry = attestors;
        _grantRole(DEFAULT_ADMIN_ROLE, governor);
        _grantRole(GOVERNOR_ROLE, governor);
        _grantRole(PAUSER_ROLE, governor);
        if (pauser != address(0)) _grantRole(PAUSER_ROLE, pauser);
        _setFreshnessWindow(window);
        _setScoreValidity(validity);
    }

    /// @inheritdoc IScoreRegistry
    function submitScore(ScoreClaim calldata claim, uint256[8] calldata proof) external {
        Config memory config = _config;
        if (config.paused) revert ScoreRegistryPaused();
        uint16 score = claim.score;
        if (score < MIN_SCORE || score > MAX_SCORE)
            revert ScoreRegistryScoreOutOfRange(score, MIN_SCORE, MAX_SCORE);
        uint64 attestedAt = claim.attestedAt;
        if (attestedAt > block.timestamp)
            revert ScoreRegistryAttestationFromFuture(attestedAt, block.timestamp);
        uint256 oldestAccepted = _oldestAccepted(config.freshnessWindow);
        if (attestedAt < oldestAccepted)
            revert ScoreRegistryStaleAttestation(attestedAt, oldestAccepted);
        address subject = claim.subject;
        uint64 lastAttestedAt = _records[subject].attestedAt;
        if (attestedAt <= lastAttestedAt)
            revert ScoreRegistryAttestationNotNewer(subject, attestedAt, lastAttestedAt);
        (uint32 modelId, address verifier) = _modelRegistry.activeVerifierOf(claim.modelCommitment);
        if (modelId == 0) revert ScoreRegistryModelNotActive(claim.modelCommitment);
        uint32 attestorId = _attestorRegistry.trustedIdOf(claim.attestorKeyHash);
        if (attestorId == 0) revert ScoreRegistryAttestorNotTrusted(claim.attestorKeyHash);
        if (!_verify(verifier, claim, proof)) revert ScoreRegistryInvalidProof(subject, verifier);

        // Checked: attestedAt <= block.timestamp and scoreValidity <= 730 days, far below 2^64.
        uint64 expiresAt = attestedAt + config.scoreValidity;
        _records[subject] = PackedRecord({
            score: score,
            attestedAt: attestedAt,
            recordedAt: uint48(block.timestamp),
            expiresAt: expiresAt,
            modelId: modelId,
            attestorId: attestorId
        });
        emit ScoreRecorded(
            subject,
            claim.modelCommitment,
            score,
            claim.attestorKeyHash,
            attestedAt,
            expiresAt,
            msg.sender
        );
    }

    /// @inheritdoc IScoreRegistry
    function setFreshnessWindow(uint64 window) external onlyRole(GOVERNOR_ROLE) {
        _setFreshnessWindow(window);
    }

    /// @inheritdoc IScoreRegistry
    function setScoreValidity(uint64 validity) external onlyRole(GOVERNOR_ROLE) {
        _setScoreValidity(validity);
    }

    /// @inheritdoc IScoreRegistry
    function pause() external onlyRole(PAUSER_ROLE) {
        if (_config.paused) revert ScoreRegistryPaused();
        _config.paused = true;
        emit SubmissionsPaused(msg.sender);
    }

    /// @inheritdoc IScoreRegistry
    function unpause() external onlyRole(PAUSER_ROLE) {
        if (!_config.paused) revert ScoreRegistryNotPaused();
        _config.paused = false;
        emit SubmissionsUnpaused(msg.sender);
    }

    /// @inheritdoc IScoreRegistry
    function scoreOf(address subject) external view returns (ScoreRecord memory record) {
        PackedRecord memory packed = _records[subject];
        if (packed.attestedAt == 0) return record;
        record = ScoreRecord({
            score: packed.score,
            attestedAt: packed.attestedAt,
            recordedAt: packed.recordedAt,
            expiresAt: packed.expiresAt,
            modelCommitment: _modelRegistry.commitmentOf(packed.modelId),
            attestorKeyHash: _attestorRegistry.keyHashOf(packed.attestorId)
        });
    }

    /// @inheritdoc IScoreRegistry
    function validScoreOf(address subject) external view returns (bool valid, uint16 score) {
        PackedRecord memory packed = _records[subject];
        if (packed.attestedAt == 0 || block.timestamp >= packed.expiresAt) return (false, 0);
        if (!_modelRegistry.isActiveId(packed.modelId)) return (false, 0);
        if (!_attestorRegistry.isTrustedId(packed.attestorId)) return (false, 0);
        return (true, packed.score);
    }

    /// @inheritdoc IScoreRegistry
    function freshnessWindow() external view returns (uint64) {
        return _config.freshnessWindow;
    }

    /// @inheritdoc IScoreRegistry
    function scoreValidity() external view returns (uint64) {
        return _config.scoreValidity;
    }

    /// @inheritdoc IScoreRegistry
    function paused() external view returns (bool) {
        return _config.paused;
    }

    /// @inheritdoc IScoreRegistry
    function modelRegistry() external view returns (IModelRegistry) {
        return _modelRegistry;
    }

    /// @inheritdoc IScoreRegistry
    function attestorRegistry() external view returns (IAttestorRegistry) {
        return _attestorRegistry;
    }

    function _setFreshnessWindow(uint64 window) private {
        if (window == 0 || window > MAX_FRESHNESS_WINDOW)
            revert ScoreRegistryInvalidFreshnessWindow(window, MAX_FRESHNESS_WINDOW);
        uint64 previous = _config.freshnessWindow;
        _config.freshnessWindow = window;
        emit FreshnessWindowChanged(previous, window);
    }

    function _setScoreValidity(uint64 validity) private {
        if (validity == 0 || validity > MAX_SCORE_VALIDITY)
            revert ScoreRegistryInvalidScoreValidity(validity, MAX_SCORE_VALIDITY);
        uint64 previous = _config.scoreValidity;
        _config.scoreValidity = validity;
        emit ScoreValidityChanged(previous, validity);
    }

    /// @dev The oldest attestation time accepted now. `attestedAt >= oldestAccepted` is
    /// `attestedAt + window >= block.timestamp` without the addition, saturating at 0 on chains
    /// younger than the window.
    function _oldestAccepted(uint64 window) private view returns (uint256) {
        return block.timestamp > window ? block.timestamp - window : 0;
    }

    /// @dev Calls `verifier.verifyProof(pA, pB, pC, [packedClaim, modelCommitment,
    /// attestorKeyHash])` without building the nested memory arrays Solidity would (this call
    /// shares a tight gas budget with the pairing check). Its ABI encoding is the 8 proof words
    /// then the 3 signals, all static: `proof` is already [pA, pB, pC] in the verifier's order;
    /// packedClaim = subject | attestedAt << 160 | score << 224 is the circuit's one signal for
    /// the three small values (CreditScore.circom), below 2^240 and so a field element; `claim`'s
    /// modelCommitment and attestorKeyHash are adjacent words (registered field elements below
    /// the BN254 modulus). The claim words are clean: `submitScore` has already read subject,
    /// score and attestedAt through Solidity's decoder, which reverts on dirty high bits.
    function _verify(
        address verifier,
        ScoreClaim calldata claim,
        uint256[8] calldata proof
    ) private view returns (bool ok) {
        bytes4 selector = IScoreVerifier.verifyProof.selector;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // Scratch space past the free memory pointer; nothing is allocated.
            let input := mload(0x40)
            mstore(input, selector)
            calldatacopy(add(input, 0x04), proof, 0x100)
            // claim = (subject, score, modelCommitment, attestorKeyHash, attestedAt), a word each.
            let packedClaim := or(
                or(calldataload(claim), shl(160, calldataload(add(claim, 0x80)))),
                shl(224, calldataload(add(claim, 0x20)))
            )
            mstore(add(input, 0x104), packedClaim)
            calldatacopy(add(input, 0x124), add(claim, 0x40), 0x40)
            let success := staticcall(gas(), verifier, input, 0x164, 0x00, 0x20)
            // Accept only a successful call returning exactly true.
            ok := and(and(success, gt(returndatasize(), 0x1f)), eq(mload(0x00), 1))
        }
    }
}

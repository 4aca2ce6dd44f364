// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAttestorRegistry} from "./IAttestorRegistry.sol";
import {IModelRegistry} from "./IModelRegistry.sol";

/**
 * @title IScoreRegistry
 * @notice Credit scores accepted only with a Groth16 proof that an approved model, run on features
 * signed by a trusted attestor for this wallet, produced this score.
 * @dev The proof binds every field of the claim (its public signals are [packedClaim,
 * modelCommitment, attestorKeyHash] with packedClaim = subject | attestedAt << 160 |
 * score << 224), so anyone may submit it.
 * A score is valid while it is unexpired, its model is still active and its attestor still
 * trusted: revoking either invalidates every score that depends on it at once.
 */
interface IScoreRegistry {
    /// @notice What a proof claims (its public signals, with the three small fields packed).
    struct ScoreClaim {
        // The wallet the score belongs to. subject, score and attestedAt reach the verifier packed
        // in one public signal: subject | attestedAt << 160 | score << 224.
        address subject;
        // The score, in [300, 850].
        uint16 score;
        // Poseidon commitment of the model that computed it.
        uint256 modelCommitment;
        // Poseidon(Ax, Ay) of the attestor key that signed the features.
        uint256 attestorKeyHash;
        // Unix time at which the attestor signed the features.
        uint64 attestedAt;
    }

    /// @notice A recorded score. All zero when the subject has none.
    struct ScoreRecord {
        // The score, in [300, 850].
        uint16 score;
        // Unix time at which the attestor signed the features.
        uint64 attestedAt;
        // Unix time at which the score was recorded.
        uint64 recordedAt;
        // Unix time from which the score is no longer valid (attestedAt + scoreValidity).
        uint64 expiresAt;
        // Commitment of the model that computed it.
        uint256 modelCommitment;
        // Hash of the attestor key that signed the features.
        uint256 attestorKeyHash;
    }

    /**
     * @notice A proven score was recorded; everything an auditor needs to re-verify it (the proof
     * itself is in the transaction's calldata).
     * @param subject The wallet.
     * @param modelCommitment The model that computed the score.
     * @param score The score.
     * @param attestorKeyHash The attestor key that signed the features.
     * @param attestedAt When the features were signed.
     * @param expiresAt When the score stops being valid.
     * @param submitter Who sent the proof.
     */
    event ScoreRecorded(
        address indexed subject,
        uint256 indexed modelCommitment,
        uint16 score,
        uint256 attestorKeyHash,
        uint64 attestedAt,
        uint64 expiresAt,
        address submitter
    );

    /// @notice The freshness window changed.
    /// @param previousWindow The old window in seconds (0 at deployment).
    /// @param newWindow The new window in seconds.
    event FreshnessWindowChanged(uint64 previousWindow, uint64 newWindow);

    /// @notice The score validity changed; it applies to scores recorded from now on.
    /// @param previousValidity The old validity in seconds (0 at deployment).
    /// @param newValidity The new validity in seconds.
    event ScoreValidityChanged(uint64 previousValidity, uint64 newValidity);

    /// @notice Submissions were paused.
    /// @param account The pauser.
    event SubmissionsPaused(address indexed account);

    /// @notice Submissions were resumed.
    /// @param account The pauser.
    event SubmissionsUnpaused(address indexed account);

    /// @notice A constructor address (registry or governor) is the zero address.
    /// @param account The rejected address.
    error ScoreRegistryZeroAddress(address account);

    /// @notice Submissions are paused.
    error ScoreRegistryPaused();

    /// @notice `unpause` was called while not paused.
    error ScoreRegistryNotPaused();

    /// @notice The claimed score is outside the scorecard's range.
    /// @param score The claimed score.
    /// @param minScore The lowest valid score.
    /// @param maxScore The highest valid score.
    error ScoreRegistryScoreOutOfRange(uint16 score, uint16 minScore, uint16 maxScore);

    /// @notice The attestation claims to be signed after the current block.
    /// @param attestedAt The claimed signing time.
    /// @param blockTimestamp The current block's timestamp.
    error ScoreRegistryAttestationFromFuture(uint256 attestedAt, uint256 blockTimestamp);

    /// @notice The attestation is older than the freshness window allows.
    /// @param attestedAt The claimed signing time.
    /// @param oldestAccepted The oldest signing time accepted now (block time minus the window).
    error ScoreRegistryStaleAttestation(uint256 attestedAt, uint256 oldestAccepted);

    /// @notice The attestation is not newer than the subject's recorded one (a replay or an older one).
    /// @param subject The wallet.
    /// @param attestedAt The claimed signing time.
    /// @param lastAttestedAt The signing time of the subject's recorded score.
    error ScoreRegistryAttestationNotNewer(
        address subject,
        uint256 attestedAt,
        uint256 lastAttestedAt
    );

    /// @notice The model is not (or no longer) approved.
    /// @param modelCommitment The claimed model commitment.
    error ScoreRegistryModelNotActive(uint256 modelCommitment);

    /// @notice The attestor key is not (or no longer) trusted.
    /// @param attestorKeyHash The claimed attestor key hash.
    error ScoreRegistryAttestorNotTrusted(uint256 attestorKeyHash);

    /// @notice The proof does not verify for the claim's public signals.
    /// @param subject The wallet.
    /// @param verifier The shape's verifier that rejected it.
    error ScoreRegistryInvalidProof(address subject, address verifier);

    /// @notice The freshness window is zero or above the maximum.
    /// @param window The rejected window in seconds.
    /// @param maxWindow The largest accepted window in seconds.
    error ScoreRegistryInvalidFreshnessWindow(uint64 window, uint64 maxWindow);

    /// @notice The score validity is zero or above the maximum.
    /// @param validity The rejected validity in seconds.
    /// @param maxValidity The largest accepted validity in seconds.
    error ScoreRegistryInvalidScoreValidity(uint64 validity, uint64 maxValidity);

    /**
     * @notice Records a proven score. Anyone may submit: the proof binds the subject.
     * @dev Checks, cheapest first: not paused; score in [300, 850]; attestation not from the
     * future and not older than the freshness window; strictly newer than the subject's recorded
     * attestation; model active; attestor trusted; proof valid for the shape's verifier.
     * @param claim The public signals.
     * @param proof [pA0, pA1, pB00, pB01, pB10, pB11, pC0, pC1], pB already in the verifier's order.
     */
    function submitScore(ScoreClaim calldata claim, uint256[8] calldata proof) external;

    /**
     * @notice Sets how old an attestation may be when submitted. Governor only.
     * @param window Seconds, in [1, maximum].
     */
    function setFreshnessWindow(uint64 window) external;

    /**
     * @notice Sets how long a score stays valid after its attestation; applies to scores
     * recorded from now on. Governor only.
     * @param validity Seconds, in [1, maximum].
     */
    function setScoreValidity(uint64 validity) external;

    /// @notice Stops submissions (recorded scores stay readable). Pauser only.
    function pause() external;

    /// @notice Resumes submissions. Pauser only.
    function unpause() external;

    /// @notice The subject's recorded score, all zero when there is none.
    /// @param subject The wallet.
    /// @return The record.
    function scoreOf(address subject) external view returns (ScoreRecord memory);

    /**
     * @notice The score a lender may rely on now.
     * @param subject The wallet.
     * @return valid True when a score is recorded, `block.timestamp < expiresAt`, its model is
     * still active and its attestor still trusted.
     * @return score The score when valid, 0 otherwise.
     */
    function validScoreOf(address subject) external view returns (bool valid, uint16 score);

    /// @notice How old an attestation may be when submitted, in seconds.
    /// @return The window.
    function freshnessWindow() external view returns (uint64);

    /// @notice How long a score stays valid after its attestation, in seconds.
    /// @return The validity.
    function scoreValidity() external view returns (uint64);

    /// @notice Whether submissions are paused.
    /// @return True when paused.
    function paused() external view returns (bool);

    /// @notice The model registry read on every submission.
    /// @return The registry.
    function modelRegistry() external view returns (IModelRegistry);

    /// @notice The attestor registry read on every submission.
    /// @return The registry.
    function attestorRegistry() external view returns (IAttestorRegistry);
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AttestorRegistry} from "./AttestorRegistry.sol";
import {IScoreRegistry} from "./interfaces/IScoreRegistry.sol";
import {ModelRegistry} from "./ModelRegistry.sol";
import {MockScoreVerifier} from "./mocks/MockScoreVerifier.sol";
import {ScoreRegistry} from "./ScoreRegistry.sol";

/// @dev The one cheatcode these tests need, served by Hardhat's Solidity test runner at the
/// standard cheatcode address (forge-std is not a dependency of this project).
interface IVm {
    function warp(uint256 newTimestamp) external;
}

/**
 * @title ScoreRegistryTimeTest
 * @notice Fuzz tests of ScoreRegistry's time arithmetic against its specification, written
 * independently of the contract's formulation:
 * - an attestation passes the time checks iff `attestedAt <= now` and
 *   `attestedAt + freshnessWindow >= now`, and is otherwise rejected with the exact error and
 *   arguments (`oldestAccepted = now - freshnessWindow`);
 * - a subject's attestations must strictly increase;
 * - a score is valid iff `now < attestedAt + scoreValidity`.
 * @dev Hardhat runs each fuzz case from the state `setUp` leaves. This contract is the
 * registries' governor, so it calls the governed setters directly.
 */
contract ScoreRegistryTimeTest {
    IVm private constant VM = IVm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
    bytes32 private constant SHAPE_ID = keccak256("mlp-19-16-8-1");
    uint256 private constant MODEL = 0x1f2e3d4c5b6a7988;
    uint256 private constant ATTESTOR = 0x0badc0ffee;
    address private constant SUBJECT = address(0xA11CE);
    // Block times up to 2^40 s (year 36812) cover any chain this will run on.
    uint256 private constant MAX_TIME = 1 << 40;

    /// @notice The registry accepted a claim the specification rejects.
    error AcceptedButExpected(bytes expectedRevert);
    /// @notice The registry's outcome differs from the specification's (empty = accepted).
    error UnexpectedOutcome(bytes expectedRevert, bytes actualRevert);
    /// @notice The stored record's times differ from the specification's.
    error RecordMismatch(uint64 attestedAt, uint64 recordedAt, uint64 expiresAt);
    /// @notice `validScoreOf` disagrees with `now < attestedAt + scoreValidity`.
    error ValidityMismatch(uint256 blockTime, uint256 expiresAt, bool valid);

    ScoreRegistry private _registry;

    function setUp() public {
        MockScoreVerifier verifier = new MockScoreVerifier(true);
        ModelRegistry models = new ModelRegistry(address(this));
        AttestorRegistry attestors = new AttestorRegistry(address(this));
        models.setShapeVerifier(SHAPE_ID, address(verifier));
        models.registerModel(MODEL, SHAPE_ID, "ipfs://model-card", keccak256("model card"));
        attestors.trustAttestor(ATTESTOR, "reference attestor");
        _registry = new ScoreRegistry(
            models,
            attestors,
            address(this),
            address(0),
            1 hours,
            30 days
        );
    }

    /// @notice Attestation times around both edges of the window: [now + 2, now - 2·window - 1].
    function testFuzz_freshnessWindowEdges(
        uint64 windowSeed,
        uint64 timeSeed,
        uint64 offsetSeed
    ) public {
        uint64 window = _window(windowSeed);
        uint256 blockTime = 1 + (timeSeed % MAX_TIME);
        uint256 offset = offsetSeed % (2 * uint256(window) + 4);
        uint64 attestedAt = blockTime + 2 >= offset ? uint64(blockTime + 2 - offset) : 0;
        _checkTimeRules(window, blockTime, attestedAt);
    }

    /// @notice Arbitrary attestation times, including the far future and the distant past.
    function testFuzz_freshnessWindowAnyTime(
        uint64 windowSeed,
        uint64 timeSeed,
        uint64 attestedAt
    ) public {
        _checkTimeRules(_window(windowSeed), 1 + (timeSeed % MAX_TIME), attestedAt);
    }

    /// @notice A second attestation for the subject is accepted iff strictly newer than the first.
    function testFuzz_onlyStrictlyNewerAttestations(
        uint64 timeSeed,
        uint16 firstAge,
        uint16 secondAge
    ) public {
        // Both ages lie within the 1-hour window set up above.
        uint256 blockTime = 1 hours + (timeSeed % MAX_TIME);
        uint64 first = uint64(blockTime - (firstAge % 1 hours));
        uint64 second = uint64(blockTime - (secondAge % 1 hours));
        VM.warp(blockTime);
        _registry.submitScore(_claim(first), _proof());

        bytes memory expected =
            second > first
                ? bytes("")
                : abi.encodeWithSelector(
                    IScoreRegistry.ScoreRegistryAttestationNotNewer.selector,
                    SUBJECT,
                    second,
                    first
                );
        _expectOutcome(_claim(second), expected);
    }

    /// @notice A recorded score is valid exactly until `attestedAt + scoreValidity`.
    function testFuzz_scoreExpiry(
        uint64 validitySeed,
        uint64 timeSeed,
        uint16 age,
        uint64 laterSeed
    ) public {
        uint64 validity = uint64(1 + (validitySeed % _registry.MAX_SCORE_VALIDITY()));
        _registry.setScoreValidity(validity);
        uint256 blockTime = 1 hours + (timeSeed % MAX_TIME);
        uint64 attestedAt = uint64(blockTime - (age % 1 hours));
        VM.warp(blockTime);
        _registry.submitScore(_claim(attestedAt), _proof());

        uint256 expiresAt = uint256(attestedAt) + validity;
        // Look at a time up to twice the validity later, around the expiry edge.
        uint256 later = blockTime + (laterSeed % (2 * uint256(validity) + 2));
        VM.warp(later);
        (bool valid, uint16 score) = _registry.validScoreOf(SUBJECT);
        if (valid != (later < expiresAt) || (valid ? score != 700 : score != 0))
            revert ValidityMismatch(later, expiresAt, valid);
    }

    function _checkTimeRules(uint64 window, uint256 blockTime, uint64 attestedAt) private {
        _registry.setFreshnessWindow(window);
        VM.warp(blockTime);
        bytes memory expected;
        if (attestedAt > blockTime) {
            expected = abi.encodeWithSelector(
                IScoreRegistry.ScoreRegistryAttestationFromFuture.selector,
                attestedAt,
                blockTime
            );
        } else if (uint256(attestedAt) + window < blockTime) {
            // Stale implies blockTime > window, so this subtraction cannot underflow.
            expected = abi.encodeWithSelector(
                IScoreRegistry.ScoreRegistryStaleAttestation.selector,
                attestedAt,
                blockTime - window
            );
        } else if (attestedAt == 0) {
            // Fresh only on a chain younger than the window; time 0 is never newer than "none".
            expected = abi.encodeWithSelector(
                IScoreRegistry.ScoreRegistryAttestationNotNewer.selector,
                SUBJECT,
                0,
                0
            );
        }
        _expectOutcome(_claim(attestedAt), expected);
    }

    /// @dev Submits and compares with the expected revert data (empty: must be accepted and recorded).
    function _expectOutcome(IScoreRegistry.ScoreClaim memory claim, bytes memory expected) private {
        try _registry.submitScore(claim, _proof()) {
            if (expected.length != 0) revert AcceptedButExpected(expected);
            IScoreRegistry.ScoreRecord memory record = _registry.scoreOf(SUBJECT);
            if (
                record.attestedAt != claim.attestedAt ||
                record.recordedAt != block.timestamp ||
                record.expiresAt != claim.attestedAt + _registry.scoreValidity()
            ) revert RecordMismatch(record.attestedAt, record.recordedAt, record.expiresAt);
        } catch (bytes memory actual) {
            if (expected.length == 0 || keccak256(actual) != keccak256(expected))
                revert UnexpectedOutcome(expected, actual);
        }
    }

    function _window(uint64 seed) private view returns (uint64) {
        return uint64(1 + (seed % _registry.MAX_FRESHNESS_WINDOW()));
    }

    function _claim(uint64 attestedAt) private pure returns (IScoreRegistry.ScoreClaim memory) {
        return
            IScoreRegistry.ScoreClaim({
                subject: SUBJECT,
                score: 700,
                modelCommitment: MODEL,
                attestorKeyHash: ATTESTOR,
                attestedAt: attestedAt
            });
    }

    function _proof() private pure returns (uint256[8] memory proof) {
        for (uint256 i = 0; i < 8; ++i) proof[i] = i + 1;
    }
}

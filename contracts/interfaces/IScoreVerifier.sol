// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev The BN254 scalar field modulus r: every public signal is an element of [0, r), and the
/// snarkjs verifier rejects any signal at or above it.
uint256 constant SNARK_SCALAR_FIELD =
    21888242871839275222246405745257275088548364400416034343698204186575808495617;

/**
 * @title IScoreVerifier
 * @notice The Groth16 verifier of one model shape, seen through the signature snarkjs generates.
 * @dev The generated `Groth16Verifier` matches this signature without inheriting it, so the
 * generated file stays untouched and the rest of the code depends only on this interface.
 */
interface IScoreVerifier {
    /**
     * @notice Checks a Groth16 proof against the shape's verification key.
     * @param _pA The proof's A point (G1).
     * @param _pB The proof's B point (G2), coordinates already in the verifier's swapped order.
     * @param _pC The proof's C point (G1).
     * @param _pubSignals [packedClaim, modelCommitment, attestorKeyHash], each a field element
     * below the BN254 scalar modulus; packedClaim = subject + attestedAt * 2^160 + score * 2^224.
     * @return True when the proof verifies for these public signals.
     */
    function verifyProof(
        uint256[2] calldata _pA,
        uint256[2][2] calldata _pB,
        uint256[2] calldata _pC,
        uint256[3] calldata _pubSignals
    ) external view returns (bool);
}

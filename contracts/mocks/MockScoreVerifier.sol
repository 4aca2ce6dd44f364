// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IScoreVerifier} from "../interfaces/IScoreVerifier.sol";

/**
 * @title MockScoreVerifier
 * @notice Test double for a shape's Groth16 verifier in ScoreRegistry unit tests: answers a
 * configurable bool, optionally only for one exact set of proof words and public signals, so a
 * test can check that the registry hands the verifier the claim in the circuit's order.
 * @dev Never deployed outside tests; the integration tests use the generated verifier.
 */
contract MockScoreVerifier is IScoreVerifier {
    bool private _result;
    // keccak256(abi.encode(pA, pB, pC, pubSignals)) the mock insists on; zero accepts any input.
    bytes32 private _expectedInputsHash;

    /// @param result What `verifyProof` answers until changed.
    constructor(bool result) {
        _result = result;
    }

    /// @notice Sets what `verifyProof` answers.
    /// @param result The answer.
    function setResult(bool result) external {
        _result = result;
    }

    /// @notice Accepts only these exact inputs from now on (zero: accept any).
    /// @param inputsHash keccak256(abi.encode(pA, pB, pC, pubSignals)).
    function setExpectedInputsHash(bytes32 inputsHash) external {
        _expectedInputsHash = inputsHash;
    }

    /// @inheritdoc IScoreVerifier
    function verifyProof(
        uint256[2] calldata _pA,
        uint256[2][2] calldata _pB,
        uint256[2] calldata _pC,
        uint256[3] calldata _pubSignals
    ) external view returns (bool) {
        if (!_result) return false;
        if (_expectedInputsHash == 0) return true;
        return keccak256(abi.encode(_pA, _pB, _pC, _pubSignals)) == _expectedInputsHash;
    }
}

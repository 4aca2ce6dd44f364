// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IAttestorRegistry
 * @notice The governance-trusted data attestors, keyed by `attestorKeyHash = Poseidon(Ax, Ay)` of
 * their Baby Jubjub public key (a public signal of every score proof).
 * @dev Revocation is final: a key that was withdrawn (compromised, rotated out) never comes back.
 * Key rotation trusts the new key and revokes the old one in one governance call. Each key also
 * gets a compact sequential id (1, 2, ...) that `ScoreRegistry` stores instead of the 254-bit hash.
 */
interface IAttestorRegistry {
    /// @notice Lifecycle of an attestor key: None → Trusted → Revoked (final).
    enum AttestorStatus {
        None,
        Trusted,
        Revoked
    }

    /// @notice Everything known about one attestor key.
    struct Attestor {
        // Who operates the key, for humans (e.g. "Acme data co., key 2025-01").
        string label;
        // Lifecycle status.
        AttestorStatus status;
        // Compact sequential id assigned when the key was trusted (first key is 1).
        uint32 id;
        // Unix time the key was trusted.
        uint64 trustedAt;
        // Unix time the key was revoked, 0 while trusted.
        uint64 revokedAt;
    }

    /// @notice An attestor key is trusted from now on.
    /// @param keyHash Poseidon(Ax, Ay) of the key.
    /// @param id The compact id assigned to the key.
    /// @param label Who operates the key.
    event AttestorTrusted(uint256 indexed keyHash, uint32 id, string label);

    /// @notice An attestor key was withdrawn for good; scores it attested stop being valid at once.
    /// @param keyHash Poseidon(Ax, Ay) of the key.
    /// @param id The key's compact id.
    event AttestorRevoked(uint256 indexed keyHash, uint32 id);

    /// @notice The governor given to the constructor is the zero address.
    /// @param governor The rejected governor.
    error AttestorRegistryInvalidGovernor(address governor);

    /// @notice The key hash is zero or not below the BN254 scalar modulus, so no proof could carry it.
    /// @param keyHash The rejected key hash.
    error AttestorRegistryInvalidKeyHash(uint256 keyHash);

    /// @notice The key was already registered (possibly revoked: revocation is final).
    /// @param keyHash The key hash.
    /// @param status Its current status.
    error AttestorRegistryAlreadyRegistered(uint256 keyHash, AttestorStatus status);

    /// @notice Only a trusted key can be revoked or rotated out.
    /// @param keyHash The key hash.
    /// @param status Its current status.
    error AttestorRegistryNotTrusted(uint256 keyHash, AttestorStatus status);

    /// @notice An attestor key needs a label naming who operates it.
    /// @param keyHash The key being trusted.
    error AttestorRegistryEmptyLabel(uint256 keyHash);

    /**
     * @notice Trusts an attestor key. Governor only.
     * @param keyHash Poseidon(Ax, Ay), a BN254 field element other than zero.
     * @param label Who operates the key.
     * @return id The compact id assigned to the key.
     */
    function trustAttestor(uint256 keyHash, string calldata label) external returns (uint32 id);

    /**
     * @notice Withdraws a trusted key for good. Governor only.
     * @param keyHash The key hash.
     */
    function revokeAttestor(uint256 keyHash) external;

    /**
     * @notice Key rotation: revokes `oldKeyHash` and trusts `newKeyHash` in one call, emitting
     * `AttestorRevoked` and `AttestorTrusted`. Governor only.
     * @param oldKeyHash The trusted key being retired.
     * @param newKeyHash The replacement key.
     * @param label Who operates the new key.
     * @return id The compact id assigned to the new key.
     */
    function rotateAttestor(
        uint256 oldKeyHash,
        uint256 newKeyHash,
        string calldata label
    ) external returns (uint32 id);

    /// @notice Whether attestations signed by this key are accepted.
    /// @param keyHash The key hash.
    /// @return True while the key is trusted.
    function isTrusted(uint256 keyHash) external view returns (bool);

    /// @notice Everything known about a key; `status == None` when unknown.
    /// @param keyHash The key hash.
    /// @return The attestor.
    function attestorOf(uint256 keyHash) external view returns (Attestor memory);

    /// @notice The hot path of `ScoreRegistry.submitScore`: a trusted key's id in one storage read.
    /// @param keyHash The key hash.
    /// @return The key's compact id, 0 when the key is not trusted.
    function trustedIdOf(uint256 keyHash) external view returns (uint32);

    /// @notice Whether the key with this compact id is trusted (false for unknown ids).
    /// @param id The compact id.
    /// @return True while the key is trusted.
    function isTrustedId(uint32 id) external view returns (bool);

    /// @notice The key hash with this compact id, 0 for unknown ids.
    /// @param id The compact id.
    /// @return The key hash.
    function keyHashOf(uint32 id) external view returns (uint256);

    /// @notice How many keys were ever trusted; ids run from 1 to this count.
    /// @return The count.
    function attestorCount() external view returns (uint32);
}

pragma circom 2.1.9;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/eddsaposeidon.circom";
include "circomlib/circuits/babyjub.circom";

/**
 * Attestation(nChunks): proves that the attestor whose key hashes to `attestorKeyHash` signed,
 * with EdDSA-Poseidon on Baby Jubjub, the message
 *
 *   message = Poseidon(subject, attestedAt, Poseidon(featureChunks))
 *
 * (docs/architecture.md). The feature chunks come from Pack, which range-checks every feature, so
 * the signed hash fixes each feature value. subject and attestedAt need no range check here (a
 * different value is a different message, which the signature does not cover); CreditScore
 * range-checks them because it packs them into its public claim.
 */
template Attestation(nChunks) {
    assert(nChunks >= 1 && nChunks <= 16);

    /** The wallet address as an integer. */
    signal input subject;
    /** Unix seconds at which the attestor signed. */
    signal input attestedAt;
    /** The packed, range-checked features. */
    signal input featureChunks[nChunks];
    /** Poseidon(Ax, Ay) of the trusted attestor key. */
    signal input attestorKeyHash;
    /** The attestor's public key A = (Ax, Ay) on Baby Jubjub. */
    signal input Ax;
    signal input Ay;
    /** The signature: the point R8 = (R8x, R8y) and the scalar S. */
    signal input R8x;
    signal input R8y;
    signal input S;

    component featuresHash = Poseidon(nChunks);
    featuresHash.inputs <== featureChunks;

    component message = Poseidon(3);
    message.inputs <== [subject, attestedAt, featuresHash.out];

    // circomlib's verifier does not check that the points are on the curve; circomlibjs
    // verifyPoseidon does. Checking both here (3 constraints each) makes the circuit accept
    // exactly the signatures the TypeScript verifier accepts: no off-curve stand-in for R8.
    component aOnCurve = BabyCheck();
    aOnCurve.x <== Ax;
    aOnCurve.y <== Ay;
    component r8OnCurve = BabyCheck();
    r8OnCurve.x <== R8x;
    r8OnCurve.y <== R8y;

    // enabled = 1: the signature must verify; circomlib also checks S < subgroup order (no
    // malleable S) and that 8*A is not the identity (no degenerate key).
    component signature = EdDSAPoseidonVerifier();
    signature.enabled <== 1;
    signature.Ax <== Ax;
    signature.Ay <== Ay;
    signature.R8x <== R8x;
    signature.R8y <== R8y;
    signature.S <== S;
    signature.M <== message.out;

    // Binds the key the signature was checked against to the public, registry-trusted key hash.
    component keyHash = Poseidon(2);
    keyHash.inputs <== [Ax, Ay];
    attestorKeyHash === keyHash.out;
}

pragma circom 2.1.9;

include "circomlib/circuits/bitify.circom";

/**
 * Relu(bits): out = max(in, 0) for in in [-2^(bits-1), 2^(bits-1)); no witness exists for an in
 * outside that range. The sign comes from a bounded-width decomposition of in + 2^(bits-1) (bits
 * constraints) rather than a full 254-bit one: the offset value is in [0, 2^bits) exactly when in
 * is in range, and its top bit is 1 exactly when in >= 0.
 */
template Relu(bits) {
    assert(bits >= 1 && bits <= 250);

    /** A signed value of the declared width. */
    signal input in;
    /** max(in, 0). */
    signal output out;

    component biased = Num2Bits(bits);
    biased.in <== in + 2 ** (bits - 1);
    // The top bit is boolean (Num2Bits), so out is either in or 0, never anything else.
    out <== in * biased.out[bits - 1];
}

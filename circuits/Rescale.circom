pragma circom 2.1.9;

include "circomlib/circuits/bitify.circom";

/**
 * Rescale(shift, outBits): out = floor(in / 2^shift), rounding toward -infinity also for negative
 * in, and proves out in [-2^(outBits-1), 2^(outBits-1)). With OFFSET = 2^(outBits+shift-1):
 *
 *   in + OFFSET = q' * 2^shift + r,   r in [0, 2^shift),   q' in [0, 2^outBits),
 *   out = q' - 2^(outBits-1)
 *
 * Soundness: both ranges are checked, so the right side is an integer in [0, 2^(outBits+shift)).
 * The caller guarantees |in| is far below p/2 (range-checked operands) and the generator asserts
 * 2^(outBits+shift) < 2^250, so the equation cannot hold modulo p unless it holds over the
 * integers; then (q', r) is the unique Euclidean division of in + OFFSET by 2^shift, and since
 * OFFSET is a multiple of 2^shift, q' - 2^(outBits-1) = floor(in / 2^shift). An honest `in` outside
 * the declared range has no witness at all (the generator's interval analysis sizes outBits).
 */
template Rescale(shift, outBits) {
    assert(shift >= 0);
    assert(outBits >= 1);
    assert(outBits + shift < 250);
    var OFFSET = 2 ** (outBits + shift - 1);

    /** The exact integer to rescale (e.g. a Dense accumulator). */
    signal input in;
    /** floor(in / 2^shift), signed, in [-2^(outBits-1), 2^(outBits-1)). */
    signal output out;
    /** 1 iff out >= 0: the top bit of the biased quotient q' (free, the bits exist anyway). */
    signal output nonNegative;

    /** The biased quotient q' = out + 2^(outBits-1). */
    signal quotient;
    /** The remainder r of the floor division. */
    signal remainder;

    // The offset makes the dividend nonnegative, so circom's integer `\` and `%` (which act on the
    // canonical representative in [0, p)) compute the floor division an honest prover needs.
    quotient <-- (in + OFFSET) \ (2 ** shift);
    remainder <-- (in + OFFSET) % (2 ** shift);
    in + OFFSET === quotient * 2 ** shift + remainder;

    // r in [0, 2^shift): without it the prover could pick r = r0 + k*2^shift and any quotient.
    if (shift > 0) {
        component remainderRange = Num2Bits(shift);
        remainderRange.in <== remainder;
    } else {
        remainder === 0;
    }
    // q' in [0, 2^outBits): bounds the quotient so the equation cannot wrap around p, and gives
    // the sign of out as its top bit (q' >= 2^(outBits-1) iff out >= 0).
    component quotientRange = Num2Bits(outBits);
    quotientRange.in <== quotient;

    out <== quotient - 2 ** (outBits - 1);
    nonNegative <== quotientRange.out[outBits - 1];
}

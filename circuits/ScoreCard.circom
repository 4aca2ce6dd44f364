pragma circom 2.1.9;

include "circomlib/circuits/comparators.circom";
include "Rescale.circom";

/**
 * ScoreCard(offsetNum, factorNum, fracBits, rawBits, minScore, maxScore): maps the
 * quantized logit to the scorecard score (docs/architecture.md):
 *
 *   raw   = floor((offsetNum - factorNum * logitQ) / 2^fracBits)
 *   score = min(max(raw, minScore), maxScore)
 *
 * logitQ must already be range-checked (the last layer's Rescale does it): that bounds the
 * dividend far below p/2, which Rescale's floor division needs; prover/model/circom.ts asserts
 * |offsetNum| + |factorNum| * 2^(outBits-1) < 2^250 for the last layer's outBits. offsetNum
 * folds in +1/2, so the floor rounds the float score half up.
 */
template ScoreCard(offsetNum, factorNum, fracBits, rawBits, minScore, maxScore) {
    // The clamp compares offset values raw + 2^(rawBits-1) against the bounds offset the same way,
    // which is only meaningful if both bounds are representable in rawBits signed bits.
    assert(minScore >= 0 && minScore <= maxScore && maxScore < 2 ** (rawBits - 1));
    var HALF = 2 ** (rawBits - 1);

    /** The last layer's output, logit * 2^logitFrac, range-checked by the caller. */
    signal input logitQ;
    /** The clamped score. */
    signal output score;

    // Rescale range-checks the remainder to [0, 2^fracBits) and the quotient to rawBits signed
    // bits: raw is the exact floor, and raw + HALF is in [0, 2^rawBits).
    component raw = Rescale(fracBits, rawBits);
    raw.in <== offsetNum - factorNum * logitQ;

    // LessThan(n) is only correct when both inputs are in [0, 2^n): a field element wrapping
    // around p would compare wrongly. raw + HALF is range-checked by Rescale just above and the
    // bounds + HALF are constants below 2^rawBits (asserted above), so the comparisons are exact.
    component tooLow = LessThan(rawBits);
    tooLow.in <== [raw.out + HALF, minScore + HALF];
    component tooHigh = LessThan(rawBits);
    tooHigh.in <== [maxScore + HALF, raw.out + HALF];

    // minScore <= maxScore, so at most one of tooLow and tooHigh is 1 and each term below replaces
    // raw by the bound it crossed.
    /** minScore - raw if raw < minScore, else 0. */
    signal raiseToMin <== tooLow.out * (minScore - raw.out);
    /** maxScore - raw if raw > maxScore, else 0. */
    signal lowerToMax <== tooHigh.out * (maxScore - raw.out);
    score <== raw.out + raiseToMin + lowerToMax;
}

pragma circom 2.1.9;

/**
 * Dense(nIn, nOut): acc[j] = sum_i w[j][i] * x[i] + b[j], exactly, as field elements. The caller
 * range-checks x, w and b, which bounds |acc| far below p/2, so the field result is the integer
 * result (negative values represented as p - |acc|); Rescale relies on that bound.
 * Cost: one multiplication per weight; the sums are linear and free.
 */
template Dense(nIn, nOut) {
    /** The layer's inputs. */
    signal input x[nIn];
    /** Weights, row-major [out][in]. */
    signal input w[nOut][nIn];
    /** Biases, one per output. */
    signal input b[nOut];
    /** The exact pre-activation sums. */
    signal output acc[nOut];

    /** w[j][i] * x[i]: both are private, so each product needs its own constraint. */
    signal prod[nOut][nIn];
    for (var j = 0; j < nOut; j++) {
        var sum = b[j];
        for (var i = 0; i < nIn; i++) {
            prod[j][i] <== w[j][i] * x[i];
            sum += prod[j][i];
        }
        acc[j] <== sum;
    }
}

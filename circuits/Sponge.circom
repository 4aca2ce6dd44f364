pragma circom 2.1.9;

include "circomlib/circuits/poseidon.circom";

/**
 * Sponge(n): out = sponge(in) as prover/field `sponge` computes it: state = 0, then for each
 * consecutive group g of up to 15 inputs, state = Poseidon(state, ...g). Poseidon takes at most
 * 16 inputs in circomlib, so 15 per call leaves room for the chained state.
 */
template Sponge(n) {
    assert(n >= 1);
    var RATE = 15;
    var nGroups = (n + RATE - 1) \ RATE;

    /** The elements absorbed, in order. */
    signal input in[n];
    /** The final state. */
    signal output out;

    component round[nGroups];
    for (var g = 0; g < nGroups; g++) {
        var start = g * RATE;
        var size = n - start < RATE ? n - start : RATE;
        round[g] = Poseidon(size + 1);
        round[g].inputs[0] <== g == 0 ? 0 : round[g - 1].out;
        for (var k = 0; k < size; k++) {
            round[g].inputs[k + 1] <== in[start + k];
        }
    }
    out <== round[nGroups - 1].out;
}

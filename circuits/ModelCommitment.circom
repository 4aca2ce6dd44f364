pragma circom 2.1.9;

include "Pack.circom";
include "Sponge.circom";

/**
 * ModelCommitment(nLayers, inputs, outputs, weightBits, biasBits, shapeTag): proves that the
 * private weights and biases are the model committed to by `modelCommitment`
 * (docs/architecture.md):
 *
 *   paramChunks = pack(for each layer l: W[l] row-major [out][in] at weightBits[l], then B[l] at
 *                 biasBits[l], all signed)
 *   modelCommitment = sponge([shapeTag, ...paramChunks])
 *
 * Pack range-checks every parameter to its signed width: that makes the packing injective (so the
 * commitment binds each weight individually) and bounds the operands of the Dense layers, which
 * the Rescale soundness argument needs. shapeTag = sponge(encodeShape(shape)) is a compile-time
 * constant computed by prover/model/commitment.ts, so one circuit serves every model of its shape.
 *
 * Layout of the flat inputs: weights = W[0] row-major, then W[1], ...; biases = B[0], B[1], ....
 */
template ModelCommitment(nLayers, inputs, outputs, weightBits, biasBits, shapeTag) {
    var nWeights = weightCount(nLayers, inputs, outputs);
    var nBiases = biasCount(nLayers, outputs);
    var nParams = nWeights + nBiases;

    /** All weights, layer by layer, each layer row-major [out][in]. */
    signal input weights[nWeights];
    /** All biases, layer by layer. */
    signal input biases[nBiases];
    /** The public commitment the parameters must open. */
    signal input modelCommitment;

    // The packing order interleaves the two flat arrays: W[0], B[0], W[1], B[1], ...
    var bits[nParams];
    var signed[nParams];
    for (var k = 0; k < nParams; k++) {
        signed[k] = 1;
    }
    var k = 0;
    for (var l = 0; l < nLayers; l++) {
        for (var i = 0; i < inputs[l] * outputs[l]; i++) {
            bits[k] = weightBits[l];
            k++;
        }
        for (var j = 0; j < outputs[l]; j++) {
            bits[k] = biasBits[l];
            k++;
        }
    }

    component pack = Pack(nParams, bits, signed);
    var w = 0;
    var b = 0;
    k = 0;
    for (var l = 0; l < nLayers; l++) {
        for (var i = 0; i < inputs[l] * outputs[l]; i++) {
            pack.in[k] <== weights[w];
            w++;
            k++;
        }
        for (var j = 0; j < outputs[l]; j++) {
            pack.in[k] <== biases[b];
            b++;
            k++;
        }
    }

    var nChunks = packChunkCount(nParams, bits);
    component sponge = Sponge(nChunks + 1);
    sponge.in[0] <== shapeTag;
    for (var c = 0; c < nChunks; c++) {
        sponge.in[c + 1] <== pack.out[c];
    }
    modelCommitment === sponge.out;
}

/** Total number of weights: sum over layers of inputs * outputs. */
function weightCount(nLayers, inputs, outputs) {
    var n = 0;
    for (var l = 0; l < nLayers; l++) {
        n += inputs[l] * outputs[l];
    }
    return n;
}

/** Total number of biases: sum over layers of outputs. */
function biasCount(nLayers, outputs) {
    var n = 0;
    for (var l = 0; l < nLayers; l++) {
        n += outputs[l];
    }
    return n;
}

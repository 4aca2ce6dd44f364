pragma circom 2.1.9;

include "Pack.circom";
include "Attestation.circom";
include "ModelCommitment.circom";
include "Dense.circom";
include "Rescale.circom";
include "ScoreCard.circom";
include "circomlib/circuits/bitify.circom";

/**
 * CreditScore: the whole statement (DESIGN.md, docs/architecture.md). For public
 * (packedClaim, modelCommitment, attestorKeyHash), where
 *
 *   packedClaim = subject + attestedAt * 2^160 + score * 2^224
 *
 * carries the three small public values in one signal (each public signal costs the verifier an
 * elliptic-curve multiplication, ~6.2k gas), it proves knowledge of subject < 2^160,
 * attestedAt < 2^64, features, model parameters and an attestor signature such that
 *   1. every feature fits its declared unsigned width (Pack), and the attestor whose key hashes to
 *      attestorKeyHash signed Poseidon(subject, attestedAt, Poseidon(featureChunks));
 *   2. the weights and biases (range-checked to their widths) open modelCommitment;
 *   3. running the quantized MLP on the features (Dense, floor Rescale with range-checked
 *      remainder and quotient, ReLU on the layers flagged relu) gives logitQ;
 *   4. score = clamp(floor((offsetNum - factorNum * logitQ) / 2^fracBits), minScore, maxScore).
 * Every compile-time number comes from the model's CircuitShape; prover/model/circom.ts generates
 * the main component that instantiates this template for one shape.
 *
 * Private input layout: weights = W[0] row-major [out][in], W[1], ...; biases = B[0], B[1], ....
 */
template CreditScore(
    nFeatures, featureBits,
    nLayers, inputs, outputs, relu, weightBits, biasBits, shifts, outBits,
    shapeTag,
    offsetNum, factorNum, fracBits, rawBits, minScore, maxScore
) {
    assert(inputs[0] == nFeatures);
    assert(outputs[nLayers - 1] == 1);
    var nWeights = weightCount(nLayers, inputs, outputs);
    var nNeurons = biasCount(nLayers, outputs);

    // Public inputs, declared in the order of the public signals everywhere (calldata, contracts).
    /** subject + attestedAt * 2^160 + score * 2^224 (prover/proof/calldata.ts packClaim). */
    signal input packedClaim;
    /** The approved model's commitment. */
    signal input modelCommitment;
    /** Poseidon(Ax, Ay) of the trusted attestor's key. */
    signal input attestorKeyHash;

    // Private inputs.
    /** The wallet address (160-bit integer) the score belongs to. */
    signal input subject;
    /** Unix seconds at which the attestor signed the features. */
    signal input attestedAt;
    /** The features in schema order, unsigned, each within featureBits[i]. */
    signal input features[nFeatures];
    /** All weights, layer by layer, row-major [out][in]. */
    signal input weights[nWeights];
    /** All biases, layer by layer. */
    signal input biases[nNeurons];
    /** The attestor's public key A = (Ax, Ay). */
    signal input Ax;
    signal input Ay;
    /** The attestor's EdDSA-Poseidon signature (R8x, R8y, S) over the message. */
    signal input R8x;
    signal input R8y;
    signal input S;

    // 1. Features: range-check and pack (unsigned), then check the attestation over the chunks.
    var unsigned[nFeatures];
    for (var i = 0; i < nFeatures; i++) {
        unsigned[i] = 0;
    }
    component featurePack = Pack(nFeatures, featureBits, unsigned);
    featurePack.in <== features;

    var nFeatureChunks = packChunkCount(nFeatures, featureBits);
    component attestation = Attestation(nFeatureChunks);
    attestation.subject <== subject;
    attestation.attestedAt <== attestedAt;
    attestation.featureChunks <== featurePack.out;
    attestation.attestorKeyHash <== attestorKeyHash;
    attestation.Ax <== Ax;
    attestation.Ay <== Ay;
    attestation.R8x <== R8x;
    attestation.R8y <== R8y;
    attestation.S <== S;

    // 2. The parameters open the public commitment (and are range-checked to their widths).
    component commitment =
        ModelCommitment(nLayers, inputs, outputs, weightBits, biasBits, shapeTag);
    commitment.weights <== weights;
    commitment.biases <== biases;
    commitment.modelCommitment <== modelCommitment;

    // 3. Inference. Neurons are numbered across layers like the biases.
    component dense[nLayers];
    component rescale[nNeurons];
    /** Each neuron's output after rescale (and ReLU on relu layers). */
    signal act[nNeurons];
    var w = 0;
    var n = 0;
    for (var l = 0; l < nLayers; l++) {
        dense[l] = Dense(inputs[l], outputs[l]);
        // Layer 0 reads the range-checked features; later layers read the previous layer, whose
        // outputs Rescale bounded to outBits[l - 1] signed bits.
        assert(relu[l] == 0 || relu[l] == 1);
        for (var i = 0; i < inputs[l]; i++) {
            if (l == 0) {
                dense[l].x[i] <== features[i];
            } else {
                dense[l].x[i] <== act[n - inputs[l] + i];
            }
        }
        for (var j = 0; j < outputs[l]; j++) {
            for (var i = 0; i < inputs[l]; i++) {
                dense[l].w[j][i] <== weights[w];
                w++;
            }
            dense[l].b[j] <== biases[n + j];
        }
        for (var j = 0; j < outputs[l]; j++) {
            rescale[n + j] = Rescale(shifts[l], outBits[l]);
            rescale[n + j].in <== dense[l].acc[j];
            if (relu[l] == 1) {
                // ReLU as Relu(outBits[l]) proves it (sign = top bit of out + 2^(outBits-1) in
                // outBits bits), but Rescale has already range-checked exactly that value (its
                // biased quotient): reuse its top bit instead of decomposing again, which saves
                // outBits[l] constraints per neuron and changes nothing else.
                act[n + j] <== rescale[n + j].out * rescale[n + j].nonNegative;
            } else {
                act[n + j] <== rescale[n + j].out;
            }
        }
        n += outputs[l];
    }

    // 4. The scorecard on the single output of the last layer.
    component scoreCard = ScoreCard(offsetNum, factorNum, fracBits, rawBits, minScore, maxScore);
    scoreCard.logitQ <== act[nNeurons - 1];

    // 5. The public claim. subject < 2^160 and attestedAt < 2^64 are range-checked here, and the
    // score is in [minScore, maxScore] with maxScore < 2^16 (ScoreCard's clamp), so the packed sum
    // is below 2^240 < p: it has exactly one decomposition, and packedClaim fixes all three values
    // (no carry from one field into the next, no wrap around p).
    assert(maxScore < 2 ** 16);
    component subjectBits = Num2Bits(160);
    subjectBits.in <== subject;
    component attestedAtBits = Num2Bits(64);
    attestedAtBits.in <== attestedAt;
    packedClaim === subject + attestedAt * 2 ** 160 + scoreCard.score * 2 ** 224;
}

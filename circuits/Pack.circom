pragma circom 2.1.9;

include "circomlib/circuits/bitify.circom";

/**
 * Pack(n, bits, signed): range-checks each of the n values to its declared width and packs them
 * little-endian into 252-bit chunks, exactly like prover/field `pack`:
 *   - a signed value v (signed[i] = 1) is encoded as v + 2^(bits[i]-1), an unsigned one as v;
 *   - every encoded value must lie in [0, 2^bits[i]) (else no witness exists);
 *   - values are laid one after the other from bit 0, and a value that would not fit in the rest
 *     of the current chunk starts a new one (no value straddles two chunks).
 * The range checks are what make packing injective: without them the prover could borrow between
 * neighbouring values (v0 + 2^bits[0], v1 - 1) and commit to a different model or feature vector
 * that packs to the same chunk.
 */
template Pack(n, bits, signed) {
    var CHUNK_BITS = 252;
    var nChunks = packChunkCount(n, bits);

    /** The values, as field elements (negative signed values are p - |v|). */
    signal input in[n];
    /** The packed chunks, each < 2^252 < p, so the integer packing never wraps the field. */
    signal output out[nChunks];

    component range[n];
    var chunk = 0;
    var used = 0;
    var lc = 0;
    for (var i = 0; i < n; i++) {
        assert(bits[i] >= 1 && bits[i] <= CHUNK_BITS);
        assert(signed[i] == 0 || signed[i] == 1);
        if (used + bits[i] > CHUNK_BITS) {
            out[chunk] <== lc;
            chunk++;
            used = 0;
            lc = 0;
        }
        // Offsetting a signed value maps [-2^(b-1), 2^(b-1)) onto [0, 2^b); Num2Bits(b) then proves
        // the encoded value has exactly b bits, the width it occupies in the chunk.
        var encoded = in[i] + signed[i] * 2 ** (bits[i] - 1);
        range[i] = Num2Bits(bits[i]);
        range[i].in <== encoded;
        lc += encoded * 2 ** used;
        used += bits[i];
    }
    out[chunk] <== lc;
}

/** The number of chunks Pack(n, bits, ...) produces (prover/field `packLayout(bits).length`). */
function packChunkCount(n, bits) {
    var chunks = 1;
    var used = 0;
    for (var i = 0; i < n; i++) {
        if (used + bits[i] > 252) {
            chunks++;
            used = 0;
        }
        used += bits[i];
    }
    return chunks;
}

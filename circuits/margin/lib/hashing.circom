pragma circom 2.2.0;

// The chain hash of docs/margin-model.md ("Hashes"): acc = TAG, then for each chunk of
// ARITY - 1 consecutive inputs (the last one padded with zeros) acc = Poseidon(acc, chunk).
// TAG encodes the kind of hash and the layout (the configuration's sizes), so equal-length
// inputs of different layouts never meet, and zero padding cannot be confused with data.
// ARITY 16 is the cheapest in the circuit per element; ARITY 5 is what an on-chain T6 Poseidon
// computes (the oracle hub's round digest, the registry's parameter hash).

include "circomlib/circuits/poseidon.circom";

template PoseidonChain(N, ARITY, TAG) {
    signal input in[N];
    signal output out;

    var CHUNK = ARITY - 1;
    var CHUNKS = (N + CHUNK - 1) \ CHUNK;
    component round[CHUNKS];
    for (var c = 0; c < CHUNKS; c++) {
        round[c] = Poseidon(ARITY);
        if (c == 0) {
            round[c].inputs[0] <== TAG;
        } else {
            round[c].inputs[0] <== round[c - 1].out;
        }
        for (var k = 0; k < CHUNK; k++) {
            var index = c * CHUNK + k;
            if (index < N) {
                round[c].inputs[k + 1] <== in[index];
            } else {
                round[c].inputs[k + 1] <== 0;
            }
        }
    }
    out <== round[CHUNKS - 1].out;
}

// The tag of docs/margin-model.md: kind*2^40 + A*2^32 + U*2^24 + P*2^16 + G*2^8 + V.
function chainTag(kind, a, u, p, g, v) {
    return kind * 2 ** 40 + a * 2 ** 32 + u * 2 ** 24 + p * 2 ** 16 + g * 2 ** 8 + v;
}

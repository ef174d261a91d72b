pragma circom 2.2.0;

// Benchmark circuit for the prover (domain 2^17): 130 chained Poseidon(2) hashes, about 67k
// constraints. h_0 = seed, h_{i+1} = Poseidon(h_i, i); the last hash is public.

include "circomlib/circuits/poseidon.circom";

template PoseidonChain(n) {
    signal input seed;
    signal output out;

    signal h[n + 1];
    component hash[n];
    h[0] <== seed;
    for (var i = 0; i < n; i++) {
        hash[i] = Poseidon(2);
        hash[i].inputs[0] <== h[i];
        hash[i].inputs[1] <== i;
        h[i + 1] <== hash[i].out;
    }
    out <== h[n];
}

component main = PoseidonChain(130);

pragma circom 2.2.0;

// Smoke circuit: the smallest thing that exercises the whole pipeline (circomlib include,
// compile by the build, R1CS/witness formats, proving). It proves knowledge of a preimage
// (secret, blinding) of a public Poseidon commitment, and that `secret` fits in 64 bits.

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";

template PoseidonPreimage() {
    signal input secret;
    signal input blinding;
    signal output commitment;

    // Range check: without it `secret` could be any field element.
    component bits = Num2Bits(64);
    bits.in <== secret;

    component hash = Poseidon(2);
    hash.inputs[0] <== secret;
    hash.inputs[1] <== blinding;
    commitment <== hash.out;
}

component main = PoseidonPreimage();

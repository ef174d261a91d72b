pragma circom 2.2.0;

// circomlib gadgets a margin circuit is built from, correct as circomlib writes them: the
// soundness harness must find nothing wrong with them, and prove all but Num2Bits_strict.
include "circomlib/circuits/comparators.circom";
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/mux1.circom";
include "circomlib/circuits/poseidon.circom";

template Gadgets() {
    signal input a;
    signal input b;
    signal input selector;
    signal output less;
    signal output lessOrEqual;
    signal output greaterOrEqual;
    signal output equal;
    signal output chosen;
    signal output strictBits[254];
    signal output hash;

    component aBits = Num2Bits(64);
    aBits.in <== a;
    component bBits = Num2Bits(64);
    bBits.in <== b;

    component lt = LessThan(64);
    lt.in[0] <== a;
    lt.in[1] <== b;
    less <== lt.out;

    component le = LessEqThan(64);
    le.in[0] <== a;
    le.in[1] <== b;
    lessOrEqual <== le.out;

    component ge = GreaterEqThan(64);
    ge.in[0] <== a;
    ge.in[1] <== b;
    greaterOrEqual <== ge.out;

    component eq = IsEqual();
    eq.in[0] <== a;
    eq.in[1] <== b;
    equal <== eq.out;

    selector * (selector - 1) === 0;
    component mux = Mux1();
    mux.c[0] <== a;
    mux.c[1] <== b;
    mux.s <== selector;
    chosen <== mux.out;

    component strict = Num2Bits_strict();
    strict.in <== a * b;
    for (var i = 0; i < 254; i++) strictBits[i] <== strict.out[i];

    component h = Poseidon(3);
    h.inputs[0] <== a;
    h.inputs[1] <== b;
    h.inputs[2] <== selector;
    hash <== h.out;
}

component main = Gadgets();

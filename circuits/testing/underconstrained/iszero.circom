pragma circom 2.2.0;

// The correct version of iszero_forgotten.circom: circomlib's IsZero.
include "circomlib/circuits/comparators.circom";

template IsZeroChecked() {
    signal input in;
    signal output out;
    component isZero = IsZero();
    isZero.in <== in;
    out <== isZero.out;
}

component main = IsZeroChecked();

pragma circom 2.2.0;

// The correct version of num2bits_forgotten.circom: circomlib's Num2Bits.
include "circomlib/circuits/bitify.circom";

template Num2BitsChecked(n) {
    signal input in;
    signal output out[n];
    component bits = Num2Bits(n);
    bits.in <== in;
    for (var i = 0; i < n; i++) out[i] <== bits.out[i];
}

component main = Num2BitsChecked(8);

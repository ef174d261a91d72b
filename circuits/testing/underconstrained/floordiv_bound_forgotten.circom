pragma circom 2.2.0;

// Under-constrained on purpose (soundness harness test): a floor division whose remainder is
// checked to be non-negative but not below the divisor, so quotient - 1 with remainder + D
// is a second witness whenever remainder + D still fits the remainder's bits.

// circom-flags: --O2
include "margin/lib/fixedpoint.circom";

template FloorDivBoundForgotten(D, dBits, qBits) {
    signal input in;
    signal output quotient;
    signal remainder;

    quotient <-- in \ D;
    remainder <== in - quotient * D;
    component remainderRange = AssertBits(dBits);
    remainderRange.in <== remainder;
    component quotientRange = AssertBits(qBits);
    quotientRange.in <== quotient;
}

component main = FloorDivBoundForgotten(1000, 11, 40);

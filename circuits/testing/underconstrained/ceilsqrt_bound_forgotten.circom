pragma circom 2.2.0;

// Under-constrained on purpose (soundness harness test): a ceil-sqrt with only its upper bound
// ((s - 1)^2 < in): s is at most the true root, and any smaller s satisfies it too.

// circom-flags: --O2
include "margin/lib/fixedpoint.circom";

template CeilSqrtBoundForgotten(sBits, diffBits) {
    signal input in;
    signal output out;

    out <-- ceilSqrtScaled(in, 1, sBits);
    component outRange = AssertBits(sBits);
    outRange.in <== out;
    signal square <== out * out;
    component isZero = IsZeroPinned();
    isZero.in <== out;
    signal excess <== (1 - isZero.out) * (in - (square - 2 * out + 1) - 1);
    component minimal = AssertBits(diffBits);
    minimal.in <== excess;
}

component main = CeilSqrtBoundForgotten(21, 44);

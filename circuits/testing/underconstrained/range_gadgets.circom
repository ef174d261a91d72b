pragma circom 2.2.0;

// The solvency circuit's range-check gadgets (circuits/margin/lib/fixedpoint.circom), each on
// its own, compiled as deployed (--O2): the soundness audit must prove every signal determined
// by the inputs, which it can only do by reasoning about the range checks (a quotient is unique
// because its remainder is bounded on both sides, a square root by both of its bounds, a
// maximum by the vanishing product of differences).

// circom-flags: --O2
include "margin/lib/fixedpoint.circom";

template RangeGadgets() {
    signal input x;     // signed, |x| < 2^50
    signal input t;     // signed, |t| < 2^40
    signal input v[3];  // signed, |v| < 2^50
    signal output floorQuotient;
    signal output ceilQuotient;
    signal output absolute;
    signal output root;
    signal output maximum;

    component floorDiv = FloorDivSigned(1000, 10, 42);
    floorDiv.in <== x;
    floorQuotient <== floorDiv.quotient;

    component abs = Abs(50);
    abs.in <== x;
    absolute <== abs.out;

    component ceilDiv = CeilDivUnsigned(1000, 10, 42);
    ceilDiv.in <== abs.out;
    ceilQuotient <== ceilDiv.quotient;

    component sqrt = CeilSqrtScaled(1, 21, 44);
    sqrt.in <== t;
    root <== sqrt.out;

    component max = MaxWithZero(3, 52);
    max.in <== v;
    maximum <== max.out;
}

component main = RangeGadgets();

pragma circom 2.2.0;

// Under-constrained on purpose (soundness harness test): a maximum that dominates every input
// and 0 but is never tied to one of them (the vanishing product is missing), so any larger
// value in range is a second witness.

// circom-flags: --O2
include "margin/lib/fixedpoint.circom";

template MaxProductForgotten(N, n) {
    signal input in[N];
    signal output out;

    out <-- maxWithZero(in, N);
    component nonNegative = AssertBits(n);
    nonNegative.in <== out;
    component dominates[N];
    for (var i = 0; i < N; i++) {
        dominates[i] = AssertBits(n);
        dominates[i].in <== out - in[i];
    }
}

component main = MaxProductForgotten(3, 52);

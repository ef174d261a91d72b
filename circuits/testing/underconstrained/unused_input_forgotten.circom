pragma circom 2.2.0;

// Under-constrained on purpose (soundness harness test), beside an input no constraint uses:
// circom drops that input's wire but still counts it in nPrvIn, so the wire after the inputs
// (mid) sits where a header-based count would put an input. mid moves with out.
template UnusedInputForgotten() {
    signal input a;
    signal input unused;
    signal input c;
    signal output out;
    signal mid;
    mid <-- a * c;
    out <== mid * a + c;
}

component main {public [c]} = UnusedInputForgotten();

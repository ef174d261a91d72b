pragma circom 2.2.0;

// Under-constrained on purpose (soundness harness test): circomlib's IsZero without its
// `in * out === 0`. For in != 0 nothing forces out = 0: inv and out move together along
// in * inv = 1 - out.
template IsZeroForgotten() {
    signal input in;
    signal output out;
    signal inv;
    inv <-- in != 0 ? 1 / in : 0;
    out <== -in * inv + 1;
}

component main = IsZeroForgotten();

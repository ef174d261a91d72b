pragma circom 2.2.0;

// Under-constrained on purpose (soundness harness test): `mid` is assigned with `<--` and only
// tied to the output (a product keeps circom from substituting it away), so mid and out move
// together; each alone is pinned by the other.
template LinkedPairForgotten() {
    signal input in;
    signal output out;
    signal mid;
    mid <-- in * 3;
    out <== mid * in + 1;
}

component main = LinkedPairForgotten();

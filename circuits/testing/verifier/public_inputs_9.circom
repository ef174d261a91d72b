pragma circom 2.2.0;

// A tiny circuit with exactly 9 public signals (the inputs x; no output, which would add one),
// for the generated verifier's gas against snarkjs's (contracts/test/verifier/): verifyProof's
// cost grows with the public signals, not the constraints. The private w is bound to every
// input by quadratic constraints: acc[i + 1] = acc[i] + x[i] w from acc[0] = w^2.
template PublicInputs(n) {
    signal input x[n];
    signal input w;
    signal acc[n + 1];
    acc[0] <== w * w;
    for (var i = 0; i < n; i++) {
        acc[i + 1] <== acc[i] + x[i] * w;
    }
}

component main {public [x]} = PublicInputs(9);

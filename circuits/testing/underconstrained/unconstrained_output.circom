pragma circom 2.2.0;

// Under-constrained on purpose (soundness harness test): `<--` assigns `out` but no constraint
// mentions it, so a prover may publish any value. (`doubled` is constrained and keeps `in` a
// wire: circom drops an input that no constraint uses.)
template UnconstrainedOutput() {
    signal input in;
    signal output doubled;
    signal output out;
    doubled <== in * 2;
    out <-- in * 3;
}

component main = UnconstrainedOutput();

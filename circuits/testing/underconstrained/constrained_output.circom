pragma circom 2.2.0;

// The correct version of unconstrained_output.circom: `<==` assigns and constrains.
template ConstrainedOutput() {
    signal input in;
    signal output doubled;
    signal output out;
    doubled <== in * 2;
    out <== in * 3;
}

component main = ConstrainedOutput();

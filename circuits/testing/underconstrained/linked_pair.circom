pragma circom 2.2.0;

// The correct version of linked_pair_forgotten.circom: mid is constrained to in * 3.
template LinkedPair() {
    signal input in;
    signal output out;
    signal mid;
    mid <== in * 3;
    out <== mid * in + 1;
}

component main = LinkedPair();

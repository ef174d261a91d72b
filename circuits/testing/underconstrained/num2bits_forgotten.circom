pragma circom 2.2.0;

// Under-constrained on purpose (soundness harness test): circomlib's Num2Bits without its
// `lc1 === in`. Each bit is still 0 or 1, but nothing ties the bits to the input. (`square`
// keeps `in` a wire: circom drops an input that no constraint uses.)
template Num2BitsForgotten(n) {
    signal input in;
    signal output out[n];
    signal output square;
    for (var i = 0; i < n; i++) {
        out[i] <-- (in >> i) & 1;
        out[i] * (out[i] - 1) === 0;
    }
    square <== in * in;
}

component main = Num2BitsForgotten(8);

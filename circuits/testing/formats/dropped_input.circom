pragma circom 2.2.0;

// A private input that no constraint uses: circom drops its wire but still counts it in the
// header's nPrvIn, so the file has fewer wires than 1 + outputs + inputs. Readers must accept it.

template DroppedInput() {
    signal input a;
    signal input unused;
    signal output out;
    out <== a * a;
}

component main = DroppedInput();

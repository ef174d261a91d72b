pragma circom 2.2.0;

// The small solvency configuration compiled with circom's default --O1 instead of --O2, for the
// soundness harness: --O2 substitutes linear constraints into others (e.g. a Num2Bits sum into
// its bits' constraints), which hides the patterns the harness uses to prove a witness unique.
// --O2 only substitutes, so a witness that is unique here is unique in the production circuit.

include "../../margin/solvency.circom";

component main {public [account, gate, packed, priceDigest, paramHash, commitments]} = Solvency(2, 2, 2, 2, 4);

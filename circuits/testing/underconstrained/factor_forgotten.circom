pragma circom 2.2.0;

// Under-constrained on purpose (soundness harness test): "p is a factor of n" with neither
// factor range-checked; (p, q) can be any point of the curve p * q = n. No linear constraint
// links p and q, so the harness finds this pair by a random p and an exact q.
template FactorForgotten() {
    signal input n;
    signal output p;
    signal q;
    p <-- 3;
    q <-- n / 3;
    p * q === n;
}

component main = FactorForgotten();

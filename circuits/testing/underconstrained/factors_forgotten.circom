pragma circom 2.2.0;

// Under-constrained on purpose (soundness harness test): 30 copies of factor_forgotten.circom,
// "p[i] is a factor of n[i]" with neither factor range-checked. Without the random trials that
// find each pair, the audit leaves all 60 factors unresolved: more than it names in full.
template FactorsForgotten(N) {
    signal input n[N];
    signal output p[N];
    signal q[N];
    for (var i = 0; i < N; i++) {
        p[i] <-- 3;
        q[i] <-- n[i] / 3;
        p[i] * q[i] === n[i];
    }
}

component main = FactorsForgotten(30);

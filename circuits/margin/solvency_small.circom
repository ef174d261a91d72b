pragma circom 2.2.0;

// The small configuration, for tests: 2 venues, 2 assets, 2 underlyings, 2 positions per
// venue, a 4-point shock grid. Constraint count: circuits/margin/stats.json.

// circom-flags: --O2
include "solvency.circom";

component main {public [account, gate, packed, priceDigest, paramHash, commitments]} = Solvency(2, 2, 2, 2, 4);

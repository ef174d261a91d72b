pragma circom 2.2.0;

// The reference configuration: 8 venues, 8 assets, 4 underlyings, 8 positions per venue, a
// 4-point shock grid. Constraint count: circuits/margin/stats.json.

// circom-flags: --O2
include "solvency.circom";

component main {public [account, gate, packed, priceDigest, paramHash, commitments]} = Solvency(8, 8, 4, 8, 4);

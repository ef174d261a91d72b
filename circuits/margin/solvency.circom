pragma circom 2.2.0;

// The solvency statement of CrossMargin (docs/margin-model.md is the reference for every scale,
// bound and rounding used here; docs/design.md for what the figures mean).
//
// A proof of Solvency(V, A, U, P, G) states, for the public account, gate, chain id, proof
// nonce, oracle round, parameter hash, venue commitments, commitment age tau and level:
//
//   1. the prover knows an opening of every non-empty venue commitment of the account, and the
//      empty slots hold nothing;
//   2. the oracle round's prices hash to the public digest and the parameters to the public
//      parameter hash;
//   3. with equity E (haircut collateral minus weighted debt at those prices, plus every
//      position's mark-to-market), net greeks per underlying summed over all venues, the
//      worst loss r[u] of each underlying over the shock grid (the shock widened for the age of
//      the oldest commitment), and the correlated aggregate R of those losses,
//      E >= k[level] * R + floor[level].
//
// Nothing else about the portfolio is revealed. The parts below follow that order; each input
// is range-checked where it enters, before it takes part in any product or comparison.

include "circomlib/circuits/bitify.circom";
include "lib/fixedpoint.circom";
include "lib/hashing.circom";

// The small public fields share one element (each public input costs ~6.2k gas on-chain):
// packed = chainId + nonce*2^64 + roundId*2^128 + tau*2^192 + level*2^224. Decomposing each
// part into its width makes the packing injective (225 bits < 253), so the verifier's packed
// value fixes every part.
template UnpackContext() {
    signal input packed;
    signal input chainId;
    signal input nonce;
    signal input roundId;
    signal input tau;
    signal input level;

    component chainIdBits = AssertBits(64);
    chainIdBits.in <== chainId;
    component nonceBits = AssertBits(64);
    nonceBits.in <== nonce;
    component roundIdBits = AssertBits(64);
    roundIdBits.in <== roundId;
    component tauBits = AssertBits(32);
    tauBits.in <== tau;
    // level is 0 (initial) or 1 (maintenance).
    level * (level - 1) === 0;

    packed === chainId + nonce * 2 ** 64 + roundId * 2 ** 128 + tau * 2 ** 192 + level * 2 ** 224;
}

// The oracle round: prices are range-checked and hashed with the round id into the digest the
// oracle hub publishes (arity 5, so the hub can compute it on-chain).
template OracleRound(A, U) {
    signal input roundId;
    signal input assetPrice[A];
    signal input underlyingPrice[U];
    signal output digest;

    component hash = PoseidonChain(1 + A + U, 5, chainTag(2, A, U, 0, 0, 0));
    hash.in[0] <== roundId;
    component assetRange[A];
    for (var a = 0; a < A; a++) {
        assetRange[a] = AssertBits(56);
        assetRange[a].in <== assetPrice[a];
        hash.in[1 + a] <== assetPrice[a];
    }
    component underlyingRange[U];
    for (var u = 0; u < U; u++) {
        underlyingRange[u] = AssertBits(56);
        underlyingRange[u].in <== underlyingPrice[u];
        hash.in[1 + A + u] <== underlyingPrice[u];
    }
    digest <== hash.out;
}

// The risk parameters: hashed in the order of docs/margin-model.md, and held to their bounds so
// that no product below can wrap, whatever the registry published.
template RiskParameters(A, U, G) {
    signal input haircut[A];
    signal input debtWeight[A];
    signal input shock[U];
    signal input volMove[U];
    signal input latencyVol[U];
    signal input correlation[U][U];
    signal input grid[G];
    signal input levelMultiplier[2];
    signal input levelFloor[2];
    signal output hash;

    // Arity 5, like the oracle digest: the collateral registry recomputes this hash on-chain
    // (a T6 Poseidon) when governance publishes a parameter set, so the set it shows in full is
    // the one the proofs are bound to.
    var N = 2 * A + 3 * U + U * U + G + 4;
    component chain = PoseidonChain(N, 5, chainTag(3, A, U, 0, G, 0));
    var i = 0;

    // A haircut never raises collateral above its price (h <= 1); a debt weight never lowers a
    // debt (w >= 1).
    component haircutRange[A];
    for (var a = 0; a < A; a++) {
        haircutRange[a] = AssertBetween(0, 10 ** 6, 20);
        haircutRange[a].in <== haircut[a];
        chain.in[i] <== haircut[a]; i++;
    }
    component weightRange[A];
    component weightBits[A];
    for (var a = 0; a < A; a++) {
        weightRange[a] = AssertBits(24);
        weightRange[a].in <== debtWeight[a];
        weightBits[a] = AssertBits(24);
        weightBits[a].in <== debtWeight[a] - 10 ** 6;
        chain.in[i] <== debtWeight[a]; i++;
    }
    component shockRange[U];
    for (var u = 0; u < U; u++) {
        shockRange[u] = AssertBits(24);
        shockRange[u].in <== shock[u];
        chain.in[i] <== shock[u]; i++;
    }
    component volRange[U];
    for (var u = 0; u < U; u++) {
        volRange[u] = AssertBits(24);
        volRange[u].in <== volMove[u];
        chain.in[i] <== volMove[u]; i++;
    }
    component latencyRange[U];
    for (var u = 0; u < U; u++) {
        latencyRange[u] = AssertBits(24);
        latencyRange[u].in <== latencyVol[u];
        chain.in[i] <== latencyVol[u]; i++;
    }
    component correlationRange[U][U];
    for (var u = 0; u < U; u++) {
        for (var w = 0; w < U; w++) {
            correlationRange[u][w] = AssertBetween(-(10 ** 6), 10 ** 6, 21);
            correlationRange[u][w].in <== correlation[u][w];
            chain.in[i] <== correlation[u][w]; i++;
        }
    }
    // A correlation matrix has 1 (10^6) on its diagonal: each underlying's loss counts in full
    // with itself in R^2 >= sum rho[u][w]*r[u]*r[w]. Without it a diagonal of 0 drops the loss
    // (rho = [[0, -1], [-1, 0]] gives R = 0 beside any loss). Every slot, unused ones too: the
    // engine pads an unused underlying with the identity's row (docs/margin-model.md, "Empty slots").
    for (var u = 0; u < U; u++) {
        correlation[u][u] === 10 ** 6;
    }
    // And it is symmetric: rho[u][w] and rho[w][u] are one correlation. The quadratic form only
    // sees their sum, so an asymmetric matrix is never what the registry's set claims to mean.
    // Positive semidefiniteness (Q >= 0 for every loss vector) needs an elimination over the
    // whole matrix: the engine checks it exactly, off-circuit, before a set is published.
    for (var u = 0; u < U; u++) {
        for (var w = 0; w < u; w++) {
            correlation[u][w] === correlation[w][u];
        }
    }
    component gridRange[G];
    for (var j = 0; j < G; j++) {
        gridRange[j] = AssertBetween(0, 10 ** 6, 20);
        gridRange[j].in <== grid[j];
        chain.in[i] <== grid[j]; i++;
    }
    component multiplierRange[2];
    for (var l = 0; l < 2; l++) {
        multiplierRange[l] = AssertBits(24);
        multiplierRange[l].in <== levelMultiplier[l];
        chain.in[i] <== levelMultiplier[l]; i++;
    }
    component floorRange[2];
    for (var l = 0; l < 2; l++) {
        floorRange[l] = AssertBits(64);
        floorRange[l].in <== levelFloor[l];
        chain.in[i] <== levelFloor[l]; i++;
    }
    hash <== chain.out;
}

// The venue state's fields in commitment order (docs/margin-model.md, "Hashes"): field i's
// width in bits. Signed fields are committed shifted by 2^64.
function stateFieldBits(A, i) {
    if (i < 2 + 2 * A) { return 64; }             // venueId, stateNonce, balances, debts
    if ((i - 2 - 2 * A) % 5 == 0) { return 8; }   // a position's underlying index
    return 65;                                    // delta, gamma, vega, mtm (+ 2^64)
}

// The number of 248-bit words the greedy packing of the 2 + 2A + 5P fields takes.
function stateWordCount(A, P) {
    var words = 1;
    var offset = 0;
    for (var i = 0; i < 2 + 2 * A + 5 * P; i++) {
        var bits = stateFieldBits(A, i);
        if (offset + bits > 248) { words++; offset = 0; }
        offset += bits;
    }
    return words;
}

// One venue slot: the account's state on the venue, opened against the public commitment.
// The commitment domain-separates by venue id, account and the venue's state nonce, so an
// opening cannot be replayed for another venue, another account or an older state.
// The empty commitment 0 stands for an unused slot: then every value of the slot must be 0
// (a dropped venue cannot hide a debt behind an "empty" slot; the registry, not the prover,
// says which slots are used).
template VenueSlot(A, P, U) {
    signal input commitment;
    signal input account;
    signal input venueId;
    signal input stateNonce;
    signal input blinding;
    signal input balance[A];
    signal input debt[A];
    signal input posUnderlying[P];
    signal input posDelta[P];
    signal input posGamma[P];
    signal input posVega[P];
    signal input posMtm[P];

    // The fields in commitment order, each range-checked to its width: balances and debts are
    // non-negative (a "negative debt" would be collateral out of thin air), greeks and
    // mark-to-market signed 64-bit, ids 64-bit, the underlying index 8-bit (NetGreeks proves
    // it is below U). A field that fits its width also cannot spill into its neighbour in the
    // packed word, so the words fix every field.
    var F = 2 + 2 * A + 5 * P;
    signal field[F];
    signal encoded[F];
    field[0] <== venueId;
    field[1] <== stateNonce;
    for (var a = 0; a < A; a++) {
        field[2 + a] <== balance[a];
        field[2 + A + a] <== debt[a];
    }
    for (var p = 0; p < P; p++) {
        field[2 + 2 * A + 5 * p] <== posUnderlying[p];
        field[2 + 2 * A + 5 * p + 1] <== posDelta[p];
        field[2 + 2 * A + 5 * p + 2] <== posGamma[p];
        field[2 + 2 * A + 5 * p + 3] <== posVega[p];
        field[2 + 2 * A + 5 * p + 4] <== posMtm[p];
    }
    component range[F];
    for (var i = 0; i < F; i++) {
        var bits = stateFieldBits(A, i);
        range[i] = AssertBits(bits);
        if (bits == 65) {
            encoded[i] <== field[i] + 2 ** 64;
        } else {
            encoded[i] <== field[i];
        }
        range[i].in <== encoded[i];
    }

    // Greedy packing into 248-bit words, then the chain hash [account, blinding, words...].
    var K = stateWordCount(A, P);
    var packing[K];
    for (var k = 0; k < K; k++) packing[k] = 0;
    var word = 0;
    var offset = 0;
    for (var i = 0; i < F; i++) {
        var bits = stateFieldBits(A, i);
        if (offset + bits > 248) { word++; offset = 0; }
        packing[word] += encoded[i] * 2 ** offset;
        offset += bits;
    }
    component chain = PoseidonChain(2 + K, 16, chainTag(1, A, 0, P, 0, 0));
    chain.in[0] <== account;
    chain.in[1] <== blinding;
    for (var k = 0; k < K; k++) chain.in[2 + k] <== packing[k];

    component isEmpty = IsZeroPinned();
    isEmpty.in <== commitment;
    // A used slot opens its commitment ...
    (chain.out - commitment) * (1 - isEmpty.out) === 0;
    // ... and an empty one holds zeros only (its blinding too, so that nothing is left free).
    for (var i = 0; i < F; i++) field[i] * isEmpty.out === 0;
    blinding * isEmpty.out === 0;
}

// Net greeks per underlying, summed over every position of every venue: the netting across
// venues is the point of cross-margining. Each position's underlying index selects exactly one
// underlying (the selectors sum to 1, which also proves 0 <= index < U).
template NetGreeks(N, U) {
    signal input underlying[N];
    signal input delta[N];
    signal input gamma[N];
    signal input vega[N];
    signal output netDelta[U];
    signal output netGamma[U];
    signal output netVega[U];

    component selects[N][U];
    signal deltaPart[N][U];
    signal gammaPart[N][U];
    signal vegaPart[N][U];
    for (var i = 0; i < N; i++) {
        var selected = 0;
        for (var u = 0; u < U; u++) {
            selects[i][u] = IsEqualPinned();
            selects[i][u].in[0] <== underlying[i];
            selects[i][u].in[1] <== u;
            selected += selects[i][u].out;
            deltaPart[i][u] <== selects[i][u].out * delta[i];
            gammaPart[i][u] <== selects[i][u].out * gamma[i];
            vegaPart[i][u] <== selects[i][u].out * vega[i];
        }
        selected === 1;
    }
    for (var u = 0; u < U; u++) {
        var d = 0;
        var g = 0;
        var v = 0;
        for (var i = 0; i < N; i++) {
            d += deltaPart[i][u];
            g += gammaPart[i][u];
            v += vegaPart[i][u];
        }
        netDelta[u] <== d;
        netGamma[u] <== g;
        netVega[u] <== v;
    }
}

// The worst loss of one underlying over the grid (docs/margin-model.md steps 6-8). At grid
// point j the four sign choices of price and vol moves lose at worst
//   W[j] = 2e12 * (|Delta| * mag[j] + |Vega| * v) - Gamma * mag[j]^2   (units of 1e-24 USD, doubled),
// the maximum of the doc's four L2 values; r = ceil(max(0, max_j W[j]) / 2e18) in VALUE.
template WorstLoss(G) {
    signal input netDelta;
    signal input netGamma;
    signal input netVega;
    signal input price;          // PRICE
    signal input widenedShock;   // 1e-9
    signal input volMove;        // RATIO (vol points)
    signal input grid[G];        // RATIO
    signal output magnitude[G];  // VALUE per token
    signal output worst;         // VALUE

    // Shock magnitudes, rounded up: a shock is never smaller than the parameters say.
    signal priceShock <== price * widenedShock;
    component magnitudes[G];
    for (var j = 0; j < G; j++) {
        magnitudes[j] = CeilDivUnsigned(10 ** 17, 57, 72);
        magnitudes[j].in <== priceShock * grid[j];
        magnitude[j] <== magnitudes[j].quotient;
    }

    // Net greeks are sums of at most 256 signed 64-bit values: |x| < 2^72.
    component absDelta = Abs(72);
    absDelta.in <== netDelta;
    component absVega = Abs(72);
    absVega.in <== netVega;
    signal vegaTerm <== absVega.out * volMove;

    signal deltaTerm[G];
    signal magnitudeSquared[G];
    signal gammaTerm[G];
    signal loss[G];
    component maxLoss = MaxWithZero(G, 220);
    for (var j = 0; j < G; j++) {
        deltaTerm[j] <== absDelta.out * magnitude[j];
        magnitudeSquared[j] <== magnitude[j] * magnitude[j];
        gammaTerm[j] <== netGamma * magnitudeSquared[j];
        loss[j] <== 2 * 10 ** 12 * (deltaTerm[j] + vegaTerm) - gammaTerm[j];
        maxLoss.in[j] <== loss[j];
    }

    // Losses are rounded up to VALUE; beyond 2^80 VALUE the statement fails closed.
    component toValue = CeilDivUnsigned(2 * 10 ** 18, 61, 80);
    toValue.in <== maxLoss.out;
    worst <== toValue.quotient;
}

template Solvency(V, A, U, P, G) {
    // ---- Public inputs (docs/margin-model.md, "Public inputs") ----
    signal input account;
    signal input gate;
    signal input packed;
    signal input priceDigest;
    signal input paramHash;
    signal input commitments[V];

    // ---- Private inputs ----
    signal input chainId;
    signal input nonce;
    signal input roundId;
    signal input tau;
    signal input level;
    signal input venueId[V];
    signal input stateNonce[V];
    signal input blinding[V];
    signal input balance[V][A];
    signal input debt[V][A];
    signal input posUnderlying[V][P];
    signal input posDelta[V][P];
    signal input posGamma[V][P];
    signal input posVega[V][P];
    signal input posMtm[V][P];
    signal input assetPrice[A];
    signal input underlyingPrice[U];
    signal input haircut[A];
    signal input debtWeight[A];
    signal input shock[U];
    signal input volMove[U];
    signal input latencyVol[U];
    signal input correlation[U][U];
    signal input grid[G];
    signal input levelMultiplier[2];
    signal input levelFloor[2];

    // ---- The figures, named for differential tests against the C# engine ----
    signal collateralValue;
    signal equity;
    signal netDelta[U];
    signal netGamma[U];
    signal netVega[U];
    signal sqrtTau;
    signal widenedShock[U];
    signal shockMagnitude[U][G];
    signal worstLoss[U];
    signal aggregate;

    // Part 1. Who and where: the proof is bound to the account, the gate contract and the chain
    // (and a nonce), so it cannot be replayed for another account, gate, chain or epoch. The
    // addresses are 160-bit; checking it also ties both public inputs into the constraints.
    component accountRange = AssertBits(160);
    accountRange.in <== account;
    component gateRange = AssertBits(160);
    gateRange.in <== gate;
    component context = UnpackContext();
    context.packed <== packed;
    context.chainId <== chainId;
    context.nonce <== nonce;
    context.roundId <== roundId;
    context.tau <== tau;
    context.level <== level;

    // Part 2. The prices are the oracle round's, the parameters the registry's.
    component round = OracleRound(A, U);
    round.roundId <== roundId;
    round.assetPrice <== assetPrice;
    round.underlyingPrice <== underlyingPrice;
    round.digest === priceDigest;

    component parameters = RiskParameters(A, U, G);
    parameters.haircut <== haircut;
    parameters.debtWeight <== debtWeight;
    parameters.shock <== shock;
    parameters.volMove <== volMove;
    parameters.latencyVol <== latencyVol;
    parameters.correlation <== correlation;
    parameters.grid <== grid;
    parameters.levelMultiplier <== levelMultiplier;
    parameters.levelFloor <== levelFloor;
    parameters.hash === paramHash;

    // Part 3. Every venue slot the registry lists is opened (or is empty and holds nothing).
    component slots[V];
    for (var v = 0; v < V; v++) {
        slots[v] = VenueSlot(A, P, U);
        slots[v].commitment <== commitments[v];
        slots[v].account <== account;
        slots[v].venueId <== venueId[v];
        slots[v].stateNonce <== stateNonce[v];
        slots[v].blinding <== blinding[v];
        slots[v].balance <== balance[v];
        slots[v].debt <== debt[v];
        slots[v].posUnderlying <== posUnderlying[v];
        slots[v].posDelta <== posDelta[v];
        slots[v].posGamma <== posGamma[v];
        slots[v].posVega <== posVega[v];
        slots[v].posMtm <== posMtm[v];
    }

    // Part 4. Equity: collateral at haircut minus debt at weight, at oracle prices, summed over
    // venues per asset first (one rounding for the whole value, downwards), plus the positions'
    // signed mark-to-market. Units: B, D in AMOUNT, h, w in RATIO, S in PRICE, so the sum is
    // in 1e-20 USD and floor(/1e14) gives VALUE.
    signal haircutBalance[A];
    signal weightedDebt[A];
    signal assetTerm[A];
    var collateralWide = 0;
    for (var a = 0; a < A; a++) {
        var balances = 0;
        var debts = 0;
        for (var v = 0; v < V; v++) {
            balances += balance[v][a];
            debts += debt[v][a];
        }
        haircutBalance[a] <== balances * haircut[a];
        weightedDebt[a] <== debts * debtWeight[a];
        assetTerm[a] <== (haircutBalance[a] - weightedDebt[a]) * assetPrice[a];
        collateralWide += assetTerm[a];
    }
    // |collateralWide| < 2^158 (A <= 64, V <= 256), so the quotient fits 113 signed bits.
    component collateral = FloorDivSigned(10 ** 14, 47, 113);
    collateral.in <== collateralWide;
    collateralValue <== collateral.quotient;

    var pnl = 0;
    for (var v = 0; v < V; v++) {
        for (var p = 0; p < P; p++) pnl += posMtm[v][p];
    }
    equity <== collateralValue + pnl;

    // Part 5. Net greeks per underlying across all venues.
    component greeks = NetGreeks(V * P, U);
    for (var v = 0; v < V; v++) {
        for (var p = 0; p < P; p++) {
            greeks.underlying[v * P + p] <== posUnderlying[v][p];
            greeks.delta[v * P + p] <== posDelta[v][p];
            greeks.gamma[v * P + p] <== posGamma[v][p];
            greeks.vega[v * P + p] <== posVega[v][p];
        }
    }
    netDelta <== greeks.netDelta;
    netGamma <== greeks.netGamma;
    netVega <== greeks.netVega;

    // Part 6. The shock, widened for latency: the oldest commitment is tau seconds old, and
    // prices may have moved by sigma * sqrt(tau) since. sqrtTau = ceil(sqrt(tau) * 1e3).
    component rootTau = CeilSqrtScaled(1, 27, 55);
    rootTau.in <== tau * 10 ** 6;
    sqrtTau <== rootTau.out;

    // Part 7. Worst loss per underlying over the price/vol grid.
    component losses[U];
    for (var u = 0; u < U; u++) {
        widenedShock[u] <== shock[u] * 1000 + latencyVol[u] * sqrtTau;
        losses[u] = WorstLoss(G);
        losses[u].netDelta <== netDelta[u];
        losses[u].netGamma <== netGamma[u];
        losses[u].netVega <== netVega[u];
        losses[u].price <== underlyingPrice[u];
        losses[u].widenedShock <== widenedShock[u];
        losses[u].volMove <== volMove[u];
        losses[u].grid <== grid;
        shockMagnitude[u] <== losses[u].magnitude;
        worstLoss[u] <== losses[u].worst;
    }

    // Part 8. Correlated aggregate: R is the least integer with R^2 >= r^T rho r (rho in RATIO),
    // never a smaller R. |r^T rho r| < 2^188 for U <= 16.
    signal lossProduct[U][U];
    signal weightedProduct[U][U];
    var form = 0;
    for (var u = 0; u < U; u++) {
        for (var w = 0; w < U; w++) {
            lossProduct[u][w] <== worstLoss[u] * worstLoss[w];
            weightedProduct[u][w] <== correlation[u][w] * lossProduct[u][w];
            form += weightedProduct[u][w];
        }
    }
    signal quadraticForm <== form;
    component root = CeilSqrtScaled(10 ** 6, 84, 190);
    root.in <== quadraticForm;
    aggregate <== root.out;

    // Part 9. The check at the requested level, exactly: E * 1e6 >= k[l] * R + floor[l] * 1e6.
    signal multiplier <== levelMultiplier[0] + level * (levelMultiplier[1] - levelMultiplier[0]);
    signal floorValue <== levelFloor[0] + level * (levelFloor[1] - levelFloor[0]);
    signal required <== multiplier * aggregate;
    component covered = AssertBits(135);
    covered.in <== equity * 10 ** 6 - required - floorValue * 10 ** 6;
}

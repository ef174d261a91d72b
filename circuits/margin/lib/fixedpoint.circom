pragma circom 2.2.0;

// Range checks and exact fixed-point steps for the solvency circuit.
//
// Every value in the circuit is an integer embedded in the BN254 scalar field (p > 2^253);
// a negative integer x is the field element p - |x|. A comparison between field elements means
// nothing until both sides are known to be small integers, so every template here first pins
// its operands' range, then compares a difference by decomposing it into bits: a difference
// that "went negative" is a field element above 2^253 and has no n-bit decomposition for any
// n <= 252 (Num2Bits is unique for n < 254, see circomlib's bitify.circom).
//
// The hints (`<--`) are computed by circom's witness generator with the functions below; each
// template's constraints pin the hint to exactly one value, so the hints are convenience, not
// trust. docs/margin-model.md fixes the rounding of each step.

include "circomlib/circuits/bitify.circom";

// 0 <= in < 2^n.
template AssertBits(n) {
    signal input in;
    component bits = Num2Bits(n);
    bits.in <== in;
}

// -2^n <= in < 2^n: shifted by 2^n it fits n + 1 bits.
template AssertSignedBits(n) {
    signal input in;
    component bits = Num2Bits(n + 1);
    bits.in <== in + 2 ** n;
}

// lo <= in <= hi for constants lo <= hi, with hi - lo < 2^n: two one-sided checks.
template AssertBetween(lo, hi, n) {
    signal input in;
    component above = Num2Bits(n);
    above.in <== in - lo;
    component below = Num2Bits(n);
    below.in <== hi - in;
}

// out = 1 if in == 0 else 0: circomlib's IsZero plus one line. circomlib leaves `inverse`
// free when in == 0 (any value satisfies its two constraints); harmless for the statement, but
// this circuit keeps every signal pinned so that the soundness harness can demand exactly that
// (tests/CrossMargin.Margin.Tests): inverse * out === 0 fixes it to 0 in that case and is
// implied otherwise (out = 0).
template IsZeroPinned() {
    signal input in;
    signal output out;
    signal inverse;

    inverse <-- in != 0 ? 1 / in : 0;
    out <== 1 - in * inverse;
    in * out === 0;
    inverse * out === 0;
}

// out = 1 if in[0] == in[1] else 0, with every signal pinned (see IsZeroPinned).
template IsEqualPinned() {
    signal input in[2];
    signal output out;
    component isZero = IsZeroPinned();
    isZero.in <== in[1] - in[0];
    out <== isZero.out;
}

// Signed integer helpers for hints; circom's relational operators read a field element x as
// x - p when x > p/2, i.e. as the signed integer it encodes.
function signedFloorDiv(x, d) {
    if (x < 0) {
        var magnitude = -x;
        return -((magnitude + d - 1) \ d);
    }
    return x \ d;
}

function signedAbs(x) {
    if (x < 0) { return -x; }
    return x;
}

function maxWithZero(values, n) {
    var best = 0;
    for (var i = 0; i < n; i++) {
        if (values[i] > best) { best = values[i]; }
    }
    return best;
}

// The least s >= 0 with s^2 * scale >= t (0 when t <= 0); s < 2^bits.
function ceilSqrtScaled(t, scale, bits) {
    if (t <= 0) { return 0; }
    var s = 0;
    for (var b = bits - 1; b >= 0; b--) {
        var c = s + 2 ** b;
        if (c * c * scale < t) { s = c; }
    }
    return s + 1;
}

// quotient = floor(in / D) for a signed `in` with |in| < 2^(qBits + dBits - 1), D < 2^dBits:
// in = quotient * D + remainder with 0 <= remainder < D pins the quotient once it is range
// checked (|quotient| * D stays far below p, so the equation holds over the integers).
template FloorDivSigned(D, dBits, qBits) {
    signal input in;
    signal output quotient;
    signal remainder;

    quotient <-- signedFloorDiv(in, D);
    remainder <== in - quotient * D;
    component remainderRange = AssertBetween(0, D - 1, dBits);
    remainderRange.in <== remainder;
    component quotientRange = AssertSignedBits(qBits);
    quotientRange.in <== quotient;
}

// quotient = ceil(in / D) for 0 <= in, with the result required below 2^qBits (beyond it the
// statement fails closed): in = quotient * D - slack with 0 <= slack < D.
template CeilDivUnsigned(D, dBits, qBits) {
    signal input in;
    signal output quotient;
    signal slack;

    quotient <-- (in + D - 1) \ D;
    slack <== quotient * D - in;
    component slackRange = AssertBetween(0, D - 1, dBits);
    slackRange.in <== slack;
    component quotientRange = AssertBits(qBits);
    quotientRange.in <== quotient;
}

// out = |in| for -2^n <= in < 2^n: out is +in or -in, and only one of them fits n + 1 bits
// (for in != 0; for in = 0 both are 0).
template Abs(n) {
    signal input in;
    signal output out;

    out <-- signedAbs(in);
    (out - in) * (out + in) === 0;
    component range = AssertBits(n + 1);
    range.in <== out;
}

// out = the least s >= 0 with s^2 * SCALE >= in, for a signed `in` with |in| < 2^(diffBits - 1)
// and the result below 2^sBits:
//   s^2 * SCALE - in >= 0                      (s is large enough), and
//   s == 0  or  in - (s - 1)^2 * SCALE > 0     (s - 1 is not).
// Both differences fit diffBits bits when they hold.
template CeilSqrtScaled(SCALE, sBits, diffBits) {
    signal input in;
    signal output out;

    out <-- ceilSqrtScaled(in, SCALE, sBits);
    component outRange = AssertBits(sBits);
    outRange.in <== out;

    signal square <== out * out;
    component enough = AssertBits(diffBits);
    enough.in <== square * SCALE - in;

    component isZero = IsZeroPinned();
    isZero.in <== out;
    // (s - 1)^2 = s^2 - 2s + 1; when s == 0 the factor (1 - isZero) switches the check off.
    signal excess <== (1 - isZero.out) * (in - (square - 2 * out + 1) * SCALE - 1);
    component minimal = AssertBits(diffBits);
    minimal.in <== excess;
}

// out = max(0, in[0], ..., in[N-1]) for signed inputs with |in[i]| < 2^(n - 1):
// out is at least every input and 0, and equals one of them (a product of differences that
// vanishes), so it is exactly the maximum.
template MaxWithZero(N, n) {
    signal input in[N];
    signal output out;

    out <-- maxWithZero(in, N);

    component nonNegative = AssertBits(n);
    nonNegative.in <== out;
    component dominates[N];
    signal product[N + 1];
    product[0] <== out;
    for (var i = 0; i < N; i++) {
        dominates[i] = AssertBits(n);
        dominates[i].in <== out - in[i];
        product[i + 1] <== product[i] * (out - in[i]);
    }
    product[N] === 0;
}

using System.Numerics;
using CrossMargin.Field.Bn254;
using CrossMargin.Field.Wide;

namespace CrossMargin.Curves.Bn254;

/// <summary>
/// BN254's G1: y^2 = x^3 + 3 over F_q, generator (1, 2). Its order is the prime r (cofactor
/// one), so every point on the curve is in the subgroup. The GLV endomorphism
/// phi(x, y) = (beta x, y) acts on it as lambda (see <see cref="Bn254Endomorphisms"/>).
/// </summary>
public readonly struct G1Curve : IEndomorphismCurve<Fq, G1Curve>
{
    private static readonly Fq BValue = Fq.FromUInt64(3);
    private static readonly G1Affine GeneratorValue = new(Fq.FromUInt64(1), Fq.FromUInt64(2));

    public static Fq B => BValue;
    public static G1Affine Generator => GeneratorValue;
    public static bool IsInSubgroup(in G1Affine p) => true;
    public static string Name => "BN254 G1";

    /// <summary>phi(X, Y, Z) = (beta X, Y, Z): x = X/Z^2 scales by beta, y is unchanged.</summary>
    public static void Endomorphism(in G1Jacobian p, out G1Jacobian r)
    {
        Fq.Mul(p.X, Bn254Endomorphisms.Beta, out var x);
        r = new G1Jacobian(x, p.Y, p.Z);
    }

    public static GlvDecomposition Decomposition => Bn254Endomorphisms.G1Decomposition;

    static void ICurve<Fq, G1Curve>.AddAffineBatch(Span<AffineXY<Fq>> targets, ReadOnlySpan<int> targetIndex,
        ReadOnlySpan<AffineXY<Fq>> addends, Span<Fq> scratch) =>
        WideAffineBatch.AddInPlace<Fq, FieldBatch<FqParams, Lanes512>, FieldBatch<FqParams, Lanes256>>(targets, targetIndex, addends, scratch);
}

/// <summary>
/// BN254's G2, on the sextic D-twist y^2 = x^3 + 3/(9 + u) over F_q2, with the generator of
/// EIP-197 and snarkjs. The twist's order is r times a large cofactor, so decoded points must
/// pass the subgroup check. The endomorphism psi (untwist-Frobenius-twist) acts on G2 as 6x^2
/// (see <see cref="Bn254Endomorphisms"/>).
/// </summary>
public readonly struct G2Curve : IEndomorphismCurve<Fq2, G2Curve>
{
    private static readonly Fq2 BValue = Element(
        "19485874751759354771024239261021720505790618469301721065564631296452457478373",
        "266929791119991161246907387137283842545076965332900288569378510910307636690");

    private static readonly G2Affine GeneratorValue = new(
        Element("10857046999023057135944570762232829481370756359578518086990519993285655852781",
                "11559732032986387107991004021392285783925812861821192530917403151452391805634"),
        Element("8495653923123431417604973247489272438418190587263600148770280649306958101930",
                "4082367875863433681332203403145435568316851327593401208105741076214120093531"));

    public static Fq2 B => BValue;
    public static G2Affine Generator => GeneratorValue;

    /// <summary>
    /// Whether an on-curve point lies in G2, by
    /// [x+1]P + psi([x]P) + psi^2([x]P) = psi^3([2x]P) for the BN seed x: El Housni, Guillevic,
    /// Piellard, "Co-factor clearing and subgroup membership testing on pairing-friendly curves"
    /// (AFRICACRYPT 2022, eprint 2022/352, sections 3 and 5.1), as gnark-crypto writes it
    /// (ecc/bn254/g2.go, IsInSubGroup). On G2, psi acts as q = 6x^2 (mod r), and
    /// (x + 1) + 6x^2 x + (6x^2)^2 x - 2 (6x^2)^3 x = 0 (mod r), so subgroup points pass; the
    /// paper shows no other point of the twist does. The twist group is cyclic (its order r h' is
    /// squarefree), so psi acts on it as one integer m and the test fails exactly when the
    /// polynomial above, at m, is non-zero modulo some prime factor of h' — the tests check each
    /// of those four primes on a point of that order. One 63-bit scalar multiplication (by x),
    /// three psi maps (a conjugation and an F_q2 product per coordinate) and four additions,
    /// where the earlier psi(P) = [6x^2]P needed a 127-bit one and the 254-bit r P of
    /// <see cref="IsInSubgroupPlain"/> twice that again.
    /// </summary>
    public static bool IsInSubgroup(in G2Affine p)
    {
        if (p.IsInfinity) return true;
        var jacobian = p.ToJacobian();
        var xP = ScalarMultiplication.MultiplyWnaf(jacobian, Bn254Endomorphisms.SeedLimbs);
        Endomorphism(xP, out var psiXP);
        Endomorphism(psiXP, out var psi2XP);
        Endomorphism(psi2XP, out var psi3XP);
        G2Jacobian.Double(psi3XP, out var right);
        G2Jacobian.Add(xP, jacobian, out var left);
        G2Jacobian.Add(left, psiXP, out left);
        G2Jacobian.Add(left, psi2XP, out left);
        return left.Equals(right);
    }

    static void ICurve<Fq2, G2Curve>.AddAffineBatch(Span<AffineXY<Fq2>> targets, ReadOnlySpan<int> targetIndex,
        ReadOnlySpan<AffineXY<Fq2>> addends, Span<Fq2> scratch) =>
        WideAffineBatch.AddInPlace<Fq2, QuadraticBatch<FqParams, Fq2Params, Lanes512>, QuadraticBatch<FqParams, Fq2Params, Lanes256>>(
            targets, targetIndex, addends, scratch);

    /// <summary>r P = O, by plain double-and-add: the reference <see cref="IsInSubgroup"/> is tested against.</summary>
    public static bool IsInSubgroupPlain(in G2Affine p) =>
        p.IsInfinity || G2Jacobian.MultiplyPlain(p.ToJacobian(), Fr.Modulus).IsInfinity;

    public static string Name => "BN254 G2";

    /// <summary>
    /// psi(X, Y, Z) = (conj(X) cx, conj(Y) cy, conj(Z)): conjugation (the q-power Frobenius) is a
    /// field automorphism, so it commutes with the division by Z^2 and Z^3.
    /// </summary>
    public static void Endomorphism(in G2Jacobian p, out G2Jacobian r)
    {
        Fq2.Conjugate(p.X, out var x);
        Fq2.Mul(x, Bn254Endomorphisms.PsiCoefficientX, out x);
        Fq2.Conjugate(p.Y, out var y);
        Fq2.Mul(y, Bn254Endomorphisms.PsiCoefficientY, out y);
        Fq2.Conjugate(p.Z, out var z);
        r = new G2Jacobian(x, y, z);
    }

    public static GlvDecomposition Decomposition => Bn254Endomorphisms.G2Decomposition;

    private static Fq2 Element(string c0, string c1) =>
        new(Fq.FromBigInteger(BigInteger.Parse(c0)), Fq.FromBigInteger(BigInteger.Parse(c1)));
}

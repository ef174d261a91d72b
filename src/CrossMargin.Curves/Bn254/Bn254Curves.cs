using System.Numerics;

namespace CrossMargin.Curves.Bn254;

/// <summary>
/// BN254's G1: y^2 = x^3 + 3 over F_q, generator (1, 2). Its order is the prime r (cofactor
/// one), so every point on the curve is in the subgroup.
/// </summary>
public readonly struct G1Curve : ICurve<Fq, G1Curve>
{
    private static readonly Fq BValue = Fq.FromUInt64(3);
    private static readonly G1Affine GeneratorValue = new(Fq.FromUInt64(1), Fq.FromUInt64(2));

    public static Fq B => BValue;
    public static G1Affine Generator => GeneratorValue;
    public static bool IsInSubgroup(in G1Affine p) => true;
    public static string Name => "BN254 G1";
}

/// <summary>
/// BN254's G2, on the sextic D-twist y^2 = x^3 + 3/(9 + u) over F_q2, with the generator of
/// EIP-197 and snarkjs. The twist's order is r times a large cofactor, so decoded points must
/// pass the subgroup check.
/// </summary>
public readonly struct G2Curve : ICurve<Fq2, G2Curve>
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

    /// <summary>r * p = O, by the plain double-and-add (the reference check).</summary>
    public static bool IsInSubgroup(in G2Affine p) =>
        G2Jacobian.MultiplyPlain(p.ToJacobian(), Fr.Modulus).IsInfinity;

    public static string Name => "BN254 G2";

    private static Fq2 Element(string c0, string c1) =>
        new(Fq.FromBigInteger(BigInteger.Parse(c0)), Fq.FromBigInteger(BigInteger.Parse(c1)));
}

using System.Numerics;
using BenchmarkDotNet.Attributes;
using CrossMargin.Curves;
using CrossMargin.Curves.Bn254;

namespace CrossMargin.Bench;

/// <summary>
/// BN254 scalar multiplication (GLV/GLS and width-5 NAF against the plain double-and-add) and the
/// G2 subgroup test (psi(P) = [6x^2]P against r P = O), one full-size random scalar each.
/// </summary>
public class CurveBenchmarks
{
    private G1Affine _g1;
    private G2Affine _g2;
    private Fr _k;
    private BigInteger _kInteger;

    /// <summary>A scalar with ordinary bit statistics (an all-ones scalar would flatter the NAF methods).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _kInteger = BigInteger.Parse("9516734829012384765019283746501928374650192837465019283746501928374650192837") % Fr.Modulus;
        _k = Fr.FromBigInteger(_kInteger);
        _g1 = G1Jacobian.MultiplyPlain(G1Curve.Generator.ToJacobian(), 1234567).ToAffine();
        _g2 = G2Jacobian.MultiplyPlain(G2Curve.Generator.ToJacobian(), 7654321).ToAffine();
    }

    [Benchmark]
    public G1Jacobian G1MultiplyGlv() => Bn254ScalarMultiplication.Multiply(_g1, _k);

    [Benchmark]
    public G1Jacobian G1MultiplyWnaf() => ScalarMultiplication.MultiplyWnaf(_g1.ToJacobian(), _kInteger);

    [Benchmark]
    public G1Jacobian G1MultiplyPlain() => G1Jacobian.MultiplyPlain(_g1.ToJacobian(), _kInteger);

    [Benchmark]
    public G2Jacobian G2MultiplyGls() => Bn254ScalarMultiplication.Multiply(_g2, _k);

    [Benchmark]
    public G2Jacobian G2MultiplyWnaf() => ScalarMultiplication.MultiplyWnaf(_g2.ToJacobian(), _kInteger);

    [Benchmark]
    public G2Jacobian G2MultiplyPlain() => G2Jacobian.MultiplyPlain(_g2.ToJacobian(), _kInteger);

    [Benchmark]
    public bool G2SubgroupCheckFast() => G2Curve.IsInSubgroup(_g2);

    [Benchmark]
    public bool G2SubgroupCheckPlain() => G2Curve.IsInSubgroupPlain(_g2);
}

using System.Numerics;
using BenchmarkDotNet.Attributes;
using CrossMargin.Curves.Bn254;

namespace CrossMargin.Bench;

/// <summary>
/// BN254's optimal ate pairing: one pairing, products of 2 and 4 pairings (one shared Miller
/// loop and one final exponentiation, so the cost of each extra pair is the difference), the
/// two halves alone, and the F_q12 operations they are made of (the product, the cyclotomic
/// square of the final exponentiation).
/// </summary>
public class PairingBenchmarks
{
    private readonly G1Affine[] _p = new G1Affine[4];
    private readonly G2Affine[] _q = new G2Affine[4];
    private Fq12 _millerValue;
    private Fq12 _cyclotomic;

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < 4; i++)
        {
            var a = BigInteger.Parse("1234567890123456789012345678901234567") * (i + 3);
            var b = BigInteger.Parse("9876543210987654321098765432109876543") * (i + 5);
            _p[i] = G1Jacobian.MultiplyPlain(G1Curve.Generator.ToJacobian(), a).ToAffine();
            _q[i] = G2Jacobian.MultiplyPlain(G2Curve.Generator.ToJacobian(), b).ToAffine();
        }
        _millerValue = Bn254Pairing.MillerLoop(_p.AsSpan(0, 1), _q.AsSpan(0, 1));
        _cyclotomic = Bn254Pairing.Pair(_p[1], _q[1]);
    }

    [Benchmark]
    public Fq12 Pair() => Bn254Pairing.Pair(_p[0], _q[0]);

    [Benchmark]
    public bool ProductOf2() => Bn254Pairing.PairingProductIsOne(_p.AsSpan(0, 2), _q.AsSpan(0, 2));

    [Benchmark]
    public bool ProductOf4() => Bn254Pairing.PairingProductIsOne(_p, _q);

    [Benchmark]
    public Fq12 MillerLoop() => Bn254Pairing.MillerLoop(_p.AsSpan(0, 1), _q.AsSpan(0, 1));

    [Benchmark]
    public Fq12 FinalExponentiation() => Bn254Pairing.FinalExponentiation(_millerValue);

    [Benchmark]
    public Fq12 Fq12Mul()
    {
        Fq12.Mul(_millerValue, _cyclotomic, out var product);
        return product;
    }

    [Benchmark]
    public Fq12 Fq12CyclotomicSquare()
    {
        Fq12.CyclotomicSquare(_cyclotomic, out var square);
        return square;
    }
}

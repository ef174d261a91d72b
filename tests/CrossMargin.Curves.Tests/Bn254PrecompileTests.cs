using System.Numerics;
using System.Text.Json;
using CrossMargin.Curves.Bn254;
using CrossMargin.Curves.Encodings;
using CrossMargin.Curves.Evm;
using CrossMargin.Testing;
using Xunit;
using static CrossMargin.Curves.Tests.CurveTestData;
using static CrossMargin.Curves.Tests.EncodingTestData;

namespace CrossMargin.Curves.Tests;

/// <summary>ecAdd (0x06) and ecMul (0x07) against go-ethereum's vectors, and the ecPairing (0x08) input decoder.</summary>
public class Bn254PrecompileTests
{
    private sealed record Vector(string Name, byte[] Input, byte[] Expected);

    private static List<Vector> Load(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(RepoLayout.Vectors("evm", file)));
        return doc.RootElement.EnumerateArray()
            .Select(e => new Vector(
                e.GetProperty("Name").GetString()!,
                Convert.FromHexString(e.GetProperty("Input").GetString()!),
                Convert.FromHexString(e.GetProperty("Expected").GetString()!)))
            .ToList();
    }

    public static TheoryData<string> AddVectors() => [.. Load("bn256Add.json").Select(v => v.Name)];
    public static TheoryData<string> ScalarMulVectors() => [.. Load("bn256ScalarMul.json").Select(v => v.Name)];
    public static TheoryData<string> PairingVectors() => [.. Load("bn256Pairing.json").Select(v => v.Name)];

    [Theory]
    [MemberData(nameof(AddVectors))]
    public void Add_MatchesGethVector(string name)
    {
        var vector = Load("bn256Add.json").Single(v => v.Name == name);
        Assert.Equal(Convert.ToHexString(vector.Expected), Convert.ToHexString(Bn254Precompiles.Add(vector.Input)));
    }

    [Theory]
    [MemberData(nameof(ScalarMulVectors))]
    public void ScalarMul_MatchesGethVector(string name)
    {
        var vector = Load("bn256ScalarMul.json").Single(v => v.Name == name);
        Assert.Equal(Convert.ToHexString(vector.Expected), Convert.ToHexString(Bn254Precompiles.ScalarMul(vector.Input)));
    }

    [Theory]
    [MemberData(nameof(PairingVectors))]
    public void Pairing_MatchesGethVector(string name)
    {
        var vector = Load("bn256Pairing.json").Single(v => v.Name == name);
        Assert.Equal(Convert.ToHexString(vector.Expected), Convert.ToHexString(Bn254Precompiles.Pairing(vector.Input)));
    }

    [Fact]
    public void Pairing_OfMismatchedPairs_IsZero_AndOfNoPairsIsOne()
    {
        var input = Load("bn256Pairing.json").Single(v => v.Name == "two_point_match_2").Input;
        Assert.Equal(1, Bn254Precompiles.Pairing(input)[31]);
        // Doubling the first G1 point breaks the product.
        var broken = (byte[])input.Clone();
        var first = EvmPointEncoding.ReadG1(input.AsSpan(0, 64));
        EvmPointEncoding.WriteG1(Bn254ScalarMultiplication.Multiply(first, 2).ToAffine(), broken);
        Assert.Equal(new byte[32], Bn254Precompiles.Pairing(broken));
        Assert.Equal(1, Bn254Precompiles.Pairing([])[31]);
        Assert.Throws<PrecompileInputException>(() => Bn254Precompiles.Pairing(new byte[191]));
    }

    [Theory]
    [MemberData(nameof(PairingVectors))]
    public void PairingInput_OfEveryGethVector_Decodes(string name)
    {
        var vector = Load("bn256Pairing.json").Single(v => v.Name == name);
        var decoded = Bn254Precompiles.DecodePairingInput(vector.Input);
        Assert.Equal(vector.Input.Length / 192, decoded.Count);
        for (var i = 0; i < decoded.Count; i++)
        {
            Assert.True(decoded.G1[i].IsOnCurve);
            Assert.True(G2Curve.IsInSubgroupPlain(decoded.G2[i]));
            // Re-encoding gives the input back.
            var chunk = new byte[192];
            EvmPointEncoding.WriteG1(decoded.G1[i], chunk);
            EvmPointEncoding.WriteG2(decoded.G2[i], chunk.AsSpan(64));
            Assert.Equal(vector.Input.AsSpan(192 * i, 192).ToArray(), chunk);
        }
    }

    [Fact]
    public void Add_PadsShortInput_AndIgnoresBytesBeyond128()
    {
        var g = new byte[64];
        EvmPointEncoding.WriteG1(G1Curve.Generator, g);
        // G + (nothing): the second point pads to infinity.
        Assert.Equal(g, Bn254Precompiles.Add(g));
        // Garbage after byte 128 is never read.
        var input = g.Concat(g).Concat(Enumerable.Repeat((byte)0xFF, 50)).ToArray();
        var twoG = new byte[64];
        EvmPointEncoding.WriteG1(G1Jacobian.MultiplyPlain(G1Curve.Generator.ToJacobian(), 2).ToAffine(), twoG);
        Assert.Equal(twoG, Bn254Precompiles.Add(input));
        // P + (-P) = infinity.
        var minusG = new byte[64];
        EvmPointEncoding.WriteG1(G1Curve.Generator.Negate(), minusG);
        Assert.Equal(new byte[64], Bn254Precompiles.Add(g.Concat(minusG).ToArray()));
    }

    [Fact]
    public void Add_RejectsNonCanonicalAndOffCurvePoints_AtTheirOffset()
    {
        var g = new byte[64];
        EvmPointEncoding.WriteG1(G1Curve.Generator, g);
        var withQ = g.Concat(QBigEndian).Concat(new byte[32]).ToArray();
        var e = Assert.Throws<PrecompileInputException>(() => Bn254Precompiles.Add(withQ));
        Assert.Equal(PointEncodingError.NonCanonicalCoordinate, e.Error);
        Assert.Equal(64, e.Offset);
        Assert.Contains("ecAdd", e.Message);

        var offCurve = (byte[])g.Clone();
        offCurve[63] = 3;
        e = Assert.Throws<PrecompileInputException>(() => Bn254Precompiles.Add(offCurve.Concat(g).ToArray()));
        Assert.Equal(PointEncodingError.NotOnCurve, e.Error);
        Assert.Equal(0, e.Offset);

        // Truncated input pads y with zeros: (1, 0) is not on the curve.
        e = Assert.Throws<PrecompileInputException>(() => Bn254Precompiles.Add(g.AsSpan(0, 40)));
        Assert.Equal(PointEncodingError.NotOnCurve, e.Error);
    }

    [Fact]
    public void ScalarMul_TakesAny256BitScalar_AndMatchesThePlainMultiple()
    {
        var random = new Random(91);
        var p = RandomG1(random);
        foreach (var s in new[] { BigInteger.Zero, BigInteger.One, R - 1, R, R + 1, (BigInteger.One << 256) - 1, RandomBelow(random, BigInteger.One << 256) })
        {
            var input = new byte[96];
            EvmPointEncoding.WriteG1(p, input);
            BigEndian32(s).CopyTo(input, 64);
            var expected = new byte[64];
            EvmPointEncoding.WriteG1(G1Jacobian.MultiplyPlain(p.ToJacobian(), s).ToAffine(), expected);
            Assert.Equal(expected, Bn254Precompiles.ScalarMul(input));
        }
    }

    [Fact]
    public void ScalarMul_RejectsBadPoints_AndPadsShortInput()
    {
        var input = new byte[96];
        QBigEndian.CopyTo(input, 32);
        input[31] = 1;
        var e = Assert.Throws<PrecompileInputException>(() => Bn254Precompiles.ScalarMul(input));
        Assert.Equal(PointEncodingError.NonCanonicalCoordinate, e.Error);
        Assert.Equal(32, e.Offset);

        input[32..].AsSpan().Clear();
        input[63] = 3;
        Assert.Equal(PointEncodingError.NotOnCurve, Assert.Throws<PrecompileInputException>(() => Bn254Precompiles.ScalarMul(input)).Error);

        // The generator with the scalar missing entirely: s = 0, the result is infinity.
        var g = new byte[64];
        EvmPointEncoding.WriteG1(G1Curve.Generator, g);
        Assert.Equal(new byte[64], Bn254Precompiles.ScalarMul(g));
        Assert.Equal(new byte[64], Bn254Precompiles.ScalarMul([]));
    }

    [Fact]
    public void PairingInput_EmptyIsZeroPairs_AndInfinityIsAllowed()
    {
        Assert.Equal(0, Bn254Precompiles.DecodePairingInput([]).Count);
        var decoded = Bn254Precompiles.DecodePairingInput(new byte[192]);
        Assert.True(decoded.G1[0].IsInfinity && decoded.G2[0].IsInfinity);
    }

    [Fact]
    public void PairingInput_RejectsBadLengthsAndPoints_AtTheirOffset()
    {
        var valid = Load("bn256Pairing.json").Single(v => v.Name == "jeff1").Input;
        foreach (var length in new[] { 1, 191, 193, 383 })
        {
            var e = Assert.Throws<PrecompileInputException>(() => Bn254Precompiles.DecodePairingInput(valid.AsSpan(0, length)));
            Assert.Equal(PointEncodingError.WrongLength, e.Error);
        }

        // Second pair's G1 y = q.
        var bad = (byte[])valid.Clone();
        QBigEndian.CopyTo(bad, 192 + 32);
        var error = Assert.Throws<PrecompileInputException>(() => Bn254Precompiles.DecodePairingInput(bad));
        Assert.Equal(PointEncodingError.NonCanonicalCoordinate, error.Error);
        Assert.Equal(192 + 32, error.Offset);

        // Second pair's G2 x.c0 = q.
        bad = (byte[])valid.Clone();
        QBigEndian.CopyTo(bad, 192 + 64 + 32);
        error = Assert.Throws<PrecompileInputException>(() => Bn254Precompiles.DecodePairingInput(bad));
        Assert.Equal(PointEncodingError.NonCanonicalCoordinate, error.Error);
        Assert.Equal(192 + 64 + 32, error.Offset);

        // First pair's G2 off the twist.
        bad = (byte[])valid.Clone();
        bad[191] ^= 1;
        error = Assert.Throws<PrecompileInputException>(() => Bn254Precompiles.DecodePairingInput(bad));
        Assert.Equal(PointEncodingError.NotOnCurve, error.Error);
        Assert.Equal(64, error.Offset);

        // First pair's G2 on the twist but outside G2.
        bad = (byte[])valid.Clone();
        var outside = RandomTwistPoint(new Random(92));
        outside.X.C1.WriteBigEndian(bad.AsSpan(64));
        outside.X.C0.WriteBigEndian(bad.AsSpan(96));
        outside.Y.C1.WriteBigEndian(bad.AsSpan(128));
        outside.Y.C0.WriteBigEndian(bad.AsSpan(160));
        error = Assert.Throws<PrecompileInputException>(() => Bn254Precompiles.DecodePairingInput(bad));
        Assert.Equal(PointEncodingError.NotInSubgroup, error.Error);
        Assert.Equal(64, error.Offset);
    }
}

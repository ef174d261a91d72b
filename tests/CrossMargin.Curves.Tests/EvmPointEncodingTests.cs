using System.Numerics;
using CrossMargin.Curves.Bn254;
using CrossMargin.Curves.Encodings;
using Xunit;
using static CrossMargin.Curves.Tests.CurveTestData;
using static CrossMargin.Curves.Tests.EncodingTestData;

namespace CrossMargin.Curves.Tests;

public class EvmPointEncodingTests
{
    [Fact]
    public void G1_And_G2_RoundTrip_IncludingInfinity()
    {
        var random = new Random(61);
        var g1Points = new[] { G1Affine.Infinity, G1Curve.Generator, G1Curve.Generator.Negate(), RandomG1(random) };
        var buffer = new byte[EvmPointEncoding.G1Size];
        foreach (var p in g1Points)
        {
            EvmPointEncoding.WriteG1(p, buffer);
            Assert.Equal(p, EvmPointEncoding.ReadG1(buffer));
            Assert.True(EvmPointEncoding.TryReadG1(buffer, out var q));
            Assert.Equal(p, q);
        }
        var g2Points = new[] { G2Affine.Infinity, G2Curve.Generator, G2Curve.Generator.Negate(), RandomG2(random) };
        var buffer2 = new byte[EvmPointEncoding.G2Size];
        foreach (var p in g2Points)
        {
            EvmPointEncoding.WriteG2(p, buffer2);
            Assert.Equal(p, EvmPointEncoding.ReadG2(buffer2));
            Assert.True(EvmPointEncoding.TryReadG2(buffer2, out var q));
            Assert.Equal(p, q);
        }
    }

    [Fact]
    public void Infinity_IsAllZeroBytes()
    {
        var g1 = Enumerable.Repeat((byte)0xAA, 64).ToArray();
        EvmPointEncoding.WriteG1(G1Affine.Infinity, g1);
        Assert.All(g1, b => Assert.Equal(0, b));
        var g2 = Enumerable.Repeat((byte)0xAA, 128).ToArray();
        EvmPointEncoding.WriteG2(G2Affine.Infinity, g2);
        Assert.All(g2, b => Assert.Equal(0, b));
    }

    [Fact]
    public void G2Generator_IsWrittenImaginaryPartFirst_AsInEip197()
    {
        var bytes = new byte[128];
        EvmPointEncoding.WriteG2(G2Curve.Generator, bytes);
        var words = Enumerable.Range(0, 4).Select(i => new BigInteger(bytes.AsSpan(32 * i, 32), isUnsigned: true, isBigEndian: true)).ToArray();
        Assert.Equal(BigInteger.Parse("11559732032986387107991004021392285783925812861821192530917403151452391805634"), words[0]);
        Assert.Equal(BigInteger.Parse("10857046999023057135944570762232829481370756359578518086990519993285655852781"), words[1]);
        Assert.Equal(BigInteger.Parse("4082367875863433681332203403145435568316851327593401208105741076214120093531"), words[2]);
        Assert.Equal(BigInteger.Parse("8495653923123431417604973247489272438418190587263600148770280649306958101930"), words[3]);
    }

    [Fact]
    public void Readers_RejectWrongLengths()
    {
        foreach (var length in new[] { 0, 63, 65, 128 })
        {
            var e = Assert.Throws<PointEncodingException>(() => EvmPointEncoding.ReadG1(new byte[length]));
            Assert.Equal(PointEncodingError.WrongLength, e.Error);
            Assert.False(EvmPointEncoding.TryReadG1(new byte[length], out _));
        }
        foreach (var length in new[] { 0, 64, 127, 129 })
        {
            var e = Assert.Throws<PointEncodingException>(() => EvmPointEncoding.ReadG2(new byte[length]));
            Assert.Equal(PointEncodingError.WrongLength, e.Error);
        }
    }

    [Fact]
    public void G1Reader_RejectsQAndAliasesAboveQ_AndNamesTheByte()
    {
        // x = q itself.
        var bytes = new byte[64];
        QBigEndian.CopyTo(bytes, 0);
        bytes[63] = 2;
        var e = Assert.Throws<PointEncodingException>(() => EvmPointEncoding.ReadG1(bytes, offset: 1000));
        Assert.Equal(PointEncodingError.NonCanonicalCoordinate, e.Error);
        Assert.Equal(1000, e.ByteOffset);

        // (q + 1, 2) and (1, q + 2) are the generator modulo q, and still rejected.
        BigEndian32(Q + 1).CopyTo(bytes, 0);
        e = Assert.Throws<PointEncodingException>(() => EvmPointEncoding.ReadG1(bytes));
        Assert.Equal(0, e.ByteOffset);
        EvmPointEncoding.WriteG1(G1Curve.Generator, bytes);
        BigEndian32(Q + 2).CopyTo(bytes, 32);
        e = Assert.Throws<PointEncodingException>(() => EvmPointEncoding.ReadG1(bytes));
        Assert.Equal(PointEncodingError.NonCanonicalCoordinate, e.Error);
        Assert.Equal(32, e.ByteOffset);
        Assert.False(EvmPointEncoding.TryReadG1(bytes, out _));
    }

    [Fact]
    public void G1Reader_RejectsPointsOffTheCurve()
    {
        var bytes = new byte[64];
        bytes[31] = 1;
        bytes[63] = 3; // (1, 3): 9 != 1 + 3
        var e = Assert.Throws<PointEncodingException>(() => EvmPointEncoding.ReadG1(bytes));
        Assert.Equal(PointEncodingError.NotOnCurve, e.Error);
        // (0, 0) is infinity, but (0, y) for y != 0 is an ordinary, here invalid, point.
        Array.Clear(bytes);
        bytes[63] = 1;
        Assert.Equal(PointEncodingError.NotOnCurve, Assert.Throws<PointEncodingException>(() => EvmPointEncoding.ReadG1(bytes)).Error);
    }

    [Fact]
    public void G2Reader_RejectsNonCanonicalCoordinates_AtEachPosition()
    {
        var bytes = new byte[128];
        for (var word = 0; word < 4; word++)
        {
            EvmPointEncoding.WriteG2(G2Curve.Generator, bytes);
            QBigEndian.CopyTo(bytes, 32 * word);
            var e = Assert.Throws<PointEncodingException>(() => EvmPointEncoding.ReadG2(bytes));
            Assert.Equal(PointEncodingError.NonCanonicalCoordinate, e.Error);
            Assert.Equal(32 * word, e.ByteOffset);
        }
    }

    [Fact]
    public void G2Reader_RejectsPointsOffTheTwist_AndOffTheSubgroup()
    {
        var bytes = new byte[128];
        EvmPointEncoding.WriteG2(G2Curve.Generator, bytes);
        bytes[127] ^= 1;
        Assert.Equal(PointEncodingError.NotOnCurve, Assert.Throws<PointEncodingException>(() => EvmPointEncoding.ReadG2(bytes)).Error);

        // A twist point outside G2, in the EVM layout.
        var outside = RandomTwistPoint(new Random(62));
        outside.X.C1.WriteBigEndian(bytes);
        outside.X.C0.WriteBigEndian(bytes.AsSpan(32));
        outside.Y.C1.WriteBigEndian(bytes.AsSpan(64));
        outside.Y.C0.WriteBigEndian(bytes.AsSpan(96));
        var e = Assert.Throws<PointEncodingException>(() => EvmPointEncoding.ReadG2(bytes));
        Assert.Equal(PointEncodingError.NotInSubgroup, e.Error);
        Assert.False(EvmPointEncoding.TryReadG2(bytes, out _));
    }
}

using System.Numerics;
using Xunit;

namespace CrossMargin.Field.Tests;

public class EncodingTests
{
    private static IEnumerable<BigInteger> Values() => PrimeFieldLaws<Fq>.SpecialValues();

    [Fact]
    public void BigEndian_RoundTrips_AndMatchesBigIntegerBytes()
    {
        Span<byte> bytes = stackalloc byte[32];
        foreach (var x in Values())
        {
            Fq.FromBigInteger(x).WriteBigEndian(bytes);
            Assert.Equal(x, new BigInteger(bytes, isUnsigned: true, isBigEndian: true));
            Assert.True(Fq.TryReadBigEndian(bytes, out var back));
            Assert.Equal(x, back.ToBigInteger());
        }
    }

    [Fact]
    public void LittleEndian_RoundTrips_AndMatchesBigIntegerBytes()
    {
        Span<byte> bytes = stackalloc byte[32];
        foreach (var x in Values())
        {
            Fr.FromBigInteger(x).WriteLittleEndian(bytes);
            Assert.Equal(x % Fr.Modulus, new BigInteger(bytes, isUnsigned: true, isBigEndian: false));
            Assert.True(Fr.TryReadLittleEndian(bytes, out var back));
            Assert.Equal(x % Fr.Modulus, back.ToBigInteger());
        }
    }

    [Fact]
    public void MontgomeryLittleEndian_IsValueTimesTwoTo256_ModP()
    {
        Span<byte> bytes = stackalloc byte[32];
        foreach (var x in Values())
        {
            var a = Fq.FromBigInteger(x);
            a.WriteMontgomeryLittleEndian(bytes);
            Assert.Equal((x << 256) % Fq.Modulus, new BigInteger(bytes, isUnsigned: true, isBigEndian: false));
            Assert.True(Fq.TryReadMontgomeryLittleEndian(bytes, out var back));
            Assert.Equal(a, back);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(12345)]
    public void NonCanonicalValues_AreRejected_ByEveryReader(int offset)
    {
        var big = Fq.Modulus + offset;
        var be = big.ToByteArray(isUnsigned: true, isBigEndian: true);
        var le = big.ToByteArray(isUnsigned: true, isBigEndian: false);
        Assert.False(Fq.TryReadBigEndian(be, out _));
        Assert.False(Fq.TryReadLittleEndian(le, out _));
        Assert.False(Fq.TryReadMontgomeryLittleEndian(le, out _));
        var max = Enumerable.Repeat((byte)0xff, 32).ToArray();
        Assert.False(Fq.TryReadBigEndian(max, out _));
        Assert.False(Fr.TryReadLittleEndian(max, out _));
    }
}

using Xunit;

namespace CrossMargin.Poly.Tests;

public class BitReversalTests
{
    [Fact]
    public void Reverse_MatchesABitByBitReversal()
    {
        var random = new Random(1);
        for (var bits = 0; bits <= 31; bits++)
        {
            for (var trial = 0; trial < 50; trial++)
            {
                var i = bits == 0 ? 0 : (int)(random.NextInt64(0, 1L << bits));
                var expected = 0;
                for (var b = 0; b < bits; b++) expected |= ((i >> b) & 1) << (bits - 1 - b);
                Assert.Equal(expected, BitReversal.Reverse(i, bits));
            }
        }
    }

    /// <summary>Sizes below, at and above the tiled path's minimum (2^8), with a self-paired middle and not.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(12)]
    [InlineData(13)]
    public void TiledPermutation_MatchesPlainSwaps_AndIsAnInvolution(int logSize)
    {
        var n = 1 << logSize;
        var tiled = Enumerable.Range(0, n).ToArray();
        BitReversal.Permute<int>(tiled);
        for (var i = 0; i < n; i++) Assert.Equal(BitReversal.Reverse(i, logSize), tiled[i]);
        var plain = Enumerable.Range(0, n).ToArray();
        BitReversal.PermutePlain<int>(plain);
        Assert.Equal(plain, tiled);
        BitReversal.Permute<int>(tiled);
        Assert.Equal(Enumerable.Range(0, n), tiled);
    }
}

using CrossMargin.Field;
using Xunit;
using static CrossMargin.Poly.Tests.PlainPolynomial;

namespace CrossMargin.Poly.Tests;

/// <summary>
/// The butterfly runs and cache blocks of <see cref="NttKernels{T}"/> in the native kernel against
/// their C# twins, bit for bit: the IFMA ones where the processor has IFMA, and then the four-limb
/// ones too, called directly. Where the kernel is not loaded both sides are the C#, and the
/// transforms' own tests (against Horner's rule) cover that path.
/// </summary>
public unsafe class NttKernelTwinTests
{
    private const int Scratch = NttKernels<Fr>.TwiddleRun;

    [Fact]
    public void Butterflies_RunInTheNativeKernel_ExactlyWhereItIsLoaded_OnIfmaWhereThatIs()
    {
        Assert.Equal(NativeKernel.IsLoaded, NttKernels<Fr>.UsesNativeKernel);
        Assert.Equal(NativeKernel.HasIfma, NttKernels<Fr>.UsesIfma);
    }

    /// <summary>0, 1, -1, 2 and -2 among seeded random elements: the sums that wrap and the differences that borrow.</summary>
    private static Fr[] Elements(int length, int seed)
    {
        var values = Random<Fr>(length, seed);
        Fr[] special = [Fr.Zero, Fr.One, -Fr.One, Fr.One + Fr.One, -(Fr.One + Fr.One)];
        var random = new Random(seed);
        for (var i = 0; i < length; i += 3) values[i] = special[random.Next(special.Length)];
        return values;
    }

    /// <summary>Runs from twiddle 0 (whose product is skipped) and from further in, with strides of the whole-array stages: (count, j0, stride).</summary>
    private static readonly (int Count, int J0, int Stride)[] RunShapes =
        [(1, 0, 1), (2, 0, 1), (7, 0, 1), (64, 0, 1), (65, 0, 4), (33, 31, 2), (512, 512, 8), (5, 3, 1), (24, 5, 1), (17, 0, 1)];

    /// <summary>Every run shape, forward and inverse.</summary>
    public static TheoryData<int, int, int, bool> DifRuns()
    {
        var runs = new TheoryData<int, int, int, bool>();
        foreach (var (count, j0, stride) in RunShapes)
        {
            runs.Add(count, j0, stride, false);
            runs.Add(count, j0, stride, true);
        }
        return runs;
    }

    /// <summary>Every run shape (DIT runs are forward only).</summary>
    public static TheoryData<int, int, int> DitRuns()
    {
        var runs = new TheoryData<int, int, int>();
        foreach (var (count, j0, stride) in RunShapes) runs.Add(count, j0, stride);
        return runs;
    }

    [Theory]
    [MemberData(nameof(DifRuns))]
    public void DifButterflies_InTheNativeKernel_EqualTheCSharpTwin(int count, int j0, int stride, bool inverse)
    {
        var table = Elements((j0 + count) * stride + 3, seed: 10 + count);
        var lo = Elements(count, seed: 20 + j0);
        var hi = Elements(count, seed: 30 + stride);
        var (expectedLo, expectedHi) = (lo.ToArray(), hi.ToArray());
        NttKernels<Fr>.DifButterfliesManaged(expectedLo, expectedHi, j0, table, stride, inverse, new Fr[Scratch]);
        var (fourLimbLo, fourLimbHi) = (lo.ToArray(), hi.ToArray());
        NttKernels<Fr>.DifButterflies(lo, hi, j0, table, stride, inverse, new Fr[Scratch]);
        Assert.Equal(expectedLo, lo);
        Assert.Equal(expectedHi, hi);
        if (!NttKernels<Fr>.UsesIfma) return;
        // Where the runs above were the IFMA ones, the four-limb runs (their tails and short stages) too.
        fixed (Fr* u = fourLimbLo, v = fourLimbHi, w = table)
            NativeKernel.FpDifButterflies((ulong*)u, (ulong*)v, (ulong)count, (ulong*)w, (ulong)table.Length, (ulong)j0, (ulong)stride, inverse ? 1 : 0, NativeModulus<CrossMargin.Field.Bn254.FrParams>.Parameters);
        Assert.Equal(expectedLo, fourLimbLo);
        Assert.Equal(expectedHi, fourLimbHi);
    }

    [Theory]
    [MemberData(nameof(DitRuns))]
    public void DitButterflies_InTheNativeKernel_EqualTheCSharpTwin(int count, int j0, int stride)
    {
        var table = Elements((j0 + count) * stride + 1, seed: 40 + count);
        var lo = Elements(count, seed: 50 + j0);
        var hi = Elements(count, seed: 60 + stride);
        var (expectedLo, expectedHi) = (lo.ToArray(), hi.ToArray());
        NttKernels<Fr>.DitButterfliesManaged(expectedLo, expectedHi, j0, table, stride, new Fr[Scratch]);
        var (fourLimbLo, fourLimbHi) = (lo.ToArray(), hi.ToArray());
        NttKernels<Fr>.DitButterflies(lo, hi, j0, table, stride, new Fr[Scratch]);
        Assert.Equal(expectedLo, lo);
        Assert.Equal(expectedHi, hi);
        if (!NttKernels<Fr>.UsesIfma) return;
        fixed (Fr* u = fourLimbLo, v = fourLimbHi, w = table)
            NativeKernel.FpDitButterflies((ulong*)u, (ulong*)v, (ulong)count, (ulong*)w, (ulong)j0, (ulong)stride, NativeModulus<CrossMargin.Field.Bn254.FrParams>.Parameters);
        Assert.Equal(expectedLo, fourLimbLo);
        Assert.Equal(expectedHi, fourLimbHi);
    }

    /// <summary>Every block length up to the cache block, on a real domain's compact twiddles.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(10)]
    public void Blocks_InTheNativeKernel_EqualTheCSharpTwin(int logLength)
    {
        var length = 1 << logLength;
        var domain = EvaluationDomain<Fr>.OfLogSize(Math.Max(logLength, 12));
        var twiddles = new Fr[domain.Size / 2];
        var w = Fr.One;
        for (var t = 0; t < twiddles.Length; t++)
        {
            twiddles[t] = w;
            w *= domain.Generator;
        }
        var compact = NttKernels<Fr>.BlockTwiddles(twiddles, length);
        foreach (var inverse in new[] { false, true })
        {
            var block = Elements(length, seed: 70 + logLength);
            var expected = block.ToArray();
            var fourLimb = block.ToArray();
            NttKernels<Fr>.DifBlockManaged(expected, compact, inverse, new Fr[Scratch]);
            NttKernels<Fr>.DifBlock(block, compact, inverse, new Fr[Scratch]);
            Assert.Equal(expected, block);
            if (!NttKernels<Fr>.UsesIfma) continue;
            fixed (Fr* x = fourLimb, c = compact)
                NativeKernel.FpDifBlock((ulong*)x, (ulong)length, (ulong*)c, inverse ? 1 : 0, NativeModulus<CrossMargin.Field.Bn254.FrParams>.Parameters);
            Assert.Equal(expected, fourLimb);
        }
        var dit = Elements(length, seed: 80 + logLength);
        var ditExpected = dit.ToArray();
        var ditFourLimb = dit.ToArray();
        NttKernels<Fr>.DitBlockManaged(ditExpected, compact, new Fr[Scratch]);
        NttKernels<Fr>.DitBlock(dit, compact, new Fr[Scratch]);
        Assert.Equal(ditExpected, dit);
        if (!NttKernels<Fr>.UsesIfma) return;
        fixed (Fr* x = ditFourLimb, c = compact)
            NativeKernel.FpDitBlock((ulong*)x, (ulong)length, (ulong*)c, NativeModulus<CrossMargin.Field.Bn254.FrParams>.Parameters);
        Assert.Equal(ditExpected, ditFourLimb);
    }

    /// <summary>The kernel checks no index, so a run or block that would overrun is refused before it is called, on either path.</summary>
    [Fact]
    public void RunsAndBlocks_ThatDoNotFitTheirTables_AreRefused()
    {
        var table = Elements(16, seed: 90);
        var scratch = new Fr[Scratch];
        Assert.Throws<ArgumentException>(() => NttKernels<Fr>.DifButterflies(new Fr[9], new Fr[9], 8, table, 1, false, scratch));
        Assert.Throws<ArgumentException>(() => NttKernels<Fr>.DifButterflies(new Fr[4], new Fr[4], 0, table, 6, true, scratch));
        Assert.Throws<ArgumentException>(() => NttKernels<Fr>.DitButterflies(new Fr[4], new Fr[3], 0, table, 1, scratch));
        Assert.Throws<ArgumentException>(() => NttKernels<Fr>.DitButterflies(new Fr[2], new Fr[2], -1, table, 1, scratch));
        Assert.Throws<ArgumentException>(() => NttKernels<Fr>.DifBlock(new Fr[32], table, false, scratch));
        Assert.Throws<ArgumentException>(() => NttKernels<Fr>.DitBlock(new Fr[12], table, scratch));
    }
}

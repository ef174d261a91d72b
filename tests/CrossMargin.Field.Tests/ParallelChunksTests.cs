using Xunit;

namespace CrossMargin.Field.Tests;

public sealed class ParallelChunksTests
{
    [Theory]
    [InlineData(0, 7)]
    [InlineData(1, 7)]
    [InlineData(7, 7)]
    [InlineData(8, 7)]
    [InlineData(100_003, 4096)]
    public void Chunks_CoverEveryIndexExactlyOnce_InRunsOfTheChunkSizeWithAShorterLastOne(int count, int chunkSize)
    {
        var hits = new int[count];
        var lengths = new System.Collections.Concurrent.ConcurrentBag<(int Start, int Length)>();
        ParallelChunks.For(count, chunkSize, (start, length) =>
        {
            lengths.Add((start, length));
            for (var i = start; i < start + length; i++) Interlocked.Increment(ref hits[i]);
        });
        Assert.All(hits, h => Assert.Equal(1, h));
        Assert.All(lengths, c => Assert.Equal(Math.Min(chunkSize, count - c.Start), c.Length));
        Assert.All(lengths, c => Assert.Equal(0, c.Start % chunkSize));
    }

    [Fact]
    public void WhenSeveralChunksFail_TheLowestChunksExceptionIsRethrownAsIs()
    {
        for (var run = 0; run < 20; run++)
        {
            var e = Assert.Throws<InvalidDataException>(() => ParallelChunks.For(64 * 10, 10, (start, _) =>
            {
                if (start >= 170) throw new InvalidDataException($"chunk at {start}");
            }));
            Assert.Equal("chunk at 170", e.Message);
        }
    }
}

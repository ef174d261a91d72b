using System.Numerics;
using System.Text.Json;
using CrossMargin.Hash;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Hash.Tests;

public class PoseidonTests
{
    [Fact]
    public void EveryCircomlibjsVector_HashesToItsExpectedValue_ForArities1To16()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepoLayout.Vectors("poseidon.json")));
        var arities = new HashSet<int>();
        var count = 0;
        foreach (var vector in document.RootElement.EnumerateArray())
        {
            var inputs = vector.GetProperty("inputs").EnumerateArray().Select(i => Fr.FromBigInteger(BigInteger.Parse(i.GetString()!))).ToArray();
            var expected = BigInteger.Parse(vector.GetProperty("hash").GetString()!);
            Assert.Equal(expected, Poseidon.Hash(inputs).ToBigInteger());
            arities.Add(inputs.Length);
            count++;
        }
        Assert.Equal(Enumerable.Range(1, 16), arities.Order());
        Assert.True(count >= 16);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    public void UnsupportedArity_IsRefused(int arity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Poseidon.Hash(new Fr[arity]));
    }
}

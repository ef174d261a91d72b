using System.Text.Json;
using CrossMargin.Curves.Bn254;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Curves.Tests.Pairing;

/// <summary>
/// go-ethereum's precompile vectors for 0x08 (bn256Pairing.json), all of them, through
/// <see cref="Bn254Pairing.PairingProductIsOne"/>. The decoding here is the test's own, minimal
/// one (the EVM precompile's decoder lives elsewhere): each 192-byte chunk is G1 x|y then G2
/// x.c1|x.c0|y.c1|y.c0, 32-byte big-endian numbers; all-zero coordinates mean infinity.
/// </summary>
public class Bn254PairingVectorTests
{
    private sealed record Vector(string Input, string Expected, string Name);

    public static TheoryData<string> VectorNames()
    {
        var data = new TheoryData<string>();
        foreach (var vector in Load()) data.Add(vector.Name);
        return data;
    }

    private static List<Vector> Load() =>
        JsonSerializer.Deserialize<List<Vector>>(File.ReadAllText(RepoLayout.Vectors("evm", "bn256Pairing.json")))
        ?? throw new InvalidDataException("bn256Pairing.json is empty");

    [Fact]
    public void AllFourteenVectorsAreRun()
    {
        Assert.Equal(14, Load().Count);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void PairingProductIsOne_MatchesGoEthereum(string name)
    {
        var vector = Load().Single(v => v.Name == name);
        var input = Convert.FromHexString(vector.Input);
        Assert.Equal(0, input.Length % 192);
        var count = input.Length / 192;
        var ps = new G1Affine[count];
        var qs = new G2Affine[count];
        for (var i = 0; i < count; i++)
        {
            var chunk = input.AsSpan(192 * i, 192);
            ps[i] = DecodeG1(chunk[..64]);
            qs[i] = DecodeG2(chunk[64..]);
            Assert.True(ps[i].IsOnCurve && ps[i].IsInSubgroup, $"{name}: G1 point {i} is not valid");
            Assert.True(qs[i].IsOnCurve && qs[i].IsInSubgroup, $"{name}: G2 point {i} is not valid");
        }

        var expected = Convert.FromHexString(vector.Expected);
        Assert.Equal(32, expected.Length);
        Assert.True(expected.AsSpan(0, 31).IndexOfAnyExcept((byte)0) < 0);
        Assert.True(expected[31] <= 1);
        Assert.Equal(expected[31] == 1, Bn254Pairing.PairingProductIsOne(ps, qs));
    }

    private static Fq ReadFq(ReadOnlySpan<byte> bytes)
    {
        Assert.True(Fq.TryReadBigEndian(bytes, out var value), "coordinate not below q");
        return value;
    }

    private static G1Affine DecodeG1(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOfAnyExcept((byte)0) < 0) return G1Affine.Infinity;
        return new G1Affine(ReadFq(bytes[..32]), ReadFq(bytes[32..64]));
    }

    private static G2Affine DecodeG2(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOfAnyExcept((byte)0) < 0) return G2Affine.Infinity;
        var x = new Fq2(ReadFq(bytes[32..64]), ReadFq(bytes[..32]));
        var y = new Fq2(ReadFq(bytes[96..128]), ReadFq(bytes[64..96]));
        return new G2Affine(x, y);
    }
}

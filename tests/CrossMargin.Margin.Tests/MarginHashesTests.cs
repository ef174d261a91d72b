using System.Diagnostics;
using CrossMargin.Hash;
using CrossMargin.Margin;
using CrossMargin.Testing;

namespace CrossMargin.Margin.Tests;

public class MarginHashesTests
{
    /// <summary>The chain hash as circomlibjs computes it, in node: acc = tag; acc = poseidon([acc, ...chunk padded with 0]).</summary>
    private static string[] CircomlibjsChains(params (int Arity, BigInteger Tag, BigInteger[] Elements)[] cases)
    {
        var script = """
            const { buildPoseidon } = require('circomlibjs');
            const cases = JSON.parse(process.argv[1]);
            buildPoseidon().then(poseidon => {
              for (const c of cases) {
                let acc = BigInt(c.tag);
                for (let i = 0; i < c.elements.length; i += c.arity - 1) {
                  const chunk = c.elements.slice(i, i + c.arity - 1).map(BigInt);
                  while (chunk.length < c.arity - 1) chunk.push(0n);
                  acc = poseidon.F.toObject(poseidon([acc, ...chunk]));
                }
                console.log(acc.toString());
              }
              process.exit(0);
            });
            """;
        var json = "[" + string.Join(",", cases.Select(c =>
            $"{{\"arity\":{c.Arity},\"tag\":\"{c.Tag}\",\"elements\":[{string.Join(",", c.Elements.Select(e => $"\"{e}\""))}]}}")) + "]";
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoLayout.Root };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(json);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"node failed: {error}");
        return output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void TheChainHash_EqualsCircomlibjs_ForBothArities_PaddingAndNegativeElements()
    {
        var p = Fr.Modulus;
        var eighteen = Enumerable.Range(1, 18).Select(i => (BigInteger)i * 1_000_003).ToArray();
        var five = new BigInteger[] { 42, 7, p - 5, BigInteger.One << 200, 0 };
        var fifteen = Enumerable.Range(0, 15).Select(i => (BigInteger)i).ToArray();
        var expected = CircomlibjsChains(
            (16, MarginHashes.VenueTag(MarginConfiguration.Small), eighteen),
            (5, MarginHashes.OracleTag(MarginConfiguration.Reference), five),
            (16, 3, fifteen));
        Assert.Equal(expected[0], MarginHashes.Chain(16, MarginHashes.VenueTag(MarginConfiguration.Small), eighteen).ToString());
        // -5 enters as p - 5.
        Assert.Equal(expected[1], MarginHashes.Chain(5, MarginHashes.OracleTag(MarginConfiguration.Reference), [42, 7, -5, BigInteger.One << 200, 0]).ToString());
        Assert.Equal(expected[2], MarginHashes.Chain(16, 3, fifteen).ToString());
    }

    [Fact]
    public void TheChainHash_IsOnePoseidonCallPerChunk_StartingFromTheTag()
    {
        var one = MarginHashes.Chain(5, 9, [1, 2, 3]);
        Assert.Equal(Poseidon.Hash(Fr.FromBigInteger(9), Fr.FromBigInteger(1), Fr.FromBigInteger(2), Fr.FromBigInteger(3), Fr.Zero).ToBigInteger(), one);
        var two = MarginHashes.Chain(5, 9, [1, 2, 3, 4, 5]);
        var first = Poseidon.Hash(Fr.FromBigInteger(9), Fr.FromBigInteger(1), Fr.FromBigInteger(2), Fr.FromBigInteger(3), Fr.FromBigInteger(4));
        Assert.Equal(Poseidon.Hash(first, Fr.FromBigInteger(5), Fr.Zero, Fr.Zero, Fr.Zero).ToBigInteger(), two);
        Assert.Throws<ArgumentException>(() => MarginHashes.Chain(5, 9, []));
    }

    [Fact]
    public void Tags_PackKindAndTheSizesThatApply()
    {
        var s = MarginConfiguration.Small;
        var r = MarginConfiguration.Reference;
        Assert.Equal((BigInteger.One << 40) + (2L << 32) + (2L << 16), MarginHashes.VenueTag(s));
        Assert.Equal((BigInteger.One << 40) + (8L << 32) + (8L << 16), MarginHashes.VenueTag(r));
        Assert.Equal((new BigInteger(2) << 40) + (8L << 32) + (4L << 24), MarginHashes.OracleTag(r));
        Assert.Equal((new BigInteger(3) << 40) + (2L << 32) + (2L << 24) + (4L << 8), MarginHashes.ParameterTag(s));
    }

    [Fact]
    public void TheVenueCommitment_HashesAccountBlindingAndTheGreedilyPackedFields()
    {
        var p = Samples.Hand();
        var two64 = BigInteger.One << 64;
        var elements = MarginHashes.VenueElements(MarginConfiguration.Small, p.Context.Account, p.Venues[0]);
        // Small: 16 fields. Word 0: venueId@0, stateNonce@64, b[0]@128 (b[1] would end at 256 > 248).
        // Word 1: b[1]@0, d[0]@64, d[1]@128, underlying[0]@192 (delta would end at 265).
        // Word 2: delta@0, gamma@65, vega@130. Word 3: mtm@0, underlying[1]@65, delta[1]@73, gamma[1]@138.
        // Word 4: vega[1]@0, mtm[1]@65 (slot 1 is empty: zeros, shifted by 2^64).
        BigInteger[] expected =
        [
            0x1234, 11,
            1 + (new BigInteger(3) << 64) + (new BigInteger(100_000_000) << 128),
            1_000_000 + (BigInteger.Zero << 64) + (new BigInteger(500_000) << 128) + (BigInteger.Zero << 192),
            (2_000_000 + two64) + ((1_000_000_000 + two64) << 65) + ((10_000_000 + two64) << 130),
            (5_000_000 + two64) + (BigInteger.Zero << 65) + (two64 << 73) + (two64 << 138),
            two64 + (two64 << 65),
        ];
        Assert.Equal(expected, elements);
        Assert.Equal(MarginHashes.Chain(16, MarginHashes.VenueTag(MarginConfiguration.Small), expected), MarginHashes.VenueCommitment(MarginConfiguration.Small, p.Context.Account, p.Venues[0]));
        Assert.All(elements.Skip(2), w => Assert.True(w < BigInteger.One << 248));
    }

    [Fact]
    public void PackedWords_FixEveryField_AtTheExtremesOfTheBounds()
    {
        // Every field at its largest and smallest encodable value packs without overlap: unpacking gives the fields back.
        var two64 = BigInteger.One << 64;
        var random = new Random(4);
        var c = MarginConfiguration.Reference;
        for (var round = 0; round < 20; round++)
        {
            BigInteger Pick(BigInteger low, BigInteger high) => random.Next(3) switch { 0 => low, 1 => high, _ => low + (high - low) / 3 };
            var positions = Enumerable.Range(0, c.Positions).Select(_ => new Position(random.Next(4),
                Pick(-two64, two64 - 1), Pick(-two64, two64 - 1), Pick(-two64, two64 - 1), Pick(-two64, two64 - 1))).ToArray();
            var state = new VenueState(Pick(0, two64 - 1), Enumerable.Range(0, 8).Select(_ => Pick(0, two64 - 1)).ToArray(),
                Enumerable.Range(0, 8).Select(_ => Pick(0, two64 - 1)).ToArray(), positions);
            var opening = new VenueOpening(state, Pick(0, two64 - 1), 5);
            var fields = MarginHashes.StateFields(c, opening);
            Assert.Equal(2 + 2 * 8 + 5 * 8, fields.Count);
            var words = MarginHashes.PackWords(fields);
            var (word, offset) = (0, 0);
            foreach (var (value, bits) in fields)
            {
                if (offset + bits > 248) (word, offset) = (word + 1, 0);
                Assert.Equal(value, (words[word] >> offset) & ((BigInteger.One << bits) - 1));
                offset += bits;
            }
            Assert.All(words, w => Assert.True(w.GetBitLength() <= 248));
        }
    }

    [Fact]
    public void EveryCommittedValue_ChangesTheCommitment_AndTheNameDoesNot()
    {
        var p = Samples.Hand();
        var c = MarginConfiguration.Small;
        var v = p.Venues[1];
        var baseline = MarginHashes.VenueCommitment(c, p.Context.Account, v);
        Assert.NotEqual(baseline, MarginHashes.VenueCommitment(c, p.Context.Account + 1, v));
        Assert.NotEqual(baseline, MarginHashes.VenueCommitment(c, p.Context.Account, v with { Blinding = v.Blinding + 1 }));
        Assert.NotEqual(baseline, MarginHashes.VenueCommitment(c, p.Context.Account, v with { StateNonce = v.StateNonce + 1 }));
        Assert.NotEqual(baseline, MarginHashes.VenueCommitment(c, p.Context.Account, p.WithPosition(1, 1, x => x with { MarkToMarket = -1 }).Venues[1]));
        Assert.NotEqual(baseline, MarginHashes.VenueCommitment(MarginConfiguration.Reference, p.Context.Account, v));
        Assert.Equal(baseline, MarginHashes.VenueCommitment(c, p.Context.Account, v with { Name = "other" }));
    }

    [Fact]
    public void TheParameterHash_PadsUnusedSlots_DebtWeightsWithOne()
    {
        var p = Samples.Hand();
        var slots = new Slots.ParameterSlots(MarginConfiguration.Reference, p.Parameters);
        Assert.Equal([1_000_000, 1_200_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000], slots.DebtWeight);
        Assert.Equal([-500_000, 1_000_000, 0, 0], slots.Correlation[1]);
        Assert.Equal([0, 0, 0, 1_000_000], slots.Correlation[3]); // an unused underlying: the identity's row
        Assert.Equal([1_000_000, 500_000, 333_333, 0], slots.Grid);
        Assert.NotEqual(MarginHashes.ParameterHash(MarginConfiguration.Small, p.Parameters), MarginHashes.ParameterHash(MarginConfiguration.Reference, p.Parameters));
        var changed = p.Parameters with { LevelFloor = [100_000_000, 50_000_001] };
        Assert.NotEqual(MarginHashes.ParameterHash(MarginConfiguration.Small, p.Parameters), MarginHashes.ParameterHash(MarginConfiguration.Small, changed));
    }
}

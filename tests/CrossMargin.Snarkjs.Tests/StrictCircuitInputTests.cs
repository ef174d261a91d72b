using System.Numerics;
using CrossMargin.Snarkjs;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Snarkjs.Tests;

/// <summary>
/// input.json is read strictly (issue 11): a signal given twice, under any spelling, is refused
/// with its name and both JSON paths (circom's reader kept one and the calculator counted both,
/// leaving another input 0); a missing input is named; a file over the cap is refused unread.
/// </summary>
public class StrictCircuitInputTests
{
    private static IReadOnlyList<KeyValuePair<string, BigInteger[]>> Inputs(string json) => WitnessCalculatorTests.Inputs(json);

    [Theory]
    [InlineData("""{"secret": 1, "secret": 2}""", "$.secret", "'secret'", "$.secret")]
    [InlineData("""{"secret": 1, "blinding": 2, "secret": 1}""", "$.secret", "'secret'", "$.secret")]
    [InlineData("""{"a": {"b": 1}, "a.b": 2}""", "$.a.b", "'a.b'", "$.a.b")]
    [InlineData("""{"a.b": 2, "a": {"b": 1}}""", "$.a.b", "'a.b'", "$.a.b")]
    [InlineData("""{"x": [1, 2], "x": [1, 2]}""", "$.x", "'x'", "$.x")]
    [InlineData("""{"s": [{"t": 1}, {"t": 2}], "s[1].t": 3}""", "$.s[1].t", "'s[1].t'", "$.s[1].t")]
    [InlineData("""{"a": {"b": 1, "b": 1}}""", "$.a.b", "'a.b'", "$.a.b")]
    public void ASignalGivenTwice_IsRefused_WithItsNameAndBothPaths(string json, string path, string name, string first)
    {
        var e = Assert.Throws<CircuitInputException>(() => Inputs(json));
        Assert.Equal(path, e.Path);
        Assert.Contains($"signal {name} is given twice (first at {first})", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void DistinctSignals_StillRead_InFileOrder()
    {
        var inputs = Inputs("""{"b": 1, "a": {"b": 2, "c": [3, 4]}, "s": [{"t": 5}, {"t": 6}]}""");
        Assert.Equal(["b", "a.b", "a.c", "s[0].t", "s[1].t"], inputs.Select(i => i.Key));
    }

    [Fact]
    public void ARepeatedName_IsRefusedByTheCalculator_EvenWhenTheValueCountsAddUp()
    {
        // secret twice fills the wasm's count of 2 values with blinding never set: the old hole.
        using var calculator = WitnessCalculator.Load(RepoLayout.Circuit("smoke/poseidon_preimage").Wasm);
        var e = Assert.Throws<CircuitInputException>(() => calculator.Calculate([new("secret", [1]), new("secret", [2])]));
        Assert.Contains("secret: is given twice", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"secret": 1}""", "'blinding' (1 value(s))")]
    [InlineData("""{"blinding": 1}""", "'secret' (1 value(s))")]
    [InlineData("""{}""", "'secret' (1 value(s)), 'blinding' (1 value(s))")]
    public void AMissingInput_IsNamed(string json, string missing)
    {
        using var calculator = WitnessCalculator.Load(RepoLayout.Circuit("smoke/poseidon_preimage").Wasm);
        var e = Assert.Throws<CircuitInputException>(() => calculator.Calculate(Inputs(json)));
        Assert.Contains("not all inputs have been set", e.Message, StringComparison.Ordinal);
        Assert.Contains("missing: " + missing, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingArrayInputs_OfTheSolvencyCircuit_AreNamedWithTheirSizes()
    {
        using var calculator = WitnessCalculator.Load(RepoLayout.Circuit("margin/solvency_small").Wasm);
        // The small configuration's inputs (V = A = U = P = 2, G = 4), but correlation and levelFloor.
        (string Name, int Size)[] inputs =
        [
            ("account", 1), ("gate", 1), ("packed", 1), ("priceDigest", 1), ("paramHash", 1), ("commitments", 2), ("chainId", 1),
            ("nonce", 1), ("roundId", 1), ("tau", 1), ("level", 1), ("venueId", 2), ("stateNonce", 2), ("blinding", 2), ("balance", 4),
            ("debt", 4), ("posUnderlying", 4), ("posDelta", 4), ("posGamma", 4), ("posVega", 4), ("posMtm", 4), ("assetPrice", 2),
            ("underlyingPrice", 2), ("haircut", 2), ("debtWeight", 2), ("shock", 2), ("volMove", 2), ("latencyVol", 2), ("grid", 4),
            ("levelMultiplier", 2),
        ];
        var e = Assert.Throws<CircuitInputException>(() => calculator.Calculate(inputs.Select(i => new KeyValuePair<string, BigInteger[]>(i.Name, new BigInteger[i.Size])).ToArray()));
        Assert.Contains("missing: 'correlation' (4 value(s)), 'levelFloor' (2 value(s))", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInputFileOverTheCap_IsRefusedBeforeItIsRead()
    {
        var path = Path.GetTempFileName();
        try
        {
            // A sparse file: its length alone must refuse it (the 60 MB case took 1.9 GB before).
            using (var stream = new FileStream(path, FileMode.Create)) stream.SetLength(CircuitInput.MaxFileBytes + 1);
            var e = Assert.Throws<CircuitInputException>(() => CircuitInput.ParseFile(path));
            Assert.Contains($"an input file is at most {CircuitInput.MaxFileBytes} bytes", e.Message, StringComparison.Ordinal);
            using (var stream = new FileStream(path, FileMode.Create)) stream.SetLength(60L << 20);
            Assert.Throws<CircuitInputException>(() => CircuitInput.ParseFile(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AFileWithADuplicateKey_IsRefusedFromDisk_NamingTheKey()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{"secret": "5", "blinding": "6", "blinding": "6"}""");
            var e = Assert.Throws<CircuitInputException>(() => CircuitInput.ParseFile(path));
            Assert.Contains("'blinding' is given twice", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

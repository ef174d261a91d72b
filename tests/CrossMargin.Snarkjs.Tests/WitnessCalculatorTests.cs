using System.Numerics;
using System.Text.Json;
using CrossMargin.Snarkjs;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Snarkjs.Tests;

public class WitnessCalculatorTests
{
    internal static IReadOnlyList<KeyValuePair<string, BigInteger[]>> Inputs(string json) =>
        CircuitInput.Parse(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void SmokeCircuit_WitnessEqualsSnarkjsWitness_ValueForValue()
    {
        var circuit = RepoLayout.Circuit("smoke/poseidon_preimage");
        var folder = Directory.CreateTempSubdirectory("cm-wtns-").FullName;
        try
        {
            var input = Path.Combine(folder, "input.json");
            File.WriteAllText(input, """{"secret": "123456789", "blinding": "0x1f2e3d4c5b6a"}""");
            var theirs = Path.Combine(folder, "snarkjs.wtns");
            SnarkjsCli.MustRun("wtns", "calculate", circuit.Wasm, input, theirs);

            using var calculator = WitnessCalculator.Load(circuit.Wasm);
            var ours = calculator.Calculate(CircuitInput.ParseFile(input));

            Assert.Equal(WtnsFile.Read(theirs), ours);
            Assert.Equal(Fr.One, ours[0]);
            var mine = Path.Combine(folder, "ours.wtns");
            WtnsFile.Write(mine, ours);
            Assert.Equal(File.ReadAllBytes(theirs), File.ReadAllBytes(mine));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void FailedConstraint_IsATypedErrorCarryingCircomsMessage()
    {
        using var calculator = WitnessCalculator.Load(RepoLayout.Circuit("smoke/poseidon_preimage").Wasm);
        // 2^64 does not fit Num2Bits(64): circom's assert fires inside the wasm.
        var e = Assert.Throws<WitnessCalculationException>(() => calculator.Calculate(Inputs("""{"secret": "18446744073709551616", "blinding": 1}""")));
        Assert.Contains("assert failed", e.Message);
        // The same instance still works afterwards.
        Assert.Equal(calculator.WitnessSize, calculator.Calculate(Inputs("""{"secret": 1, "blinding": 2}""")).Length);
    }

    [Fact]
    public void OneInstanceCalledFromManyThreads_GivesEachCallItsOwnWitness()
    {
        using var calculator = WitnessCalculator.Load(RepoLayout.Circuit("smoke/poseidon_preimage").Wasm);
        var expected = Enumerable.Range(1, 16).Select(i => calculator.Calculate(Inputs($$"""{"secret": {{i}}, "blinding": 7}"""))).ToArray();
        var results = new Fr[16][];
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            var i = k % 16;
            results[i] = calculator.Calculate(Inputs($$"""{"secret": {{i + 1}}, "blinding": 7}"""));
        });
        for (var i = 0; i < 16; i++) Assert.Equal(expected[i], results[i]);
    }

    [Theory]
    [InlineData("""{"secret": 1}""", "only 1 of the circuit's 2")]
    [InlineData("""{"secret": 1, "blinding": 2, "nonsense": 3}""", "nonsense: is not an input signal")]
    [InlineData("""{"secret": [1, 2], "blinding": 2}""", "takes 1 value(s), 2 given")]
    public void WrongInputs_AreMalformedInputNamingTheSignal_NotACircuitFailure(string json, string expected)
    {
        using var calculator = WitnessCalculator.Load(RepoLayout.Circuit("smoke/poseidon_preimage").Wasm);
        MalformedInputException e = Assert.Throws<CircuitInputException>(() => calculator.Calculate(Inputs(json)));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("""{"a": "12x"}""", "$.a")]
    [InlineData("""{"a": [1, "0xzz"]}""", "$.a[1]")]
    [InlineData("""{"a": 1.5}""", "$.a")]
    [InlineData("""{"a": ""}""", "$.a")]
    [InlineData("""{"a": null}""", "$.a")]
    [InlineData("""[1, 2]""", "$")]
    public void MalformedInputValues_AreTypedErrorsWithTheirJsonPath(string json, string path)
    {
        var e = Assert.Throws<CircuitInputException>(() => Inputs(json));
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void InputValues_ParseLikeBigInt_AndNestedShapesFlattenAsCircomDoes()
    {
        var parsed = Inputs("""{"a": [[1, "2"], ["0x10", "-3"]], "b": {"c": "0b101", "d": [{"e": 7}, {"e": "0o17"}]}, "f": true}""");
        Assert.Equal(["a", "b.c", "b.d[0].e", "b.d[1].e", "f"], parsed.Select(p => p.Key));
        Assert.Equal([1, 2, 16, -3], parsed[0].Value);
        Assert.Equal([5], parsed[1].Value);
        Assert.Equal([7], parsed[2].Value);
        Assert.Equal([15], parsed[3].Value);
        Assert.Equal([1], parsed[4].Value);
    }

    [Fact]
    public void NotAWasmFile_IsMalformedInputNamingTheFile()
    {
        MalformedInputException e = Assert.Throws<CircomFormatException>(() => WitnessCalculator.Load(RepoLayout.Circuit("smoke/poseidon_preimage").R1cs));
        Assert.Contains("not a loadable WebAssembly module", e.Message);
    }
}

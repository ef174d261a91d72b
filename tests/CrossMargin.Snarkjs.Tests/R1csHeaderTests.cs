using System.Numerics;
using System.Text.Json;
using CrossMargin.Snarkjs;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Snarkjs.Tests;

public class R1csHeaderTests
{
    private static readonly BigInteger Bn254ScalarPrime =
        BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495617");

    [Fact]
    public void CompiledSmokeCircuit_HeaderMatchesCircomsOwnReport()
    {
        var circuit = RepoLayout.Circuit("smoke/poseidon_preimage");
        var header = R1csHeader.Read(circuit.R1cs);
        using var report = JsonDocument.Parse(File.ReadAllText(circuit.Info));
        var reported = (string name) => report.RootElement.GetProperty(name).GetUInt64();

        Assert.Equal(32, header.FieldSize);
        Assert.Equal(Bn254ScalarPrime, header.Prime);
        Assert.Equal(reported("nonLinearConstraints") + reported("linearConstraints"), header.Constraints);
        Assert.Equal(reported("wires"), header.Wires);
        Assert.Equal(reported("labels"), header.Labels);
        Assert.Equal(reported("publicOutputs"), header.PublicOutputs);
        Assert.Equal(reported("publicInputs"), header.PublicInputs);
        Assert.Equal(reported("privateInputs"), header.PrivateInputs);
        // The circuit itself: one public output (the commitment), two private inputs.
        Assert.Equal((1u, 0u, 2u), (header.PublicOutputs, header.PublicInputs, header.PrivateInputs));
    }

    [Fact]
    public void SnarkjsVectorCircuit_IsOverBn254AndConsistent()
    {
        var header = R1csHeader.Read(RepoLayout.Vectors("snarkjs-groth16", "circuit.r1cs"));
        Assert.Equal(Bn254ScalarPrime, header.Prime);
        Assert.True(header.Constraints > 0);
        Assert.True(header.Wires > header.PublicSignals + header.PrivateInputs);
    }

    [Fact]
    public void WrongMagic_IsAFormatErrorAtOffsetZeroNamingTheFile()
    {
        var path = TempCopy(RepoLayout.Vectors("snarkjs-groth16", "witness.wtns"));
        var e = Assert.Throws<CircomFormatException>(() => R1csHeader.Read(path));
        Assert.Equal(path, e.File);
        Assert.Equal(0, e.Offset);
        Assert.Contains("not a 'r1cs' file", e.Message);
    }

    [Fact]
    public void EveryTruncation_IsAFormatErrorNeverAnotherException()
    {
        var original = File.ReadAllBytes(RepoLayout.Circuit("smoke/poseidon_preimage").R1cs);
        var path = Path.GetTempFileName();
        try
        {
            // Every cut inside the preamble and the header, then a spread of cuts through the rest.
            var cuts = Enumerable.Range(0, 128).Concat(Enumerable.Range(1, 64).Select(i => i * original.Length / 65));
            foreach (var length in cuts)
            {
                File.WriteAllBytes(path, original[..length]);
                var e = Assert.Throws<CircomFormatException>(() => R1csHeader.Read(path));
                Assert.InRange(e.Offset, 0, length);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SeededByteMutations_EitherParseConsistentlyOrFailAsFormatErrors()
    {
        var original = File.ReadAllBytes(RepoLayout.Circuit("smoke/poseidon_preimage").R1cs);
        FileCorruption.ForEach(original, seed: 20261123, rounds: 500, headerBytes: 128, path =>
        {
            try
            {
                var header = R1csHeader.Read(path);
                Assert.True(header.Wires > header.PublicSignals);
            }
            catch (CircomFormatException e)
            {
                Assert.Equal(path, e.File);
            }
        });
    }

    [Fact]
    public void APrivateInputCircomDropped_StillReads()
    {
        // one, out, a: the unused input has no wire, yet nPrvIn counts it.
        var r1cs = R1csFile.Read(RepoLayout.Circuit("testing/formats/dropped_input").R1cs);
        Assert.Equal((3u, 1u, 0u, 2u), (r1cs.Header.Wires, r1cs.Header.PublicOutputs, r1cs.Header.PublicInputs, r1cs.Header.PrivateInputs));
        Assert.Single(r1cs.System.Constraints);
    }

    [Fact]
    public void MissingFile_IsAFormatErrorNamingIt()
    {
        var e = Assert.Throws<CircomFormatException>(() => R1csHeader.Read("/nonexistent/x.r1cs"));
        Assert.Equal("/nonexistent/x.r1cs", e.File);
    }

    private static string TempCopy(string source)
    {
        var path = Path.GetTempFileName();
        File.Copy(source, path, overwrite: true);
        return path;
    }
}

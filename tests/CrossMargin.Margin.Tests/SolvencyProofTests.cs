using System.Text.Json.Nodes;
using CrossMargin.Proving;
using CrossMargin.Snarkjs;
using CrossMargin.Groth16;
using CrossMargin.Margin;
using CrossMargin.Testing;

namespace CrossMargin.Margin.Tests;

/// <summary>
/// Real Groth16 proofs of the small solvency circuit: bound to the statement's public inputs, so
/// a proof does not verify for another account, gate, chain, nonce or set of venue commitments.
/// </summary>
public class SolvencyProofTests
{
    /// <summary>
    /// The small circuit's development key (<see cref="DevelopmentKeys"/>: the repository's own
    /// local ceremony, setup and one phase-2 contribution), cached under artifacts/test-cache/
    /// keyed by the circuit's .r1cs (a few minutes once on a loaded 2-core machine). For tests only.
    /// </summary>
    private static readonly Lazy<string> KeyFile = new(() =>
    {
        var circuit = MarginCircuit.Locate(MarginConfiguration.Small, Path.Combine(RepoLayout.Root, "artifacts", "circuits"));
        return DevelopmentKeys.Ensure(circuit, Path.Combine(RepoLayout.Root, "artifacts", "test-cache", "margin-keys")).Zkey;
    });

    private static readonly Lazy<ProvingKey> Key = new(() => ZkeyFile.ReadProvingKey(KeyFile.Value));

    [Fact]
    public void MarginProve_WritesAProofThatSnarkjsAndWeVerify_AndRefusesAnInsolventPortfolio()
    {
        var folder = Directory.CreateTempSubdirectory("cm-margin-prove-").FullName;
        try
        {
            Assert.Equal(Cli.ExitCodes.Ok, Cli.CommandLine.Run(["margin", "prove", Samples.Example(), "--level", "maintenance", "-o", folder, "--zkey", KeyFile.Value]));
            var (vk, pub, proof) = (Path.Combine(folder, "verification_key.json"), Path.Combine(folder, "public.json"), Path.Combine(folder, "proof.json"));
            Assert.Contains("OK", SnarkjsCli.MustRun("groth16", "verify", vk, pub, proof), StringComparison.Ordinal);
            Assert.Equal(Cli.ExitCodes.Ok, Cli.CommandLine.Run(["groth16", "verify", vk, pub, proof]));
            // The public signals are the engine's statement.
            var statement = MarginStatement.ForProof(PortfolioFile.Read(Samples.Example()), MarginLevel.Maintenance);
            Assert.Equal(statement.PublicSignals, SnarkjsJson.ReadPublicSignals(pub));

            var refused = Path.Combine(folder, "refused");
            Assert.Equal(Cli.ExitCodes.Invalid, Cli.CommandLine.Run(["margin", "prove", Samples.Example("portfolio-insolvent.json"), "-o", refused, "--zkey", KeyFile.Value]));
            Assert.Equal(Cli.ExitCodes.Invalid, Cli.CommandLine.Run(["margin", "prove", Samples.Example(), "--level", "initial", "-o", refused, "--zkey", KeyFile.Value]));
            Assert.False(Directory.Exists(refused));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (int Code, string Output, string Error) Crossmargin(params string[] args) => CrossmarginCli.RunIn(null, args);

    [Fact]
    public void MarginProve_PrintsTheKeysHash_WhichPinsItsVerification_AndRefusesADegenerateKey()
    {
        var folder = Directory.CreateTempSubdirectory("cm-margin-pin-").FullName;
        try
        {
            var (code, output, error) = Crossmargin("margin", "prove", Samples.Example(), "--level", "maintenance", "-o", folder, "--zkey", KeyFile.Value);
            Assert.True(code == 0, error);
            var (vk, pub, proof) = (Path.Combine(folder, "verification_key.json"), Path.Combine(folder, "public.json"), Path.Combine(folder, "proof.json"));
            var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(vk)));
            Assert.Contains($"key sha256 {digest}", output, StringComparison.Ordinal);
            Assert.Equal(Cli.ExitCodes.Ok, Cli.CommandLine.Run(["groth16", "verify", vk, pub, proof, "--vk-hash", digest]));

            // The same key with delta = -gamma: refused before proving, exit 1, nothing written.
            var zkey = ZkeyFile.Read(KeyFile.Value);
            var k = zkey.Key;
            var degenerate = new ProvingKey
            {
                SignalCount = k.SignalCount, PublicCount = k.PublicCount, DomainSize = k.DomainSize,
                Alpha1 = k.Alpha1, Beta1 = k.Beta1, Beta2 = k.Beta2, Gamma2 = k.Gamma2, Delta1 = k.Delta1, Delta2 = k.Gamma2.Negate(),
                IC = k.IC, Coefficients = k.Coefficients, A = k.A, B1 = k.B1, B2 = k.B2, C = k.C, H = k.H,
            };
            var path = Path.Combine(folder, "degenerate.zkey");
            ZkeyFile.Write(path, degenerate, zkey.Contributions);
            var refused = Path.Combine(folder, "refused");
            (code, output, error) = Crossmargin("margin", "prove", Samples.Example(), "--level", "maintenance", "-o", refused, "--zkey", path);
            Assert.Equal(Cli.ExitCodes.Invalid, code);
            Assert.Contains($"{path}: degenerate verification key: delta = -gamma", error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(refused));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void MarginProve_WithAKeyWithoutPhase2OrACorruptedOne_ExitsOneOrTwo_NeverThree()
    {
        var folder = Directory.CreateTempSubdirectory("cm-margin-key-").FullName;
        try
        {
            var zkey = ZkeyFile.Read(KeyFile.Value);
            var k = zkey.Key;
            // gamma = delta, as in a key straight from groth16 setup: refused before proving (1).
            var uncontributed = Path.Combine(folder, "circuit_0000.zkey");
            ZkeyFile.Write(uncontributed, k with { Delta2 = k.Gamma2 }, zkey.Contributions);
            var refused = Path.Combine(folder, "refused");
            var (code, _, error) = Crossmargin("margin", "prove", Samples.Example(), "--level", "maintenance", "-o", refused, "--zkey", uncontributed);
            Assert.Equal(Cli.ExitCodes.Invalid, code);
            Assert.Contains($"{uncontributed}: degenerate verification key: delta = gamma", error, StringComparison.Ordinal);

            // Two H points swapped: well-formed, but no proof made with it verifies (2: the key is not this circuit's).
            var h = k.H.ToArray();
            (h[0], h[1]) = (h[1], h[0]);
            var corrupted = Path.Combine(folder, "corrupted.zkey");
            ZkeyFile.Write(corrupted, k with { H = h }, zkey.Contributions);
            (code, _, error) = Crossmargin("margin", "prove", Samples.Example(), "--level", "maintenance", "-o", refused, "--zkey", corrupted);
            Assert.Equal(Cli.ExitCodes.BadInput, code);
            Assert.Contains($"{corrupted}: the proof of the", error, StringComparison.Ordinal);
            Assert.DoesNotContain("internal error", error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(refused));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (Proof Proof, BigInteger[] Public) Prove(JsonObject input)
    {
        var proved = Prover.Prove(Key.Value, AdversarialCircuitTests.Witness(input));
        return (proved.Proof, proved.PublicSignals);
    }

    private static BigInteger[] With(IReadOnlyList<BigInteger> signals, int index, BigInteger value)
    {
        var copy = signals.ToArray();
        copy[index] = value;
        return copy;
    }

    [Fact]
    public void AProofForOneAccount_DoesNotVerifyForAnotherAccountGateChainOrNonce()
    {
        var statement = AdversarialCircuitTests.Statement();
        var (proof, signals) = Prove(statement.CircuitInput());
        var vk = Key.Value.VerificationKey;
        Assert.Equal(statement.PublicSignals, signals);
        Assert.True(Verifier.Verify(vk, statement.PublicSignals, proof));

        var context = statement.Portfolio.Context;
        Assert.False(Verifier.Verify(vk, With(signals, 0, context.Account + 1), proof), "another account");
        Assert.False(Verifier.Verify(vk, With(signals, 1, context.Gate ^ 1), proof), "another gate");
        Assert.False(Verifier.Verify(vk, With(signals, 2, statement.Packed + 1), proof), "another chain id");
        Assert.False(Verifier.Verify(vk, With(signals, 2, statement.Packed + (BigInteger.One << 64)), proof), "another nonce");
        Assert.False(Verifier.Verify(vk, With(signals, 2, statement.Packed - (BigInteger.One << 224)), proof), "the initial level");
        Assert.False(Verifier.Verify(vk, With(signals, 3, statement.PriceDigest + 1), proof), "another round's digest");
        // Replayed as the next nonce's statement, as the engine would state it.
        var next = MarginStatement.ForProof(statement.Portfolio with { Context = context with { Nonce = context.Nonce + 1 } }, statement.Level, statement.Configuration);
        Assert.False(Verifier.Verify(vk, next.PublicSignals, proof), "the next nonce's statement");
    }

    [Fact]
    public void AProofWithADroppedVenue_VerifiesOnlyForTheDroppedStatement_NotForTheRegistrysCommitments()
    {
        // Venue 1 holds the debt that makes the account insolvent; dropping it makes the rest solvent.
        var p = AdversarialCircuitTests.Base().WithVenue(1, v => v with { State = v.State with { Debts = [1_000_000_000_000, 0] } });
        var real = MarginStatement.Build(p, MarginLevel.Maintenance, MarginConfiguration.Small);
        Assert.False(real.Report.IsSolvent(MarginLevel.Maintenance));
        Assert.Throws<WitnessCalculationException>(() => AdversarialCircuitTests.Witness(real.CircuitInput()));

        var (proof, signals) = Prove(AdversarialCircuitTests.DroppedVenueInput(real));
        var vk = Key.Value.VerificationKey;
        Assert.True(Verifier.Verify(vk, signals, proof));
        Assert.Equal(BigInteger.Zero, signals[5 + 1]);
        Assert.False(Verifier.Verify(vk, real.PublicSignals, proof));
        Assert.False(Verifier.Verify(vk, With(signals, 5 + 1, real.Commitments[1]), proof));
    }
}

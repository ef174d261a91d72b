using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CrossMargin.Circom;
using CrossMargin.Groth16;
using CrossMargin.Groth16.Setup;
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
    /// A development key for the small circuit, made with the repository's own setup: the local
    /// ceremony (2^14, fixed entropy), groth16 setup and one phase-2 contribution; cached under
    /// artifacts/test-cache/ keyed by the circuit's .r1cs. For tests only.
    /// </summary>
    private static readonly Lazy<ProvingKey> Key = new(() =>
    {
        var r1cs = RepoLayout.Circuit("margin/solvency_small").R1cs;
        var hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(r1cs)))[..16].ToLowerInvariant();
        var folder = Path.Combine(RepoLayout.Root, "artifacts", "test-cache", $"solvency_small-{hash}");
        Directory.CreateDirectory(folder);
        var zkey = Path.Combine(folder, "circuit.zkey");
        if (!File.Exists(zkey))
        {
            var tag = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string P(string name) => Path.Combine(folder, $"{name}.{tag}");
            var header = R1csHeader.Read(r1cs);
            var power = Groth16Setup.DomainLog((int)header.Constraints, (int)header.PublicSignals);
            var (points, lagrange, record) = PowersOfTauCeremony.DevelopmentCeremony(power, SnarkjsRng.FromEntropy("crossmargin margin test ptau"), "tests");
            new PtauFile(points, [PtauContribution.From(record)], lagrange).Write(P("final.ptau"));
            Groth16SetupFiles.Setup(r1cs, P("final.ptau"), P("z0.zkey"));
            ZkeyContribution.Contribute(P("z0.zkey"), P("z1.zkey"), Fr.FromUInt64(0x5eed_cafe), Fr.FromUInt64(0xfeed_beef), "tests");
            File.Move(P("z1.zkey"), zkey, overwrite: true);
            File.Delete(P("final.ptau"));
            File.Delete(P("z0.zkey"));
        }
        return ZkeyFile.ReadProvingKey(zkey);
    });

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

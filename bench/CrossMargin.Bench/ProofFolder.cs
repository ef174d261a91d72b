using System.Numerics;
using CrossMargin.Snarkjs;
using CrossMargin.Groth16;
using CrossMargin.Margin;
using CrossMargin.Proving;

namespace CrossMargin.Bench;

/// <summary>
/// Folders of many distinct valid proofs for the batch-verification benchmarks, as snarkjs's
/// proof_N.json / public_N.json (N from 0001) beside a verification_key.json, so that our
/// verifiers and snarkjs's read the same files.
/// </summary>
internal static class ProofFolder
{
    /// <summary>
    /// One proof of the smoke circuit (poseidon_preimage) per secret 1, 2, ..., each its own
    /// statement (a different public commitment) with fresh blinding. Proving in-process takes
    /// milliseconds a proof, where one CLI process each would take minutes.
    /// </summary>
    public static void Make(string zkeyPath, string wasmPath, int count, string folder)
    {
        var key = ZkeyFile.ReadProvingKey(zkeyPath);
        Directory.CreateDirectory(folder);
        using var calculator = WitnessCalculator.Load(wasmPath);
        for (var i = 1; i <= count; i++)
        {
            var witness = calculator.Calculate(
            [
                new("secret", [new BigInteger(i)]),
                new("blinding", [new BigInteger(1_000_003) * i + 7]),
            ]);
            var result = Prover.Prove(key, witness);
            Write(folder, i, result.Proof, result.PublicSignals);
        }
    }

    /// <summary>
    /// &lt;folder&gt;/verification_key.json and &lt;folder&gt;/proofs/: one real proof of the small solvency circuit (the example portfolio's statement, under the
    /// development key of artifacts/keys), re-randomized <paramref name="count"/> times with
    /// seeded scalars: distinct valid proofs of one statement at the cost of a few scalar
    /// multiplications each, where proving each would take a second.
    /// </summary>
    public static void MakeRerandomized(int count, string folder)
    {
        var circuit = MarginCircuit.Locate(MarginConfiguration.Small, Path.Combine(BenchPaths.Root, "artifacts", "circuits"));
        var keyFiles = DevelopmentKeys.Ensure(circuit, Path.Combine(BenchPaths.Root, "artifacts", "keys"));
        var portfolio = PortfolioFile.Read(Path.Combine(BenchPaths.Root, "examples", "portfolio.json"));
        var statement = MarginStatement.ForProof(portfolio, MarginLevel.Maintenance, MarginConfiguration.Small);
        var proved = MarginProver.Prove(statement, circuit, keyFiles.Zkey);
        var proofs = Path.Combine(folder, "proofs");
        Directory.CreateDirectory(proofs);
        SnarkjsJson.WriteVerificationKey(Path.Combine(folder, "verification_key.json"), proved.VerificationKey);
        var random = new Random(2048);
        var bytes = new byte[32];
        Fr Scalar()
        {
            random.NextBytes(bytes);
            bytes[31] &= 0x1f; // below 2^253 < r
            return Fr.TryReadLittleEndian(bytes, out var s) && !s.IsZero ? s : Fr.One;
        }
        for (var i = 1; i <= count; i++)
            Write(proofs, i, Rerandomization.Rerandomize(proved.VerificationKey, proved.Proof.Proof, Scalar(), Scalar()), proved.Proof.PublicSignals);
    }

    /// <summary>The verification key and the proofs of a folder, in file order.</summary>
    public static (VerificationKey Key, List<(Proof Proof, IReadOnlyList<BigInteger> PublicInputs)> Proofs) Read(string folder, string madeBy)
    {
        if (!File.Exists(Path.Combine(folder, "verification_key.json")))
            throw new InvalidOperationException($"{folder} is missing: run {madeBy} first");
        var key = SnarkjsJson.ReadVerificationKey(Path.Combine(folder, "verification_key.json"));
        var proofs = Directory.EnumerateFiles(Path.Combine(folder, "proofs"), "proof_*.json").Order(StringComparer.Ordinal)
            .Select(p => (SnarkjsJson.ReadProof(p), (IReadOnlyList<BigInteger>)SnarkjsJson.ReadPublicSignals(p.Replace("proof_", "public_", StringComparison.Ordinal))))
            .ToList();
        if (!Verifier.VerifyBatch(key, proofs).AllValid)
            throw new InvalidOperationException($"the proofs of {folder} do not all verify");
        return (key, proofs);
    }

    private static void Write(string folder, int index, Proof proof, IReadOnlyList<BigInteger> publicSignals)
    {
        SnarkjsJson.WriteProof(Path.Combine(folder, $"proof_{index:D4}.json"), proof);
        SnarkjsJson.WritePublicSignals(Path.Combine(folder, $"public_{index:D4}.json"), publicSignals);
    }
}

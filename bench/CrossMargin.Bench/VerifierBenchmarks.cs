using System.Numerics;
using BenchmarkDotNet.Attributes;
using CrossMargin.Snarkjs;
using CrossMargin.Groth16;

namespace CrossMargin.Bench;

/// <summary>
/// Groth16 verification in-process (no process start, no JSON): one proof, and a batch of all
/// the proofs bench/groth16.sh made (1,000 distinct proofs of the smoke circuit; the figure
/// per proof is the batch's time divided by its size). Reads artifacts/bench/groth16/batch/:
/// run bench/groth16.sh first.
/// </summary>
public class VerifierBenchmarks
{
    private VerificationKey _key = null!;
    private List<(Proof Proof, IReadOnlyList<BigInteger> PublicInputs)> _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        var folder = Path.Combine(BenchPaths.Root, "artifacts", "bench", "groth16", "batch");
        if (!File.Exists(Path.Combine(folder, "verification_key.json")))
            throw new InvalidOperationException($"{folder} is missing: run bench/groth16.sh first");
        _key = SnarkjsJson.ReadVerificationKey(Path.Combine(folder, "verification_key.json"));
        _batch = Directory.EnumerateFiles(Path.Combine(folder, "proofs"), "proof_*.json").Order(StringComparer.Ordinal)
            .Select(p => (SnarkjsJson.ReadProof(p), (IReadOnlyList<BigInteger>)SnarkjsJson.ReadPublicSignals(p.Replace("proof_", "public_", StringComparison.Ordinal))))
            .ToList();
        if (!Verifier.VerifyBatch(_key, _batch).AllValid)
            throw new InvalidOperationException("the benchmark's proofs do not all verify");
    }

    [Benchmark]
    public bool VerifyOne() => Verifier.Verify(_key, _batch[0].PublicInputs, _batch[0].Proof);

    /// <summary>All proofs at once; the per-proof figure divides by <see cref="BatchSize"/>.</summary>
    [Benchmark]
    public int VerifyBatch() => Verifier.VerifyBatch(_key, _batch).PairingChecks;

    public int BatchSize => _batch.Count;
}

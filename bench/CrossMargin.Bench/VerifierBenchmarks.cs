using System.Numerics;
using BenchmarkDotNet.Attributes;
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
    public void Setup() =>
        (_key, _batch) = ProofFolder.Read(Path.Combine(BenchPaths.Root, "artifacts", "bench", "groth16", "batch"), "bench/groth16.sh");

    [Benchmark]
    public bool VerifyOne() => Verifier.Verify(_key, _batch[0].PublicInputs, _batch[0].Proof);

    /// <summary>All proofs at once; the per-proof figure divides by <see cref="BatchSize"/>.</summary>
    [Benchmark]
    public int VerifyBatch() => Verifier.VerifyBatch(_key, _batch).PairingChecks;

    public int BatchSize => _batch.Count;
}

/// <summary>
/// Issue 14's auditor workload: <see cref="Verifier.VerifyBatch(VerificationKey, IReadOnlyList{CheckedStatement})"/> over 2,048 distinct proofs of
/// the small solvency circuit (re-randomized from one real proof under the development key;
/// <see cref="ProofFolder.MakeRerandomized"/>), and one-by-one <see cref="Verifier.Verify"/> of
/// the same proofs for comparison. Both are reported per proof (OperationsPerInvoke). Reads
/// artifacts/bench/batchverify/: run bench/batchverify.sh.
/// </summary>
public class BatchVerifierBenchmarks
{
    public const int BatchSize = 2048;

    /// <summary>Proofs verified one by one in an invocation: a sample, so an invocation stays near a second.</summary>
    public const int OneByOneSample = 128;

    private VerificationKey _key = null!;
    private List<(Proof Proof, IReadOnlyList<BigInteger> PublicInputs)> _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_key, _batch) = ProofFolder.Read(Path.Combine(BenchPaths.Root, "artifacts", "bench", "batchverify"), "bench/batchverify.sh");
        if (_batch.Count != BatchSize)
            throw new InvalidOperationException($"the folder holds {_batch.Count} proofs, not {BatchSize}: rerun bench/batchverify.sh");
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public bool VerifyBatchPerProof() => Verifier.VerifyBatch(_key, _batch).AllValid;

    [Benchmark(OperationsPerInvoke = OneByOneSample)]
    public bool VerifyOneByOnePerProof()
    {
        var all = true;
        for (var j = 0; j < OneByOneSample; j++) all &= Verifier.Verify(_key, _batch[j].PublicInputs, _batch[j].Proof);
        return all;
    }
}

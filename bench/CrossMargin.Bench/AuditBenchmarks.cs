using System.Globalization;
using System.Numerics;
using BenchmarkDotNet.Attributes;
using CrossMargin.Chain.Actors.Auditor;
using CrossMargin.Groth16;
using CrossMargin.Margin;

namespace CrossMargin.Bench;

/// <summary>
/// Issue 14's auditor goal (2,000 proofs per second on 2 cores, batch verification and state
/// checks included): <see cref="ProofAudit.Check"/> over 2,048 distinct proofs of the small
/// solvency circuit (bench/batchverify.sh's, re-randomized from one real proof of the example
/// portfolio under the development key), each envelope decoded from snarkjs's proof.json form,
/// checked, batch-verified, and its nine public inputs compared with the registry's, the hub's
/// and the gate's state replayed from a history at its block, as an audit of a gate's events does.
/// The history is the one such a proof rests on (the venues admitted, the parameters activated,
/// the round closed, the slots posted, the proof accepted), built by hand since a benchmark has
/// no node; the setup refuses to measure unless the audit of it finds nothing. Reported per proof.
/// </summary>
public class AuditBenchmarks
{
    private VerificationKey _key = null!;
    private List<ProofEnvelope> _envelopes = null!;
    private ChainHistory _history = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (key, proofs) = ProofFolder.Read(Path.Combine(BenchPaths.Root, "artifacts", "bench", "batchverify"), "bench/batchverify.sh");
        if (proofs.Count != BatchVerifierBenchmarks.BatchSize)
            throw new InvalidOperationException($"the folder holds {proofs.Count} proofs, not {BatchVerifierBenchmarks.BatchSize}: rerun bench/batchverify.sh");
        _key = key;
        var s = proofs[0].PublicInputs;
        var (account, gate) = (Address(s[0]), Address(s[1]));
        var packed = s[2];
        var (chainId, nonce, roundId) = ((ulong)(packed & ulong.MaxValue), (ulong)(packed >> 64 & ulong.MaxValue), (ulong)(packed >> 128 & ulong.MaxValue));
        var (tau, level) = ((uint)(packed >> 192 & uint.MaxValue), (byte)(packed >> 224));
        const ulong block = 4, expiry = 1_800_000_000;
        var example = PortfolioFile.Read(Path.Combine(BenchPaths.Root, "examples", "portfolio.json"));

        var slots = s.Count - 5;
        var events = new List<ChainEvent>
        {
            new ParametersActivation { Position = new(1, 0), Timestamp = 1, ParameterHash = s[4] },
            new RoundClose { Position = new(2, 0), Timestamp = 2, RoundId = roundId, Digest = s[3], Prices = [.. example.Oracle.AssetPrices, .. example.Oracle.UnderlyingPrices] },
            new ProofAcceptance { Position = new(block, 0), Timestamp = 4, Account = account, Nonce = nonce, Level = level, RoundId = roundId, Expiry = expiry },
        };
        // The account's earlier proofs, so that the gate's next nonce is the example's.
        if (nonce > 64) throw new InvalidOperationException($"the example's proof nonce {nonce} needs {nonce} earlier proofs in the history: keep it small");
        for (var earlier = 0UL; earlier < nonce; earlier++)
            events.Add(new ProofAcceptance { Position = new(3, 100 + (int)earlier), Timestamp = 3, Account = account, Nonce = earlier, Level = level, RoundId = roundId, Expiry = expiry });
        for (var slot = 0; slot < slots; slot++)
        {
            events.Add(new VenueAdmission { Position = new(1, 1 + slot), Timestamp = 1, Index = (uint)slot + 1, Venue = Address(0x1000 + slot) });
            if (!s[5 + slot].IsZero)
                events.Add(new CommitmentChange { Position = new(3, slot), Timestamp = 3, Account = account, VenueIndex = (uint)slot + 1, Slot = slot, Commitment = s[5 + slot] });
        }
        _history = new ChainHistory(chainId, gate, slots, priceBand: 100_000, fromBlock: 0, toBlock: block, events);
        _envelopes = [.. proofs.Select(p => new ProofEnvelope
        {
            ChainId = chainId, Gate = gate, Account = account, Nonce = nonce, Level = level, RoundId = roundId, Tau = tau,
            Expiry = expiry, Block = block,
            PublicSignals = [.. p.PublicInputs.Select(x => x.ToString(CultureInfo.InvariantCulture))],
            Proof = ProofForms.ToSnarkjs(p.Proof),
        })];

        var report = ProofAudit.Check(_key, _envelopes, _history);
        if (report.Findings.Count > 0 || report.Summary.Valid != _envelopes.Count)
            throw new InvalidOperationException($"the benchmark's audit is not clean: {report.Summary.Valid} valid of {_envelopes.Count}, {report.Findings.Count} findings, the first: {report.Findings.FirstOrDefault()?.Message}");
    }

    private static string Address(BigInteger value) => "0x" + value.ToString("x40", CultureInfo.InvariantCulture)[^40..];

    [Benchmark(OperationsPerInvoke = BatchVerifierBenchmarks.BatchSize)]
    public int AuditPerProof() => ProofAudit.Check(_key, _envelopes, _history).Summary.Valid;
}

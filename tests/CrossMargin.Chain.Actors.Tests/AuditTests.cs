using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using CrossMargin.Chain.Actors.Auditor;
using CrossMargin.Chain.Actors.Trader;
using CrossMargin.Field;
using CrossMargin.Groth16;
using CrossMargin.Margin;
using CrossMargin.Proving;
using CrossMargin.Snarkjs;
using CrossMargin.Testing;
using Xunit;
using Xunit.Abstractions;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>
/// The auditor on a real anvil with real proofs: one story (two venues post, a maintenance proof,
/// leverage granted against an initial-margin proof over the perp venue's post-trade state, a
/// price shock flagged, a liquidation) is played once and audited from the chain, then as
/// batches with a corrupted proof, a proof shown at the wrong block, hostile files and the wrong
/// key.
/// </summary>
public sealed class AuditStory : IAsyncLifetime
{
    public FlowSystem Flow { get; } = new();
    public VerificationKey Key { get; private set; } = null!;
    public string KeyFile { get; private set; } = null!;
    /// <summary>The first block of the story (after the system's setup).</summary>
    public ulong StoryStart { get; private set; }

    public async Task InitializeAsync()
    {
        var flow = Flow;
        await flow.InitializeAsync();
        KeyFile = DevelopmentKeys.Ensure(flow.Circuit, Path.Combine(RepoLayout.Root, "artifacts", "keys")).VerificationKey;
        Key = SnarkjsJson.ReadVerificationKey(KeyFile);
        StoryStart = (ulong)(await flow.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value + 1;
        var random = new Random(1407);
        var trader = flow.TraderAddress;
        var venues = flow.Operator;

        var lending = flow.OpeningOf(venues.Lending.Address, trader, FlowSystem.LendingState(25_000m, 20m, 43_000m), 1, random);
        var perp = flow.OpeningOf(venues.Perp.Address, trader, FlowSystem.PerpState(0.5m), 1, random);
        await venues.Lending.PostAsync(trader, lending.Commitment, 1);
        await venues.Perp.PostAsync(trader, perp.Commitment, 1);

        var prover = flow.Prover(flow.As(2));
        var maintenance = await prover.ProveAsync(trader, [lending, perp], MarginLevel.Maintenance);
        Assert.Equal(SubmissionStatus.Recorded, (await prover.SubmitAsync(maintenance)).Submission.Status);

        // Leverage: the perp venue posts the trade's state and the initial-margin proof over it in one call.
        var perpAfterTrade = flow.OpeningOf(venues.Perp.Address, trader, FlowSystem.PerpState(1.0m), 2, random);
        var t = (await prover.ProveAsync(trader, [lending, perp], MarginLevel.Initial, postTrade: perpAfterTrade)).Submission;
        await venues.Perp.OpenPositionAsync(trader, perpAfterTrade.Commitment, 2, t.Nonce, t.RoundId, t.Tau, [.. t.ProofWords]);

        // ETH up 30 %: the lapse flagged, the grace period over, the account liquidated.
        var ex = flow.Example.Oracle;
        var shock = await flow.CloseRoundAsync([ex.AssetPrices[0], ex.AssetPrices[1] * 13 / 10], [ex.UnderlyingPrices[0] * 13 / 10, ex.UnderlyingPrices[1]]);
        await flow.Keeper.Gate.FlagPriceLapseAsync(trader, shock);
        await flow.Node.AdvanceTimeAsync((ulong)await flow.Governance.Gate.GracePeriodAsync());
        await flow.Liquidator.Gate.LiquidateAsync(trader);
    }

    public Task DisposeAsync() => Flow.DisposeAsync();
}

public sealed class AuditTests(AuditStory system, ITestOutputHelper output) : IClassFixture<AuditStory>
{
    private Task<ChainAuditResult> AuditChainAsync() =>
        ChainAudit.RunAsync(system.Flow.Web3, system.Flow.Governance.Gate.Address, system.StoryStart, null, system.Key);

    [Fact]
    public async Task ChainAudit_EveryAcceptedProofIsValidAndRestsOnTheChainsState_WithTimelinesAndGas()
    {
        var result = await AuditChainAsync();
        var report = result.Report;
        foreach (var f in report.Findings) output.WriteLine($"{f.Kind}: {f.Message}");
        Assert.Empty(report.Findings);
        Assert.Equal(2, report.Summary.Proofs);
        Assert.All(report.Proofs, v => Assert.True(v.Valid && v.InputsMatch));
        Assert.Equal(new[] { (byte)MarginLevel.Maintenance, (byte)MarginLevel.Initial }, report.Proofs.Select(p => p.Level));
        Assert.Equal(new[] { 0UL, 1UL }, report.Proofs.Select(p => p.Nonce));
        Assert.Equal(KeyDigest.Of(system.Key), report.VerificationKeySha256);
        Assert.True(report.Source.CheckedAgainstChain);
        Assert.Equal(2, report.ProofsPerBlock.Sum(b => b.Count));

        // The trader's health: covered after each proof, lapsed by the trade's post (before the
        // initial proof, in the same transaction: the order of the logs), by the shock, then liquidated.
        var timeline = Assert.Single(report.Accounts).Points;
        Assert.Equal(new[] { "proof", "commitment", "proof", "round", "lapse", "liquidated" }, timeline.Select(p => p.Event));
        Assert.All(timeline.Where(p => p.Event == "proof"), p => Assert.True(p.Covered && p.SecondsToExpiry > 0 && p.PriceBandUsedPercent == 0));
        Assert.Equal((byte)MarginLevel.Initial, timeline[2].Level);
        Assert.False(timeline[1].Covered);
        // The shock (30 % on ETH) used more than the whole band: the round closed while still
        // covered (the lapse is flagged after it), at over 100 %.
        var shock = timeline.Single(p => p.Event == "round");
        Assert.True(shock.PriceBandUsedPercent > 100, $"{shock.PriceBandUsedPercent}");
        Assert.False(timeline[^1].Covered);
        Assert.False(timeline[^2].Covered);

        var steps = report.GasPerStep.ToDictionary(g => g.Step);
        foreach (var step in new[] { "post", "submitProof", "openPosition", "report", "closeRound", "flagPriceLapse", "liquidate" })
            Assert.True(steps.ContainsKey(step), $"no gas figure for {step}: {string.Join(", ", steps.Keys)}");
        Assert.Equal(2, steps["post"].Transactions);
        Assert.All(report.GasPerStep, g => Assert.True(g.MedianGas > 21_000 && g.TotalGas >= g.MedianGas));
        foreach (var g in report.GasPerStep) output.WriteLine($"gas {g.Step}: {g.Transactions} tx, median {g.MedianGas}");
    }

    [Fact]
    public async Task BatchAudit_NamesExactlyTheCorruptedProofAndTheOneShownAtTheWrongBlock()
    {
        var chain = (await AuditChainAsync()).Batch.Proofs;
        var (maintenance, initial) = (chain[0], chain[1]);
        List<ProofEnvelope> batch =
        [
            maintenance,
            // Valid points, wrong proof: A and C of another proof.
            initial with { Proof = initial.Proof with { PiA = maintenance.Proof.PiA, PiC = maintenance.Proof.PiC } },
            // A real, valid proof, shown at a block where the account's nonce and perp commitment had moved on.
            maintenance with { Block = initial.Block },
        ];

        var report = (await ChainAudit.CheckBatchAsync(system.Flow.Web3, system.Flow.Governance.Gate.Address, new ProofBatch { Proofs = batch }, system.Key)).Report;
        foreach (var f in report.Findings) output.WriteLine($"{f.Kind} [{f.ProofIndex}]: {f.Message}");
        Assert.Equal(new[] { 1, 2 }, report.Findings.Select(f => f.ProofIndex!.Value).Distinct().Order());
        Assert.Equal(new[] { "invalid-proof" }, report.Findings.Where(f => f.ProofIndex == 1).Select(f => f.Kind));
        Assert.All(report.Findings.Where(f => f.ProofIndex == 2), f => Assert.Equal("input-mismatch", f.Kind));
        var moved = report.Proofs[2].Mismatches;
        Assert.Contains(moved, m => m.StartsWith("nonce is 0", StringComparison.Ordinal));
        Assert.Contains(moved, m => m.Contains("(commitment of slot 1)", StringComparison.Ordinal) && m.Contains($"block {initial.Block}", StringComparison.Ordinal));
        Assert.Equal(new[] { true, false, true }, report.Proofs.Select(v => v.Valid));
        Assert.Equal(new[] { true, true, false }, report.Proofs.Select(v => v.InputsMatch));

        // Without a chain: the proofs are verified, the inputs only against their own envelopes.
        var alone = ProofAudit.Check(system.Key, batch, history: null);
        Assert.False(alone.Source.CheckedAgainstChain);
        Assert.Equal(new[] { 1 }, alone.Findings.Select(f => f.ProofIndex!.Value));
    }

    [Fact]
    public async Task ThousandsOfProofs_AreAuditedWithTheirStateChecks_AllValidAndMatching()
    {
        // The real history and one real proof shown 2,000 times at its own position: each copy is
        // decoded, batch-verified and checked against the replayed state like any other.
        var chain = await AuditChainAsync();
        const int count = 2_000;
        var proofs = Enumerable.Repeat(chain.Batch.Proofs[0], count).ToList();
        ProofAudit.Check(system.Key, proofs.Take(8).ToList(), chain.History); // warm-up: JIT, tables
        // The machine may be shared: the processor time spent says what the audit costs, the wall time what it got.
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var report = ProofAudit.Check(system.Key, proofs, chain.History);
        var cpuSeconds = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        output.WriteLine($"{count} proofs audited in {report.Summary.Seconds:0.000} s: {report.Summary.ProofsPerSecond:0} proofs/s on {Environment.ProcessorCount} cores; "
            + $"{cpuSeconds:0.000} processor seconds: {count / cpuSeconds:0} proofs per processor second ({2 * count / cpuSeconds:0} proofs/s on 2 unshared cores); "
            + $"wall seconds decoding {report.Summary.DecodeSeconds:0.000}, verifying {report.Summary.VerifySeconds:0.000}, checking inputs {report.Summary.InputCheckSeconds:0.000}");
        Assert.Empty(report.Findings);
        Assert.Equal(count, report.Summary.Valid);
    }

    [Fact]
    public async Task HostileBatchFiles_AreRefusedWithTheJsonPath()
    {
        var directory = Directory.CreateTempSubdirectory("crossmargin-audit-").FullName;
        var good = Path.Combine(directory, "good.json");
        ProofBatchFile.Write(good, (await AuditChainAsync()).Batch);
        Assert.Equal(2, ProofBatchFile.Read(good).Proofs.Count);
        var text = File.ReadAllText(good);
        var r = BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495617", CultureInfo.InvariantCulture);

        Refused(text[..(text.Length / 2)], "$");
        Refused(text.Replace("\"format\":", "\"format\": \"x\",\n  \"format\":", StringComparison.Ordinal), "$");
        Refused(Edit(text, p => p["proof"]!["pi_a"]![1] = (BigInteger.Parse((string)p["proof"]!["pi_a"]![1]!, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture)), "$.proofs[0].proof.pi_a");
        Refused(Edit(text, p => p["proof"]!["pi_c"]!.AsArray().RemoveAt(2)), "$.proofs[0].proof.pi_c");
        Refused(Edit(text, p => p["publicSignals"]![3] = r.ToString(CultureInfo.InvariantCulture)), "$.proofs[0].publicSignals[3]");
        Refused(Edit(text, p => p["account"] = "0x12345"), "$.proofs[0].account");

        void Refused(string json, string path)
        {
            var file = Path.Combine(directory, "hostile.json");
            File.WriteAllText(file, json);
            var e = Assert.Throws<ProofBatchFileException>(() => ProofBatchFile.Read(file));
            output.WriteLine(e.Message);
            Assert.StartsWith(path, e.JsonPath, StringComparison.Ordinal);
            Assert.Contains(file, e.Message, StringComparison.Ordinal);
        }

        static string Edit(string json, Action<JsonNode> change)
        {
            var root = JsonNode.Parse(json)!;
            change(root["proofs"]![0]!);
            return root.ToJsonString();
        }
    }

    [Fact]
    public async Task AProofWhoseBIsOnTheTwistButOutsideG2_IsRead_ThenNamedMalformed_AndTheOthersAudited()
    {
        var chain = (await AuditChainAsync()).Batch.Proofs;
        var honest = ProofForms.FromSnarkjs(chain[0].Proof);
        // A point of the whole twist E'(F_q2): almost never in G2 (the chance is 1/h').
        var random = new Random(1407);
        G2Affine outside;
        while (true)
        {
            var x = new Fq2(Fq.FromUInt64((ulong)random.NextInt64()), Fq.FromUInt64((ulong)random.NextInt64()));
            if (QuadraticExtensionSqrt.TrySqrt(x * x * x + CrossMargin.Curves.Bn254.G2Curve.B, out var y) && !CrossMargin.Curves.Bn254.G2Curve.IsInSubgroup(outside = new G2Affine(x, y))) break;
        }
        var forged = chain[0] with { Proof = ProofForms.ToSnarkjs(honest with { B = outside }) };
        var file = Path.Combine(Directory.CreateTempSubdirectory("crossmargin-audit-").FullName, "batch.json");
        ProofBatchFile.Write(file, new ProofBatch { Proofs = [chain[0], forged, chain[1]] });

        // The file is well-formed (B is on its curve, spelled as snarkjs spells it); the audit tests membership once.
        var batch = ProofBatchFile.Read(file);
        var report = ProofAudit.Check(system.Key, batch.Proofs, history: null);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(("malformed", 1), (finding.Kind, finding.ProofIndex!.Value));
        Assert.Contains("proof 1", finding.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { true, false, true }, report.Proofs.Select(v => v.Valid));
    }

    [Fact]
    public async Task AKeyTheDeployedVerifierDoesNotHold_IsRefused()
    {
        // A valid key, but not the deployed one: IC[0] negated (the verifier holds its y, not q - y).
        var other = system.Key with { IC = [system.Key.IC[0].Negate(), .. system.Key.IC[1..]] };
        var e = await Assert.ThrowsAsync<KeyNotDeployedException>(() =>
            ChainAudit.RunAsync(system.Flow.Web3, system.Flow.Governance.Gate.Address, system.StoryStart, null, other));
        Assert.Contains("IC[0].y", e.Message, StringComparison.Ordinal);
        Assert.Contains(KeyDigest.Of(other), e.Message, StringComparison.Ordinal);

        // The deployed key's own points with two public signals' IC points swapped: each constant
        // is in the code, but not in its place.
        var ic = system.Key.IC.ToArray();
        (ic[1], ic[2]) = (ic[2], ic[1]);
        e = await Assert.ThrowsAsync<KeyNotDeployedException>(() =>
            ChainAudit.RunAsync(system.Flow.Web3, system.Flow.Governance.Gate.Address, system.StoryStart, null, system.Key with { IC = ic }));
        Assert.Contains("not in the verifier's order", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAuditVerb_ExitsZeroOnAnHonestChain_OneOnAFinding_TwoOnAHostileBatch_FiveWithoutANode()
    {
        var directory = Directory.CreateTempSubdirectory("crossmargin-audit-cli-").FullName;
        var rpc = system.Flow.Node.Endpoint.ToString();
        var gate = system.Flow.Governance.Gate.Address;
        var (code, stdout, stderr) = CrossmarginCli.RunIn(directory, "audit", "--rpc", rpc, "--gate", gate, "--vk", system.KeyFile,
            "--from-block", system.StoryStart.ToString(CultureInfo.InvariantCulture), "--out", "report.json", "--export-batch", "batch.json");
        output.WriteLine(stdout + stderr);
        Assert.Equal(0, code);
        Assert.Contains("proofs 2, valid 2, invalid 0, input mismatches 0", stdout, StringComparison.Ordinal);
        Assert.Contains(KeyDigest.Of(system.Key), stdout, StringComparison.Ordinal);
        Assert.Contains("\"verificationKeySha256\"", File.ReadAllText(Path.Combine(directory, "report.json")), StringComparison.Ordinal);

        // The exported batch with its second proof's A replaced by the first's: a finding, exit 1.
        var batch = ProofBatchFile.Read(Path.Combine(directory, "batch.json"));
        ProofBatchFile.Write(Path.Combine(directory, "bad.json"), batch with
        {
            Proofs = [batch.Proofs[0], batch.Proofs[1] with { Proof = batch.Proofs[1].Proof with { PiA = batch.Proofs[0].Proof.PiA } }],
        });
        (code, stdout, _) = CrossmarginCli.RunIn(directory, "audit", "--batch", "bad.json", "--rpc", rpc, "--gate", gate, "--vk", system.KeyFile);
        Assert.Equal(1, code);
        Assert.Contains("invalid-proof: proof 1 ", stdout, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(directory, "truncated.json"), File.ReadAllText(Path.Combine(directory, "batch.json"))[..100]);
        (code, _, stderr) = CrossmarginCli.RunIn(directory, "audit", "--batch", "truncated.json", "--vk", system.KeyFile);
        Assert.Equal(2, code);
        Assert.Contains("truncated.json", stderr, StringComparison.Ordinal);

        int closedPort;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }
        (code, _, stderr) = CrossmarginCli.RunIn(directory, "audit", "--rpc", $"http://127.0.0.1:{closedPort}/", "--gate", gate, "--vk", system.KeyFile);
        Assert.True(code == 5, stderr);
        Assert.Contains("unavailable", stderr, StringComparison.Ordinal);
    }
}

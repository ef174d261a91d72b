using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using CrossMargin.Chain;
using CrossMargin.Chain.Actors;
using CrossMargin.Chain.Actors.Auditor;
using CrossMargin.Chain.Actors.Governance;
using CrossMargin.Chain.Actors.Relay;
using CrossMargin.Chain.Actors.Trader;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Chain.Contracts;
using CrossMargin.Chain.Contracts.Deployment;
using CrossMargin.Margin;
using CrossMargin.Proving;
using CrossMargin.Snarkjs;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3;

namespace CrossMargin.Cli.Demo;

/// <summary>A step of the demo did not behave as the story says (exit 1): what was expected and what happened.</summary>
public sealed class DemoStepException(string step, string problem) : InvalidStatementException($"demo step '{step}': {problem}");

/// <summary>
/// The whole story of docs/design.md ("Actors and flow") on two local chains, told step by step
/// with real parts: the gate's chain (31337) holds the margin system and the perp venue; a second
/// chain (31338) holds the lending venue, whose commitment reaches the gate's registry through a
/// 2-of-3 relay committee. The trader proves maintenance over both venues, is granted leverage on
/// the perp venue against the lending venue's collateral, a price shock leaves the account short,
/// a keeper flags the lapse, liquidation waits for the grace period, the perp venue is paid from
/// the vault, and an auditor checks every proof the gate accepted. Every step checks that the
/// chain did what the story says; the first that did not ends the demo (exit 1).
/// </summary>
/// <remarks>
/// Dev accounts (anvil's public keys): 0 governance, 1 both venues' operator, 2 the trader, 3 a
/// keeper, 4 a liquidator, 5-7 the oracle reporters, 7-9 the relay committee (7 and 8 sign), 6
/// sends the relay's transactions. One client per account and chain, so that each account's
/// transactions share one nonce count.
/// </remarks>
internal sealed class DemoStory(DemoOutput output, string artifactsRoot, string outputDirectory, Uri? gateRpc = null, Uri? lendingRpc = null)
{
    /// <summary>The chain ids of the chains the demo starts itself.</summary>
    private const ulong EmbeddedGateChainId = 31337;
    private const ulong EmbeddedLendingChainId = 31338;
    private const ulong ParameterDelay = 3600;
    /// <summary>ETH falls by this much (percent) in the shock: beyond the gate's band, and enough to leave the levered account short.</summary>
    private const int ShockPercent = 45;

    private readonly MarginConfiguration _configuration = MarginConfiguration.Small;
    private readonly Dictionary<(ulong Chain, int Account), SystemContracts> _signers = [];
    private AnvilNode _gateNode = null!;
    private AnvilNode _lendingNode = null!;
    private SystemContracts _gate = null!;
    private SystemContracts _source = null!;
    private Portfolio _example = null!;

    private string Trader => _gateNode.DevAccounts[2].Address;
    private ulong GateChainId => _gateNode.ChainId;
    private ulong LendingChainId => _lendingNode.ChainId;

    public async Task RunAsync(CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        _example = PortfolioFile.Read(Path.Combine(RepoRoot, "examples", "portfolio.json"));
        var circuit = MarginCircuit.Locate(_configuration, Path.Combine(artifactsRoot, "circuits"));
        var keys = output.Step("the development proving key", progress => DevelopmentKeys.Ensure(circuit, Path.Combine(artifactsRoot, "keys"), progress));
        var zkey = keys.Zkey;

        await using (_gateNode = await output.StepAsync(gateRpc is null ? "start two local chains" : "attach to the two development nodes given",
            () => gateRpc is null ? AnvilNode.StartAsync(new AnvilOptions { ChainId = EmbeddedGateChainId }, cancellation) : AnvilNode.AttachAsync(gateRpc)).ConfigureAwait(false))
        await using (_lendingNode = lendingRpc is null
            ? await AnvilNode.StartAsync(new AnvilOptions { ChainId = EmbeddedLendingChainId }, cancellation).ConfigureAwait(false)
            : await AnvilNode.AttachAsync(lendingRpc).ConfigureAwait(false))
        {
            if (GateChainId == LendingChainId)
                throw new DemoStepException("attach", $"both nodes answer as chain {GateChainId}: the lending venue's chain must be another one");
            output.Done($"chain {GateChainId} (the gate, the perp venue) at {_gateNode.Endpoint}; chain {LendingChainId} (the lending venue) at {_lendingNode.Endpoint}");
            await DeployAsync(cancellation).ConfigureAwait(false);
            var round = await OracleRoundAsync("oracle round at the example's prices", _example.Oracle.AssetPrices, _example.Oracle.UnderlyingPrices).ConfigureAwait(false);
            var (token, deposit) = await DepositAsync().ConfigureAwait(false);
            var (lending, perp) = await PostAndRelayAsync(cancellation).ConfigureAwait(false);
            var prover = new TraderProver(As(GateChainId, 2), circuit, zkey, Directory.CreateDirectory(Path.Combine(outputDirectory, "trader")).FullName);
            await ProveMaintenanceAsync(prover, lending, perp).ConfigureAwait(false);
            var levered = await LeverageAsync(prover, lending, perp).ConfigureAwait(false);
            await ShockLapseAndLiquidateAsync(prover, lending, levered, round).ConfigureAwait(false);
            await SettleAsync(token, deposit).ConfigureAwait(false);
            await AuditAsync(keys.VerificationKey, cancellation).ConfigureAwait(false);
        }
        output.Line($"the story ran as told in {clock.Elapsed.TotalSeconds:0.0} s; files in {outputDirectory}");
    }

    private static string RepoRoot => Path.GetFullPath(Path.Combine(MarginCommands.ArtifactsRoot(), ".."));

    /// <summary>The system on <paramref name="chain"/> seen by dev account <paramref name="account"/>.</summary>
    private SystemContracts As(ulong chain, int account)
    {
        if (_signers.TryGetValue((chain, account), out var system)) return system;
        var node = chain == GateChainId ? _gateNode : _lendingNode;
        var governance = chain == GateChainId ? _gate : _source;
        return _signers[(chain, account)] = account == 0 ? governance : governance.As(node.Web3For(account));
    }

    private async Task DeployAsync(CancellationToken cancellation)
    {
        var gateDeployment = await output.StepAsync($"deploy the system on chain {GateChainId}", () => SystemDeployment.RunAsync(_gateNode.Web3For(0), new DeploymentConfig
        {
            ParameterDelay = ParameterDelay,
            LendingOperator = _gateNode.DevAccounts[1].Address,
            PerpOperator = _gateNode.DevAccounts[1].Address,
        }, cancellationToken: cancellation)).ConfigureAwait(false);
        _gate = await SystemContracts.ConnectAsync(_gateNode.Web3For(0), gateDeployment).ConfigureAwait(false);
        _signers[(GateChainId, 0)] = _gate;
        output.Done($"{gateDeployment.Steps.Count} contracts, gas {Gas(gateDeployment.TotalGas)}; gate {_gate.Gate.Address}, verifier pinned to key sha256 {gateDeployment.VerificationKeySha256[..16]}...");

        var sourceDeployment = await output.StepAsync($"deploy the registry and the lending venue's side on chain {LendingChainId}", () => SystemDeployment.RunAsync(_lendingNode.Web3For(0), new DeploymentConfig
        {
            LendingOperator = _lendingNode.DevAccounts[1].Address,
        }, cancellationToken: cancellation)).ConfigureAwait(false);
        _source = await SystemContracts.ConnectAsync(_lendingNode.Web3For(0), sourceDeployment).ConfigureAwait(false);
        _signers[(LendingChainId, 0)] = _source;
        output.Done($"gas {Gas(sourceDeployment.TotalGas)}; lending venue {_source.Lending.Address}");

        await output.StepAsync("governance: admit the venues, name the reporters and the relay committee, propose the risk parameters", async () =>
        {
            await SystemSetup.AdmitSampleVenuesAsync(_source).ConfigureAwait(false);
            await SystemSetup.AdmitSampleVenuesAsync(_gate).ConfigureAwait(false);
            await _gate.Registry.AdmitRemoteVenueAsync(LendingChainId, _source.Registry.Address, _source.Lending.Address).ConfigureAwait(false);
            await SystemSetup.GrantReportersAsync(_gate, [.. Enumerable.Range(5, 3).Select(i => _gateNode.DevAccounts[i].Address)]).ConfigureAwait(false);
            await SystemSetup.SetCommitteeAsync(_gate, [.. new[] { 7, 8, 9 }.Select(i => _gateNode.DevAccounts[i].Address)], 2).ConfigureAwait(false);
            await SystemSetup.ProposeParametersAsync(_gate, _example.Parameters).ConfigureAwait(false);
        }).ConfigureAwait(false);
        output.Done($"remote venue: chain {LendingChainId}'s lending venue; committee 2 of 3; parameters proposed, active after a {ParameterDelay} s timelock");

        var activated = await output.StepAsync("the timelock passes; governance activates the parameters", async () =>
        {
            await _gateNode.AdvanceTimeAsync(ParameterDelay).ConfigureAwait(false);
            return await SystemSetup.ActivateParametersAsync(_gate).ConfigureAwait(false);
        }).ConfigureAwait(false);
        var active = await _gate.Registry.ParameterHashAsync().ConfigureAwait(false);
        Expect("activate the parameters", active != 0, "the registry has no active parameter set");
        output.Done($"gas {Gas(activated.GasUsed.Value)}; parameter hash {Short(active)}");
    }

    /// <summary>Reporters 5-7 report the prices, a keeper closes the round; returns its id.</summary>
    private async Task<ulong> OracleRoundAsync(string title, IReadOnlyList<BigInteger> assets, IReadOnlyList<BigInteger> underlyings)
    {
        List<BigInteger> prices = [.. assets.Concat(underlyings)];
        var (reportGas, closeGas) = await output.StepAsync(title, async () =>
        {
            BigInteger reported = 0;
            for (var r = 5; r <= 7; r++) reported += (await As(GateChainId, r).Hub.ReportAsync(prices).ConfigureAwait(false)).GasUsed.Value;
            var closed = await As(GateChainId, 3).Hub.CloseRoundAsync().ConfigureAwait(false);
            return (reported, closed.GasUsed.Value);
        }).ConfigureAwait(false);
        var round = await _gate.Hub.LatestRoundIdAsync().ConfigureAwait(false);
        output.Done($"round {round}: {FormatPrices(underlyings)}; gas 3 reports {Gas(reportGas)}, close {Gas(closeGas)}");
        return round;
    }

    private string FormatPrices(IReadOnlyList<BigInteger> underlyings)
    {
        // Prices carry 8 decimals, VALUE 6.
        return string.Join(", ", underlyings.Select((price, u) => $"{_example.Parameters.Underlyings[u].Symbol} {FixedPoint.Usd(price / 100)}"));
    }

    private async Task<(SampleTokenClient Token, BigInteger Deposit)> DepositAsync()
    {
        var deposit = SampleStates.Amount(30_000m);
        var trader = As(GateChainId, 2);
        var (token, gas) = await output.StepAsync("the trader deposits 30,000 sample USDC into the vault", async () =>
        {
            var token = await SampleTokenClient.DeployAsync(_gateNode.Web3For(0), "Sample USD Coin", "sUSDC").ConfigureAwait(false);
            await token.MintAsync(Trader, deposit).ConfigureAwait(false);
            var traderToken = new SampleTokenClient(trader.Web3, token.Address);
            await traderToken.ApproveAsync(trader.Vault.Address, deposit).ConfigureAwait(false);
            return (token, (await trader.Vault.DepositAsync(token.Address, deposit).ConfigureAwait(false)).GasUsed.Value);
        }).ConfigureAwait(false);
        Expect("deposit", await _gate.Vault.BalanceOfAsync(Trader, token.Address).ConfigureAwait(false) == deposit, "the vault does not hold the deposit");
        output.Done($"gas {Gas(gas)}; the vault holds it for the trader");
        return (token, deposit);
    }

    private async Task<(Opening Lending, Opening Perp)> PostAndRelayAsync(CancellationToken cancellation)
    {
        var lending = OpeningOf(LendingChainId, _source.Registry.Address, _source.Lending.Address, SampleStates.Lending(25_000m, 20m, 43_000m), 1, $"lending (chain {LendingChainId})");
        var lendingGas = await output.StepAsync($"the lending venue on chain {LendingChainId} commits to the trader's state", async () =>
            (await As(LendingChainId, 1).Lending.PostAsync(Trader, lending.Commitment, 1).ConfigureAwait(false)).GasUsed.Value).ConfigureAwait(false);
        output.Done($"25,000 USDC and 20 ETH deposited, 43,000 USDC borrowed: only the commitment {Short(lending.Commitment)} is public; gas {Gas(lendingGas)}");

        var relayed = await output.StepAsync($"the relay committee carries the commitment to chain {GateChainId}", async () =>
        {
            await _lendingNode.MineAsync(2).ConfigureAwait(false);
            var relay = await CommitteeRelay.CreateAsync(new RelayOptions
            {
                Source = _lendingNode.Web3,
                SourceRegistry = _source.Registry.Address,
                Destination = As(GateChainId, 6).Web3,
                DestinationRegistry = _gate.Registry.Address,
                CommitteeKeys = [new EthECKey(AnvilNode.DevKeys[7]), new EthECKey(AnvilNode.DevKeys[8])],
                Confirmations = 2,
                StatePath = Path.Combine(outputDirectory, "relay-state.json"),
            }).ConfigureAwait(false);
            return await relay.PassAsync(cancellation).ConfigureAwait(false);
        }).ConfigureAwait(false);
        Expect("relay", relayed.Carried.Count == 1, $"{relayed.Carried.Count} commitments carried; the story has one");
        var mirrored = await _gate.Registry.SlotOfAsync(Trader, 0).ConfigureAwait(false);
        Expect("relay", mirrored.Commitment == lending.Commitment, "the gate's registry does not hold the lending venue's commitment in slot 0");
        output.Done($"2 of 3 signatures checked on-chain; gas {Gas(relayed.Carried[0].GasUsed)}");

        var perp = OpeningOf(GateChainId, _gate.Registry.Address, _gate.Perp.Address, SampleStates.Perp(0.5m), 1, "perp");
        var perpGas = await output.StepAsync("the perp venue commits to the trader's options and a 0.5 BTC perp", async () =>
            (await As(GateChainId, 1).Perp.PostAsync(Trader, perp.Commitment, 1).ConfigureAwait(false)).GasUsed.Value).ConfigureAwait(false);
        output.Done($"8,000 USDC margin, short 6.2 ETH of options, long 0.5 BTC: commitment {Short(perp.Commitment)}; gas {Gas(perpGas)}");
        return (lending, perp);
    }

    private async Task ProveMaintenanceAsync(TraderProver prover, Opening lending, Opening perp)
    {
        var proof = await output.StepAsync("the trader proves maintenance margin over both venues", () => prover.ProveAsync(Trader, [lending, perp], MarginLevel.Maintenance)).ConfigureAwait(false);
        output.Done($"{proof.Statement.Report.Explain(MarginLevel.Maintenance)}; proof {proof.ProvingTime.TotalMilliseconds:0} ms; the chain sees neither figure");
        var outcome = await output.StepAsync("the gate verifies the proof and records the account's health", () => prover.SubmitAsync(proof)).ConfigureAwait(false);
        Expect("submit the proof", outcome.Submission.Status == SubmissionStatus.Recorded, $"the proof is {outcome.Submission.Status}: {outcome.Submission.Note}");
        var health = await _gate.Gate.HealthOfAsync(Trader).ConfigureAwait(false);
        Expect("submit the proof", health.Expiry > 0 && health.Level == (byte)MarginLevel.Maintenance, "the gate records no live maintenance proof");
        output.Done($"gas {Gas(outcome.Submission.GasUsed ?? 0)}; healthy at maintenance until {Time(health.Expiry)}");
    }

    private async Task<Opening> LeverageAsync(TraderProver prover, Opening lending, Opening perp)
    {
        var perpAfter = OpeningOf(GateChainId, _gate.Registry.Address, _gate.Perp.Address, SampleStates.Perp(1.0m), 2, "perp");
        var before = MarginCalculator.Calculate(Over([lending.Value, perp.Value], await CurrentRoundAsync().ConfigureAwait(false)), _configuration);
        var trade = await output.StepAsync("leverage: the trader asks the perp venue to grow the BTC perp to 1.0, proving initial margin over the post-trade state",
            () => prover.ProveAsync(Trader, [lending, perp], MarginLevel.Initial, postTrade: perpAfter)).ConfigureAwait(false);
        output.Done($"before: {before.Explain(MarginLevel.Initial)}; after: {trade.Statement.Report.Explain(MarginLevel.Initial)}; proof {trade.ProvingTime.TotalMilliseconds:0} ms");

        var t = trade.Submission;
        var granted = await output.StepAsync("the perp venue posts the trade with the proof; the gate checks it covers the new position",
            () => As(GateChainId, 1).Perp.OpenPositionAsync(Trader, perpAfter.Commitment, 2, t.Nonce, t.RoundId, t.Tau, [.. t.ProofWords])).ConfigureAwait(false);
        Expect("leverage", _gate.Perp.EventsIn<LeverageGrantedEvent>(granted).Count == 1, "no LeverageGranted event");
        var health = await _gate.Gate.HealthOfAsync(Trader).ConfigureAwait(false);
        Expect("leverage", health.Level == (byte)MarginLevel.Initial, "the gate's record is not the initial-margin proof");
        output.Done($"leverage granted against the lending venue's collateral on chain {LendingChainId}; gas {Gas(granted.GasUsed.Value)}");
        return perpAfter;
    }

    private async Task ShockLapseAndLiquidateAsync(TraderProver prover, Opening lending, Opening levered, ulong provedRound)
    {
        var ex = _example.Oracle;
        List<BigInteger> assets = [ex.AssetPrices[0], ex.AssetPrices[1] * (100 - ShockPercent) / 100];
        List<BigInteger> underlyings = [ex.UnderlyingPrices[0] * (100 - ShockPercent) / 100, ex.UnderlyingPrices[1]];
        var shocked = await OracleRoundAsync($"price shock: ETH falls {ShockPercent}%", assets, underlyings).ConfigureAwait(false);
        var after = MarginCalculator.Calculate(Over([lending.Value, levered.Value], new OracleRound(shocked, assets, underlyings)), _configuration);
        output.Done($"at the new prices the account is {after.Explain(MarginLevel.Maintenance)}");
        Expect("price shock", !after[MarginLevel.Maintenance].Solvent, "the account is still solvent after the shock; the story needs it short");

        var band = await _gate.Gate.PriceBandAsync().ConfigureAwait(false);
        var flagged = await output.StepAsync("a keeper flags the lapse: a price moved beyond the gate's band since the proved round",
            () => As(GateChainId, 3).Gate.FlagPriceLapseAsync(Trader, shocked)).ConfigureAwait(false);
        var lapsedAt = await _gate.Gate.LapsedAtAsync(Trader).ConfigureAwait(false);
        Expect("flag the lapse", lapsedAt > 0, "the gate records no lapse");
        output.Done($"band {(decimal)band / 10_000m:0.##}%, round {provedRound} -> {shocked}; lapsed at {Time((ulong)lapsedAt)}; gas {Gas(flagged.GasUsed.Value)}");

        await output.StepAsync("the trader tries to prove again at the new prices and cannot", async () =>
        {
            try
            {
                await prover.ProveAsync(Trader, [lending, levered], MarginLevel.Maintenance).ConfigureAwait(false);
            }
            catch (InsolventPortfolioException)
            {
                return;
            }
            throw new DemoStepException("re-prove", "the prover proved an account the model finds short");
        }).ConfigureAwait(false);
        output.Done("the prover refuses: no proof of a false statement can be made");

        var grace = (ulong)await _gate.Gate.GracePeriodAsync().ConfigureAwait(false);
        await output.StepAsync("a liquidator tries at once: refused during the grace period", async () =>
        {
            try
            {
                await As(GateChainId, 4).Gate.LiquidateAsync(Trader).ConfigureAwait(false);
            }
            catch (NotLiquidatableException)
            {
                return;
            }
            throw new DemoStepException("liquidate early", "the gate liquidated an account inside its grace period");
        }).ConfigureAwait(false);
        output.Done($"NotLiquidatable: the trader has {grace} s to restore margin");

        var liquidation = await output.StepAsync($"the grace period passes ({grace} s); the liquidator liquidates", async () =>
        {
            await _gateNode.AdvanceTimeAsync(grace).ConfigureAwait(false);
            return await As(GateChainId, 4).Gate.LiquidateAsync(Trader).ConfigureAwait(false);
        }).ConfigureAwait(false);
        Expect("liquidate", _gate.Gate.EventsIn<LiquidatedEvent>(liquidation).Count == 1, "no Liquidated event");
        Expect("liquidate", (await _gate.Gate.HealthOfAsync(Trader).ConfigureAwait(false)).Expiry == 0, "the account still has a live proof");
        output.Done($"gas {Gas(liquidation.GasUsed.Value)}; the account's health is cleared");
    }

    private async Task SettleAsync(SampleTokenClient token, BigInteger deposit)
    {
        var loss = SampleStates.Amount(5_000m);
        var settled = await output.StepAsync("the perp venue closes the position at a 5,000 USDC loss; the vault pays it and the liquidator's bonus",
            () => As(GateChainId, 1).Perp.SettleLiquidationAsync(Trader, token.Address, loss, 0, 3)).ConfigureAwait(false);
        var settlement = _gate.Vault.EventsIn<LiquidationSettledEvent>(settled);
        Expect("settle", settlement.Count == 1 && settlement[0].Loss == loss, "no LiquidationSettled event for the loss");
        var bonus = settlement[0].Bonus;
        var left = await _gate.Vault.BalanceOfAsync(Trader, token.Address).ConfigureAwait(false);
        Expect("settle", left == deposit - loss - bonus, $"the vault holds {left} for the trader; expected {deposit - loss - bonus}");
        output.Done($"loss {FixedPoint.Usd(loss)}, bonus {FixedPoint.Usd(bonus)}, the trader keeps {FixedPoint.Usd(left)} in the vault; gas {Gas(settled.GasUsed.Value)}");
    }

    /// <summary>The auditor's view: every proof the gate accepted, verified and checked against the chain's state at its block; the report as JSON and as a page.</summary>
    private async Task AuditAsync(string verificationKeyFile, CancellationToken cancellation)
    {
        var key = SnarkjsJson.ReadVerificationKey(verificationKeyFile);
        var audit = await output.StepAsync("the auditor checks every proof the gate accepted against the chain's state at its block",
            () => ChainAudit.RunAsync(_gateNode.Web3, _gate.Gate.Address, 0, null, key, cancellation)).ConfigureAwait(false);
        var report = audit.Report;
        var folder = Directory.CreateDirectory(Path.Combine(outputDirectory, "audit")).FullName;
        ProofAuditCommands.WriteFiles(report, Path.Combine(folder, "report.json"), Path.Combine(folder, "report.html"), audit.Batch, Path.Combine(folder, "batch.json"));
        var s = report.Summary;
        Expect("audit", s.Proofs == 2, $"the auditor found {s.Proofs} accepted proofs; the story made 2 (maintenance, and the leverage's initial margin)");
        Expect("audit", report.Findings.Count == 0, $"{report.Findings.Count} findings, the first: {report.Findings.FirstOrDefault()?.Message}");
        var gasSteps = string.Join(", ", report.GasPerStep.Select(g => $"{g.Step} {Gas(g.MedianGas)}"));
        output.Done($"{s.Proofs} proofs, {s.Valid} valid, every input as the chain held it, no findings; key sha256 {report.VerificationKeySha256[..16]}...; median gas per step: {gasSteps}");
        output.Done($"report: {Path.Combine(folder, "report.json")} and {Path.Combine(folder, "report.html")} (one page, no network); the proofs as a batch: {Path.Combine(folder, "batch.json")}");
    }

    private async Task<OracleRound> CurrentRoundAsync()
    {
        var id = await _gate.Hub.LatestRoundIdAsync().ConfigureAwait(false);
        return new OracleRound(id, _example.Oracle.AssetPrices, _example.Oracle.UnderlyingPrices);
    }

    /// <summary>The trader's portfolio over <paramref name="venues"/> at <paramref name="round"/>, under the example's parameters (for the figures printed; the proofs read the chain themselves).</summary>
    private Portfolio Over(IReadOnlyList<VenueOpening> venues, OracleRound round) =>
        _example with { Oracle = round, Venues = venues };

    private Opening OpeningOf(ulong chainId, string registry, string venue, VenueState state, ulong stateNonce, string label)
    {
        // A venue's blinding hides the state behind its commitment: drawn fresh, never reused.
        var blinding = new BigInteger(RandomNumberGenerator.GetBytes(31), isUnsigned: true);
        return Opening.Of(_configuration, chainId, registry, venue, Trader, new VenueOpening(state, stateNonce, blinding, label));
    }

    private static void Expect(string step, bool held, string problem)
    {
        if (!held) throw new DemoStepException(step, problem);
    }

    private static string Gas(BigInteger gas) => gas.ToString("N0", CultureInfo.InvariantCulture);

    private static string Short(BigInteger value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        return text.Length <= 14 ? text : $"{text[..6]}...{text[^6..]}";
    }

    private static string Time(ulong unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds((long)unixSeconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}

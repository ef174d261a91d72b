using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace CrossMargin.Chain.Contracts.Deployment;

/// <summary>
/// A deployment step that failed: which one, why, and what had landed before it (the deployment
/// file records those, so a resumed run continues from this step).
/// </summary>
public sealed class DeploymentStepException(string step, int number, int total, IReadOnlyList<DeploymentStep> landed, string? pendingTransaction, Exception inner)
    : Exception($"step {number} of {total} ({step}) failed: {inner.Message}. Already deployed: "
        + (landed.Count == 0 ? "nothing" : string.Join(", ", landed.Select(s => s.Address is null ? s.Name : $"{s.Name} {s.Address}")))
        + (pendingTransaction is null ? "" : $"; sent, its receipt not seen: {pendingTransaction}"), inner)
{
    /// <summary>This step's transaction, when it was sent but its receipt not seen (a resumed run looks it up before sending again).</summary>
    public string? PendingTransaction { get; } = pendingTransaction;

    public string Step { get; } = step;
    public IReadOnlyList<DeploymentStep> Landed { get; } = landed;
}

/// <summary>
/// Deploys and wires the whole system of the compiled verifier's circuit (the small solvency
/// circuit, V = A = U = 2, G = 4), in this order, each step a transaction whose receipt is
/// awaited: PoseidonT6 (the library the registry and the hub link), the verifier, the registry,
/// the oracle hub, the gate (over the registry, hub and verifier), the vault (over the gate and
/// registry), the lending and perpetuals sample venues, and the registry's GATE_ROLE granted to
/// the gate. Transactions are EIP-1559 (Nethereum's default with a signing account). After the
/// last step the wiring is read back from the chain.
/// </summary>
/// <remarks>
/// After each step lands, <c>save</c> receives the record so far (incomplete until the end).
/// Given such a record, a run resumes: steps already recorded are checked (same chain and
/// deployer, code at the address, the same arguments as the configuration now gives) and kept,
/// and the first missing step is where the run continues.
/// </remarks>
public static class SystemDeployment
{
    public const string Poseidon = "poseidonT6";
    public const string Verifier = "verifier";
    public const string Registry = "registry";
    public const string OracleHub = "oracleHub";
    public const string Gate = "gate";
    public const string Vault = "vault";
    public const string LendingVenue = "lendingVenue";
    public const string PerpVenue = "perpVenue";
    public const string GateRole = "grantGateRole";

    /// <summary>The steps in order.</summary>
    public static IReadOnlyList<string> Steps { get; } = [Poseidon, Verifier, Registry, OracleHub, Gate, Vault, LendingVenue, PerpVenue, GateRole];

    /// <summary>The contract the generated verifier client deploys.</summary>
    public const string VerifierContract = "SolvencySmallVerifier";

    /// <summary>
    /// SHA-256 of the verification key the compiled verifier was generated from, as the first
    /// lines of contracts/src/generated/SolvencySmallVerifier.sol state it (read by this
    /// project's build into its assembly metadata).
    /// </summary>
    public static string VerifierKeySha256 { get; } =
        typeof(SystemDeployment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "CrossMargin.SolvencySmallVerifierKeySha256")?.Value is { Length: 64 } digest
            ? digest
            : throw new InvalidOperationException("the build did not record the verifier's key digest (CrossMargin.Chain.Contracts.csproj)");

    /// <summary>
    /// Runs the deployment with <paramref name="web3"/>'s account as sender (and, unless the
    /// configuration names others, governance and the venues' operator).
    /// </summary>
    public static async Task<DeploymentRecord> RunAsync(IWeb3 web3, DeploymentConfig config, DeploymentRecord? resume = null,
        Action<DeploymentRecord>? save = null, Action<DeploymentStep, bool>? progress = null, string? contractsCommit = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(web3);
        ArgumentNullException.ThrowIfNull(config);
        var sender = web3.TransactionManager.Account?.Address
            ?? throw new ArgumentException("the Web3 has no signing account", nameof(web3));
        var chainId = (ulong)(await web3.Eth.ChainId.SendRequestAsync().ConfigureAwait(false)).Value;
        var run = new Run(web3, config, sender, chainId, resume, save, progress, contractsCommit, cancellationToken);
        return await run.ExecuteAsync().ConfigureAwait(false);
    }

    private sealed class Run(IWeb3 web3, DeploymentConfig config, string sender, ulong chainId, DeploymentRecord? resume,
        Action<DeploymentRecord>? save, Action<DeploymentStep, bool>? progress, string? contractsCommit, CancellationToken ct)
    {
        private readonly List<DeploymentStep> _landed = [];

        private DeploymentRecord Record(bool complete) => new()
        {
            Complete = complete,
            ChainId = chainId,
            Deployer = sender,
            Verifier = VerifierContract,
            VerificationKeySha256 = VerifierKeySha256,
            ContractsCommit = contractsCommit ?? resume?.ContractsCommit,
            Config = config.ToJson(sender),
            Steps = [.. _landed],
            Pending = _pending,
        };

        public async Task<DeploymentRecord> ExecuteAsync()
        {
            CheckResumable();
            var governance = config.Governance ?? sender;
            var poseidon = await Create(Poseidon, "PoseidonT6", [], PoseidonT6Client.CreateDeploymentMessage()).ConfigureAwait(false);
            var verifier = await Create(Verifier, VerifierContract, [], SolvencySmallVerifierClient.CreateDeploymentMessage()).ConfigureAwait(false);
            var registry = await Create(Registry, "CollateralRegistry",
                [poseidon, config.Venues, config.Assets, config.Underlyings, config.GridPoints, governance, config.ParameterDelay],
                CollateralRegistryClient.CreateDeploymentMessage(poseidon, config.Venues, config.Assets, config.Underlyings, config.GridPoints, governance, config.ParameterDelay)).ConfigureAwait(false);
            var hubSettings = config.OracleHub;
            var hubConfig = new OracleHubConfig
            {
                Heartbeat = hubSettings.Heartbeat,
                MinReports = hubSettings.MinReports,
                MinPrice = [.. config.MinPrices()],
                MaxPrice = [.. config.MaxPrices()],
                MaxDeviation = hubSettings.MaxDeviation,
                MaxJump = hubSettings.MaxJump,
                JumpWindow = hubSettings.JumpWindow,
            };
            var hub = await Create(OracleHub, "OracleHub",
                [poseidon, config.Assets, config.Underlyings, governance, config.ToJson(sender)["oracleHub"]!.DeepClone()],
                OracleHubClient.CreateDeploymentMessage(poseidon, config.Assets, config.Underlyings, governance, hubConfig)).ConfigureAwait(false);
            var g = config.Gate;
            var gateConfig = new MarginGateConfig
            {
                ProofValidity = g.ProofValidity,
                MaxRoundAge = g.MaxRoundAge,
                GracePeriod = g.GracePeriod,
                PriceBand = g.PriceBand,
                LiquidationWindow = g.LiquidationWindow,
                MaxLiquidationsPerWindow = g.MaxLiquidationsPerWindow,
            };
            var gate = await Create(Gate, "MarginGate",
                [registry, hub, verifier, config.ToJson(sender)["gate"]!.DeepClone()],
                MarginGateClient.CreateDeploymentMessage(registry, hub, verifier, gateConfig)).ConfigureAwait(false);
            var vault = await Create(Vault, "CollateralVault", [gate, registry, config.VaultBonus.ToString(CultureInfo.InvariantCulture)],
                CollateralVaultClient.CreateDeploymentMessage(gate, registry, config.VaultBonus)).ConfigureAwait(false);
            var lendingOperator = config.LendingOperator ?? sender;
            await Create(LendingVenue, "LendingVenue", [registry, gate, vault, lendingOperator],
                LendingVenueClient.CreateDeploymentMessage(registry, gate, vault, lendingOperator)).ConfigureAwait(false);
            var perpOperator = config.PerpOperator ?? sender;
            await Create(PerpVenue, "PerpVenue", [registry, gate, vault, perpOperator],
                PerpVenueClient.CreateDeploymentMessage(registry, gate, vault, perpOperator)).ConfigureAwait(false);
            var registryClient = new CollateralRegistryClient(web3, registry);
            await Step(GateRole, "CollateralRegistry", ["GATE_ROLE", gate], creates: false, async () =>
            {
                var role = await registryClient.GateRoleAsync().ConfigureAwait(false);
                var grant = new CollateralRegistryClient.GrantRoleFunction { Role = role, Account = gate };
                return await ContractErrors.Table.Run(() => registryClient.Handler.SendRequestAsync(grant)).ConfigureAwait(false);
            }).ConfigureAwait(false);

            var record = Record(complete: true);
            await CheckWiringAsync(record).ConfigureAwait(false);
            save?.Invoke(record);
            return record;
        }

        private void CheckResumable()
        {
            if (resume is null) return;
            if (resume.ChainId != chainId)
                throw new DeploymentFileException($"the deployment to resume is on chain {resume.ChainId}; the node is chain {chainId}");
            if (!string.Equals(resume.Deployer, sender, StringComparison.OrdinalIgnoreCase))
                throw new DeploymentFileException($"the deployment to resume was sent by {resume.Deployer}; this run's sender is {sender}");
            if (resume.VerificationKeySha256 != VerifierKeySha256)
                throw new DeploymentFileException($"the deployment to resume has a verifier for the key with SHA-256 {resume.VerificationKeySha256}; this build's verifier is for {VerifierKeySha256}");
            for (var i = 0; i < resume.Steps.Count; i++)
                if (i >= Steps.Count || resume.Steps[i].Name != Steps[i])
                    throw new DeploymentFileException($"the deployment to resume has step '{resume.Steps[i].Name}' where step {i + 1} is '{(i < Steps.Count ? Steps[i] : "(none)")}'");
        }

        private async Task<string> Create<TMessage>(string name, string contract, JsonArray arguments, TMessage message)
            where TMessage : ContractDeploymentMessage, new()
        {
            var step = await Step(name, contract, arguments, creates: true,
                () => ContractErrors.Table.Run(() => web3.Eth.GetContractDeploymentHandler<TMessage>().SendRequestAsync(message))).ConfigureAwait(false);
            return step.Address!;
        }

        // The transaction sent for the current step whose receipt is not seen yet: recorded in the file before waiting.
        private PendingStep? _pending;

        private async Task<DeploymentStep> Step(string name, string contract, JsonArray arguments, bool creates, Func<Task<string>> send)
        {
            var index = _landed.Count;
            if (resume is not null && index < resume.Steps.Count)
            {
                var done = resume.Steps[index];
                RequireSameArguments(index, name, done.Arguments, arguments);
                if (done.Address is { } address)
                {
                    var code = await web3.Eth.GetCode.SendRequestAsync(address).ConfigureAwait(false);
                    if (code is null || code == "0x")
                        throw new DeploymentFileException($"step {index + 1} ({name}) recorded {contract} at {address}, but the node has no code there (another chain, or a node restarted)");
                }
                _landed.Add(done);
                progress?.Invoke(done, true);
                return done;
            }
            TransactionReceipt? receipt = null;
            try
            {
                if (resume?.Pending is { } pending && resume.Steps.Count == index)
                {
                    if (pending.Name != name)
                        throw new DeploymentFileException($"the deployment to resume has a transaction pending for step '{pending.Name}' where step {index + 1} is '{name}'");
                    RequireSameArguments(index, name, pending.Arguments, arguments);
                    receipt = await LandedReceiptAsync(pending.Transaction).ConfigureAwait(false);
                }
                if (receipt is null)
                {
                    var hash = await send().ConfigureAwait(false);
                    _pending = new PendingStep { Name = name, Contract = contract, Transaction = hash, Arguments = arguments };
                    save?.Invoke(Record(complete: false));
                    receipt = await web3.TransactionManager.TransactionReceiptService.PollForReceiptAsync(hash, ct).ConfigureAwait(false);
                    ContractTransactions.EnsureSucceeded(receipt, creates ? $"{contract}'s deployment" : name);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException and not DeploymentFileException)
            {
                throw new DeploymentStepException(name, index + 1, Steps.Count, [.. _landed], _pending?.Transaction, e);
            }
            _pending = null;
            var step = new DeploymentStep
            {
                Name = name,
                Contract = contract,
                Address = creates ? receipt.ContractAddress : null,
                Block = (ulong)receipt.BlockNumber.Value,
                Transaction = receipt.TransactionHash,
                GasUsed = (ulong)receipt.GasUsed.Value,
                Arguments = arguments,
            };
            _landed.Add(step);
            save?.Invoke(Record(complete: false));
            progress?.Invoke(step, false);
            return step;
        }

        private static void RequireSameArguments(int index, string name, JsonArray recorded, JsonArray now)
        {
            if (!JsonNode.DeepEquals(recorded, now))
                throw new DeploymentFileException($"step {index + 1} ({name}) landed with arguments {recorded.ToJsonString()}; the configuration now gives {now.ToJsonString()}: "
                    + "resuming would wire contracts of two configurations; deploy afresh to another --out");
        }

        /// <summary>
        /// The receipt of a transaction a previous run sent and recorded as pending: awaited while
        /// the node still knows the transaction; null when it failed or the node dropped it (the
        /// step is then sent again: nothing of it landed).
        /// </summary>
        private async Task<TransactionReceipt?> LandedReceiptAsync(string hash)
        {
            var receipt = await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash).ConfigureAwait(false);
            if (receipt is null)
            {
                if (await web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(hash).ConfigureAwait(false) is null) return null;
                receipt = await web3.TransactionManager.TransactionReceiptService.PollForReceiptAsync(hash, ct).ConfigureAwait(false);
            }
            return receipt.Status?.Value == 1 ? receipt : null;
        }

        private async Task CheckWiringAsync(DeploymentRecord record)
        {
            var registry = new CollateralRegistryClient(web3, record.AddressOf(Registry));
            var gate = new MarginGateClient(web3, record.AddressOf(Gate));
            var vault = new CollateralVaultClient(web3, record.AddressOf(Vault));
            var problems = new List<string>();
            void Expect(string what, string actual, string expected)
            {
                if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase)) problems.Add($"{what} is {actual}, expected {expected}");
            }
            Expect("the gate's registry", await gate.RegistryAsync().ConfigureAwait(false), registry.Address);
            Expect("the gate's hub", await gate.HubAsync().ConfigureAwait(false), record.AddressOf(OracleHub));
            Expect("the gate's verifier", await gate.VerifierAsync().ConfigureAwait(false), record.AddressOf(Verifier));
            Expect("the vault's gate", await vault.GateAsync().ConfigureAwait(false), gate.Address);
            if (!await registry.HasRoleAsync(await registry.GateRoleAsync().ConfigureAwait(false), gate.Address).ConfigureAwait(false))
                problems.Add("the registry's GATE_ROLE is not the gate's");
            if (problems.Count > 0) throw new InvalidOperationException("the deployed system does not read back as wired: " + string.Join("; ", problems));
        }
    }
}

using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace CrossMargin.Chain.Contracts.Deployment;

/// <summary>
/// A deployment step that failed: which one, why, and what had landed before it (the deployment
/// file records those, so a resumed run continues from this step).
/// </summary>
public sealed class DeploymentStepException(string step, int number, int total, IReadOnlyList<DeploymentStep> landed, Exception inner)
    : Exception($"step {number} of {total} ({step}) failed: {inner.Message}. Already deployed: "
        + (landed.Count == 0 ? "nothing" : string.Join(", ", landed.Select(s => s.Address is null ? s.Name : $"{s.Name} {s.Address}"))), inner)
{
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
        };

        public async Task<DeploymentRecord> ExecuteAsync()
        {
            CheckResumable();
            var governance = config.Governance ?? sender;
            var poseidon = await Create(Poseidon, "PoseidonT6", [], () => PoseidonT6Client.DeployAsync(web3, ct), c => c.DeploymentReceipt).ConfigureAwait(false);
            var verifier = await Create(Verifier, VerifierContract, [], () => SolvencySmallVerifierClient.DeployAsync(web3, ct), c => c.DeploymentReceipt).ConfigureAwait(false);
            var registry = await Create(Registry, "CollateralRegistry",
                [poseidon, config.Venues, config.Assets, config.Underlyings, config.GridPoints, governance, config.ParameterDelay],
                () => CollateralRegistryClient.DeployAsync(web3, poseidon, config.Venues, config.Assets, config.Underlyings, config.GridPoints, governance, config.ParameterDelay, ct),
                c => c.DeploymentReceipt).ConfigureAwait(false);
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
                () => OracleHubClient.DeployAsync(web3, poseidon, config.Assets, config.Underlyings, governance, hubConfig, ct),
                c => c.DeploymentReceipt).ConfigureAwait(false);
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
                () => MarginGateClient.DeployAsync(web3, registry, hub, verifier, gateConfig, ct),
                c => c.DeploymentReceipt).ConfigureAwait(false);
            var vault = await Create(Vault, "CollateralVault", [gate, registry, config.VaultBonus.ToString(CultureInfo.InvariantCulture)],
                () => CollateralVaultClient.DeployAsync(web3, gate, registry, config.VaultBonus, ct),
                c => c.DeploymentReceipt).ConfigureAwait(false);
            var lendingOperator = config.LendingOperator ?? sender;
            await Create(LendingVenue, "LendingVenue", [registry, gate, vault, lendingOperator],
                () => LendingVenueClient.DeployAsync(web3, registry, gate, vault, lendingOperator, ct),
                c => c.DeploymentReceipt).ConfigureAwait(false);
            var perpOperator = config.PerpOperator ?? sender;
            await Create(PerpVenue, "PerpVenue", [registry, gate, vault, perpOperator],
                () => PerpVenueClient.DeployAsync(web3, registry, gate, vault, perpOperator, ct),
                c => c.DeploymentReceipt).ConfigureAwait(false);
            var registryClient = new CollateralRegistryClient(web3, registry);
            await Step(GateRole, "CollateralRegistry", ["GATE_ROLE", gate], null, async () =>
            {
                var role = await registryClient.GateRoleAsync().ConfigureAwait(false);
                return await registryClient.GrantRoleAsync(role, gate, ct).ConfigureAwait(false);
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

        private async Task<string> Create<TClient>(string name, string contract, JsonArray arguments, Func<Task<TClient>> deploy, Func<TClient, TransactionReceipt?> receiptOf)
        {
            var step = await Step(name, contract, arguments, "created", async () => receiptOf(await deploy().ConfigureAwait(false))!).ConfigureAwait(false);
            return step.Address!;
        }

        private async Task<DeploymentStep> Step(string name, string contract, JsonArray arguments, string? creates, Func<Task<TransactionReceipt>> send)
        {
            var index = _landed.Count;
            if (resume is not null && index < resume.Steps.Count)
            {
                var done = resume.Steps[index];
                if (!JsonNode.DeepEquals(done.Arguments, arguments))
                    throw new DeploymentFileException($"step {index + 1} ({name}) landed with arguments {done.Arguments.ToJsonString()}; the configuration now gives {arguments.ToJsonString()}: "
                        + "resuming would wire contracts of two configurations; deploy afresh to another --out");
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
            TransactionReceipt receipt;
            try
            {
                receipt = await send().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new DeploymentStepException(name, index + 1, Steps.Count, [.. _landed], e);
            }
            var step = new DeploymentStep
            {
                Name = name,
                Contract = contract,
                Address = creates is null ? null : receipt.ContractAddress,
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

using System.Numerics;
using System.Text.Json;
using CrossMargin.Chain;
using CrossMargin.Chain.Contracts;
using CrossMargin.Chain.Contracts.Deployment;
using CrossMargin.Testing;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Web3;
using Xunit;

namespace CrossMargin.Chain.Tests;

/// <summary>
/// The whole system of the small solvency circuit (V = A = U = 2, G = 4), deployed on a fresh
/// anvil by <see cref="SystemDeployment"/> (what `crossmargin deploy` runs), wired as
/// contracts/test/gate/GateBase.sol's setUp wires it: dev account 0 is governance, account 1
/// the venues' operator.
/// </summary>
public sealed class DeployedSystem : AnvilFixture
{
    public const ulong ParameterDelay = 86_400;

    public Web3 Governance => Node.Web3For(0);
    public Web3 Operator => Node.Web3For(1);
    /// <summary>An account with no role anywhere.</summary>
    public Web3 Outsider => Node.Web3For(3);

    public DeploymentRecord Deployment { get; private set; } = null!;
    public SolvencySmallVerifierClient Verifier { get; private set; } = null!;
    public CollateralRegistryClient Registry { get; private set; } = null!;
    public OracleHubClient Hub { get; private set; } = null!;
    public MarginGateClient Gate { get; private set; } = null!;
    public CollateralVaultClient Vault { get; private set; } = null!;
    public LendingVenueClient Lending { get; private set; } = null!;
    public PerpVenueClient Perp { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var web3 = Governance;
        var @operator = Node.DevAccounts[1].Address;
        Deployment = await SystemDeployment.RunAsync(web3, new DeploymentConfig
        {
            ParameterDelay = ParameterDelay,
            LendingOperator = @operator,
            PerpOperator = @operator,
        });
        Verifier = new SolvencySmallVerifierClient(web3, Deployment.AddressOf(SystemDeployment.Verifier));
        Registry = new CollateralRegistryClient(web3, Deployment.AddressOf(SystemDeployment.Registry));
        Hub = new OracleHubClient(web3, Deployment.AddressOf(SystemDeployment.OracleHub));
        Gate = new MarginGateClient(web3, Deployment.AddressOf(SystemDeployment.Gate));
        Vault = new CollateralVaultClient(web3, Deployment.AddressOf(SystemDeployment.Vault));
        Lending = new LendingVenueClient(web3, Deployment.AddressOf(SystemDeployment.LendingVenue));
        Perp = new PerpVenueClient(web3, Deployment.AddressOf(SystemDeployment.PerpVenue));
    }
}

public class ContractClientTests(DeployedSystem system) : IClassFixture<DeployedSystem>
{
    private static bool SameAddress(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public async Task DeployedContracts_ReadBackTheConstructorWiring()
    {
        Assert.Equal(2, await system.Registry.AssetsAsync());
        Assert.Equal(DeployedSystem.ParameterDelay, await system.Registry.ParameterDelayAsync());
        Assert.True(SameAddress(system.Registry.Address, await system.Gate.RegistryAsync()));
        Assert.True(SameAddress(system.Verifier.Address, await system.Gate.VerifierAsync()));
        Assert.True(SameAddress(system.Gate.Address, await system.Vault.GateAsync()));
        Assert.True(SameAddress(system.Node.DevAccounts[1].Address, await system.Perp.OperatorAsync()));
        Assert.Equal(7, await system.Verifier.PublicSignalCountAsync());
        Assert.True(await system.Registry.HasRoleAsync(await system.Registry.GateRoleAsync(), system.Gate.Address));
    }

    [Fact]
    public async Task Transaction_ReturnsItsReceipt_WhoseEventDecodesToTypedFields()
    {
        var venue = "0x000000000000000000000000000000000000a11c";
        var receipt = await system.Registry.AdmitLocalVenueAsync(venue);
        var admitted = Assert.Single(system.Registry.EventsIn<VenueAdmittedEvent>(receipt));
        Assert.True(SameAddress(venue, admitted.Venue));
        Assert.Equal(await system.Registry.LocalVenueIndexAsync(venue), admitted.Index);
        Assert.Equal(0UL, admitted.SourceChainId); // a local venue
        Assert.True(await system.Registry.IsVenueAsync(venue));
        // Events of another contract in the same receipt are not this contract's.
        Assert.Empty(system.Gate.EventsIn<VenueAdmittedEvent>(receipt));
    }

    [Fact]
    public async Task GovernanceCall_FromAnOutsider_IsAccessControlUnauthorizedAccount_NamingCallerAndRole()
    {
        var asOutsider = new CollateralRegistryClient(system.Outsider, system.Registry.Address);
        var e = await Assert.ThrowsAsync<AccessControlUnauthorizedAccountException>(
            () => asOutsider.AdmitLocalVenueAsync("0x000000000000000000000000000000000000beef"));
        Assert.Equal("AccessControlUnauthorizedAccount", e.ErrorName);
        Assert.Equal("AccessControlUnauthorizedAccount(address,bytes32)", e.Signature);
        Assert.True(SameAddress(system.Node.DevAccounts[3].Address, e.Account));
        Assert.Equal(await system.Registry.DefaultAdminRoleAsync(), e.NeededRole);
        Assert.Equal(["account", "neededRole"], e.Arguments.Select(a => a.Name));
        Assert.Contains("AccessControlUnauthorizedAccount(account=", e.Message);
    }

    [Fact]
    public async Task Proof_WithAStaleNonce_IsStaleNonce_WithTheNonceGivenAndTheOneExpected()
    {
        var account = system.Node.DevAccounts[2].Address;
        var e = await Assert.ThrowsAsync<StaleNonceException>(
            () => system.Gate.SubmitProofAsync(account, 5, 0, 1, 60, Enumerable.Repeat(BigInteger.One, 8).ToList()));
        Assert.True(SameAddress(account, e.Account));
        Assert.Equal(5UL, e.Nonce);
        Assert.Equal(0UL, e.Expected);
    }

    [Fact]
    public async Task ClosingARound_WithoutReports_IsNotEnoughReports()
    {
        var e = await Assert.ThrowsAsync<NotEnoughReportsException>(() => system.Hub.CloseRoundAsync());
        Assert.Equal(0, e.Fresh);
        Assert.Equal(2, e.MinReports);
    }

    [Fact]
    public async Task ViewCall_ThatReverts_IsTypedToo()
    {
        var e = await Assert.ThrowsAsync<UnknownRoundException>(() => system.Hub.RoundOfAsync(99));
        Assert.Equal(99UL, e.RoundId);
        Assert.Equal(0UL, e.Latest);
    }

    [Fact]
    public async Task RevertInANestedCall_IsDecodedAsTheInnerContractsError()
    {
        // The venue forwards to the registry, which refuses a venue governance never admitted:
        // the registry's error bubbles up through the venue unchanged.
        var lending = new LendingVenueClient(system.Operator, system.Lending.Address);
        var e = await Assert.ThrowsAsync<NotLocalVenueException>(() => lending.PostAsync(system.Node.DevAccounts[2].Address, 1234, 1));
        Assert.True(SameAddress(system.Lending.Address, e.Venue));
        // And the venue's own guard, called by someone other than its operator.
        var asOutsider = new LendingVenueClient(system.Outsider, system.Lending.Address);
        var notOperator = await Assert.ThrowsAsync<NotOperatorException>(() => asOutsider.PostAsync(system.Node.DevAccounts[2].Address, 1234, 1));
        Assert.True(SameAddress(system.Node.DevAccounts[3].Address, notOperator.Caller));
    }

    [Fact]
    public async Task GeneratedVerifier_AgreesWithTheCSharpVerifiersVerdictOnEveryFixtureProof()
    {
        // artifacts/contracts/verifier/solvency_small.json: proofs by the C# prover, some tampered,
        // each with the C# verifier's verdict (tests/CrossMargin.Contracts.Fixtures).
        using var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoLayout.Root, "artifacts", "contracts", "verifier", "solvency_small.json")));
        var vectors = fixture.RootElement.GetProperty("vectors").EnumerateArray().ToList();
        Assert.NotEmpty(vectors);
        static BigInteger Word(JsonElement e) => new(e.GetString()!.HexToByteArray(), isUnsigned: true, isBigEndian: true);
        foreach (var vector in vectors)
        {
            var p = vector.GetProperty("proof").EnumerateArray().Select(Word).ToList();
            var signals = vector.GetProperty("publicSignals").EnumerateArray().Select(Word).ToList();
            if (signals.Count != 7) continue; // vectors of a wrong length are the gate's concern, not verifyProof's ABI
            var verdict = await system.Verifier.VerifyProofAsync([p[0], p[1]], [[p[2], p[3]], [p[4], p[5]]], [p[6], p[7]], signals);
            Assert.True(vector.GetProperty("valid").GetBoolean() == verdict, vector.GetProperty("name").GetString());
        }
    }

    [Fact]
    public void ErrorTable_HoldsEveryCustomErrorOfEveryGeneratedContract()
    {
        var signatures = new HashSet<string>(StringComparer.Ordinal);
        // Every artifact the generator is given (the project's ContractArtifact items).
        var project = File.ReadAllText(Path.Combine(RepoLayout.Root, "src", "CrossMargin.Chain.Contracts", "CrossMargin.Chain.Contracts.csproj"));
        var artifacts = System.Text.RegularExpressions.Regex.Matches(project, @"<ContractArtifact Include=""\$\(RepoRoot\)(contracts/out/[^""]+\.json)""").Select(m => m.Groups[1].Value).ToList();
        Assert.True(artifacts.Count >= 10, $"{artifacts.Count} artifacts found in the project");
        foreach (var path in artifacts)
        {
            using var artifact = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoLayout.Root, path)));
            foreach (var item in artifact.RootElement.GetProperty("abi").EnumerateArray().Where(i => i.GetProperty("type").GetString() == "error"))
                signatures.Add(item.GetProperty("name").GetString() + "(" + string.Join(",", item.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("type").GetString())) + ")");
        }
        Assert.Equal(signatures.Count, ContractErrors.Table.Count);
    }
}

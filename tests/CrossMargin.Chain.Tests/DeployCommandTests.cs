using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using CrossMargin.Chain.Contracts;
using CrossMargin.Chain.Contracts.Deployment;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Chain.Tests;

/// <summary>`crossmargin deploy` run as a script runs it, against a real anvil; each test sends from its own dev account.</summary>
public class DeployCommandTests(AnvilFixture anvil) : IClassFixture<AnvilFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("crossmargin-deploy-").FullName;

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    private static bool SameAddress(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private (int Code, string Output, string Error) Deploy(int account, params string[] args) =>
        CrossmarginCli.RunIn(_folder, ["deploy", "--rpc", anvil.Node.Endpoint.ToString(), "--private-key", AnvilNode.DevKeys[account], .. args]);

    [Fact]
    public async Task Deploy_WritesAFileWhoseAddressesHoldCode_AndWhoseWiringReadsBack()
    {
        // The development key the compiled verifier was generated from, passed as --vk: accepted.
        var vk = Directory.GetFiles(Path.Combine(RepoLayout.Root, "artifacts", "keys"), "verification_key.json", SearchOption.AllDirectories)
            .First(f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))) == SystemDeployment.VerifierKeySha256);
        var (code, output, error) = Deploy(4, "--vk", vk);
        Assert.True(code == 0, error);
        Assert.DoesNotContain(AnvilNode.DevKeys[4][2..], output + error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("deployed on chain 31337", output);

        var record = DeploymentRecord.Read(Path.Combine(_folder, "deployment.json"));
        Assert.True(record.Complete);
        Assert.Equal(31337UL, record.ChainId);
        Assert.True(SameAddress(anvil.Node.DevAccounts[4].Address, record.Deployer));
        Assert.Equal(SystemDeployment.Steps, record.Steps.Select(s => s.Name));
        // The digest the verifier's generated source states in its header.
        var header = string.Join(" ", File.ReadLines(Path.Combine(RepoLayout.Root, "contracts", "src", "generated", "SolvencySmallVerifier.sol")).Take(3));
        Assert.Contains(record.VerificationKeySha256, header);
        Assert.Matches("^[0-9a-f]{40}(-dirty)?$", record.ContractsCommit);
        foreach (var step in record.Steps)
        {
            Assert.True(step.GasUsed > 0, step.Name);
            var transaction = await anvil.Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(step.Transaction);
            Assert.Equal(2, (int)transaction.Type.Value); // EIP-1559
            if (step.Address is null) continue;
            var deployed = await anvil.Web3.Eth.GetCode.SendRequestAsync(step.Address);
            Assert.True(deployed.Length > 2, $"{step.Name} at {step.Address} has no code");
        }

        var web3 = anvil.Web3;
        var gate = new MarginGateClient(web3, record.AddressOf(SystemDeployment.Gate));
        var registry = new CollateralRegistryClient(web3, record.AddressOf(SystemDeployment.Registry));
        Assert.True(SameAddress(registry.Address, await gate.RegistryAsync()));
        Assert.True(SameAddress(record.AddressOf(SystemDeployment.OracleHub), await gate.HubAsync()));
        Assert.True(SameAddress(record.AddressOf(SystemDeployment.Verifier), await gate.VerifierAsync()));
        Assert.True(await registry.HasRoleAsync(await registry.GateRoleAsync(), gate.Address));
        Assert.True(SameAddress(gate.Address, await new CollateralVaultClient(web3, record.AddressOf(SystemDeployment.Vault)).GateAsync()));
        // Governance and operators default to the sender.
        Assert.True(await registry.HasRoleAsync(await registry.DefaultAdminRoleAsync(), record.Deployer));
        Assert.True(SameAddress(record.Deployer, await new PerpVenueClient(web3, record.AddressOf(SystemDeployment.PerpVenue)).OperatorAsync()));

        // A second run to the same file is refused: a deployment file is never overwritten.
        var (again, _, againError) = Deploy(4);
        Assert.Equal(2, again);
        Assert.Contains("--resume", againError);
    }

    [Fact]
    public async Task Resume_AfterTheFifthStepFailed_KeepsTheFirstFourAndDeploysOnlyTheRest()
    {
        // A gate configuration the gate's constructor refuses (InvalidGateConfig): step 5 fails.
        File.WriteAllText(Path.Combine(_folder, "bad.json"), """{ "gate": { "priceBand": 0 } }""");
        var sender = anvil.Node.DevAccounts[5].Address;
        var nonceBefore = (await anvil.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(sender)).Value;
        var (code, _, error) = Deploy(5, "--config", "bad.json");
        Assert.Equal(1, code);
        Assert.Contains("step 5 of 9 (gate) failed", error);
        Assert.Contains("InvalidGateConfig", error);
        Assert.Contains("--resume", error);
        Assert.DoesNotContain("   at ", error);
        var partial = DeploymentRecord.Read(Path.Combine(_folder, "deployment.json"));
        Assert.False(partial.Complete);
        Assert.Equal(4, partial.Steps.Count);

        // Resuming with the configuration unchanged for the landed steps but the gate fixed.
        var (resumed, output, resumeError) = Deploy(5, "--resume");
        Assert.True(resumed == 0, resumeError);
        Assert.Contains("kept from", resumeError);
        var record = DeploymentRecord.Read(Path.Combine(_folder, "deployment.json"));
        Assert.True(record.Complete);
        static (string, string?, string, ulong) Landed(DeploymentStep s) => (s.Name, s.Address, s.Transaction, s.Block);
        Assert.Equal(partial.Steps.Select(Landed), record.Steps.Take(4).Select(Landed));
        // Four deployments, then five transactions: nothing landed twice.
        var nonceAfter = (await anvil.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(sender)).Value;
        Assert.Equal(nonceBefore + 9, nonceAfter);
        Assert.Contains("deployed on chain", output);

        // A resume of a complete deployment has nothing to do.
        Assert.Equal(2, Deploy(5, "--resume").Code);
    }

    [Fact]
    public void Resume_WithAConfigurationThatChangesALandedStep_IsRefused()
    {
        File.WriteAllText(Path.Combine(_folder, "bad.json"), """{ "gate": { "priceBand": 0 } }""");
        Assert.Equal(1, Deploy(6, "--config", "bad.json").Code);
        File.WriteAllText(Path.Combine(_folder, "other.json"), """{ "parameterDelay": 60 }""");
        var (code, _, error) = Deploy(6, "--resume", "--config", "other.json");
        Assert.Equal(2, code);
        Assert.Contains("step 3 (registry) landed with arguments", error);
    }

    [Fact]
    public async Task Resume_WithATransactionPending_TakesItsReceipt_OrSendsAgainWhenTheNodeDroppedIt()
    {
        var web3 = anvil.Node.Web3For(8);
        var sender = anvil.Node.DevAccounts[8].Address;
        var complete = await SystemDeployment.RunAsync(web3, new DeploymentConfig());
        var last = complete.Steps[^1];

        // A run that died after sending the last step, before its receipt: the file names the transaction.
        var died = complete with
        {
            Complete = false,
            Steps = complete.Steps.Take(complete.Steps.Count - 1).ToList(),
            Pending = new PendingStep { Name = last.Name, Contract = last.Contract, Transaction = last.Transaction, Arguments = last.Arguments },
        };
        var nonce = (await anvil.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(sender)).Value;
        var resumed = await SystemDeployment.RunAsync(web3, new DeploymentConfig(), DeploymentRecord.Read(Write(died)));
        Assert.True(resumed.Complete);
        Assert.Null(resumed.Pending);
        Assert.Equal(last.Transaction, resumed.Steps[^1].Transaction);
        Assert.Equal(nonce, (await anvil.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(sender)).Value);

        // A pending transaction the node never saw: the step is sent again, once.
        var dropped = died with { Pending = died.Pending! with { Transaction = "0x" + new string('1', 64) } };
        var again = await SystemDeployment.RunAsync(web3, new DeploymentConfig(), DeploymentRecord.Read(Write(dropped)));
        Assert.NotEqual(last.Transaction, again.Steps[^1].Transaction);
        Assert.Equal(nonce + 1, (await anvil.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(sender)).Value);
    }

    private string Write(DeploymentRecord record)
    {
        var path = Path.Combine(_folder, "pending.json");
        record.Write(path);
        return path;
    }

    [Fact]
    public void UnreachableNode_ExitsWithAClearMessage()
    {
        var (code, _, error) = CrossmarginCli.RunIn(_folder, "deploy", "--rpc", "http://127.0.0.1:1/", "--private-key", AnvilNode.DevKeys[7]);
        Assert.Equal(5, code);
        Assert.Contains("the node was unavailable", error);
        Assert.DoesNotContain("   at ", error);
        Assert.False(File.Exists(Path.Combine(_folder, "deployment.json")));
    }

    [Theory]
    [InlineData("""{ "gate": { "priceBnd": 1 } }""", "$.gate.priceBnd: unknown key")]
    [InlineData("""{ "venues": 2, "venues": 3 }""", "$.venues: key given twice")]
    [InlineData("""{ "oracleHub": { "minPrice": [1, -1, 1, 1] } }""", "$.oracleHub.minPrice[1]")]
    [InlineData("""{ "operators": { "perp": "0x12" } }""", "$.operators.perp: expected an address")]
    public void MalformedConfig_Exits2_NamingTheJsonPath(string json, string expected)
    {
        File.WriteAllText(Path.Combine(_folder, "config.json"), json);
        var (code, _, error) = Deploy(7, "--config", "config.json");
        Assert.Equal(2, code);
        Assert.Contains("config.json: " + expected, error);
    }

    [Fact]
    public void AnotherKey_IsRefused_NamingTheCompiledVerifiersDigest()
    {
        // A development key of another circuit (the fixtures' 9-input test circuit).
        var vk = Directory.GetFiles(Path.Combine(RepoLayout.Root, "artifacts", "keys"), "verification_key.json", SearchOption.AllDirectories)
            .First(f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))) != SystemDeployment.VerifierKeySha256);
        var (code, _, error) = Deploy(7, "--vk", vk);
        Assert.Equal(1, code);
        Assert.Contains(SystemDeployment.VerifierKeySha256, error);
        Assert.False(File.Exists(Path.Combine(_folder, "deployment.json")));
    }

    [Fact]
    public void NoSenderKey_Exits2_WithoutPrintingAnything()
    {
        Assert.Equal(2, CrossmarginCli.RunIn(_folder, "deploy", "--private-key", AnvilNode.DevKeys[7]).Code); // no --rpc
        var (badKey, _, badKeyError) = CrossmarginCli.RunIn(_folder, "deploy", "--rpc", anvil.Node.Endpoint.ToString(), "--private-key", "0x1234zz");
        Assert.Equal(2, badKey);
        Assert.DoesNotContain("1234zz", badKeyError);
        var (code, _, error) = CrossmarginCli.RunIn(_folder, "deploy", "--rpc", anvil.Node.Endpoint.ToString());
        Assert.Equal(2, code);
        Assert.Contains("CROSSMARGIN_PRIVATE_KEY", error);
    }

    [Fact]
    public void Config_Typed_Errors_AreMalformedInput()
    {
        Assert.IsType<DuplicateConfigKeyException>(Assert.ThrowsAny<MalformedInputException>(() => DeploymentConfig.Parse("""{"gate":{"priceBand":1,"priceBand":2}}""")));
        var unknown = Assert.IsType<UnknownConfigKeyException>(Assert.ThrowsAny<MalformedInputException>(() => DeploymentConfig.Parse("""{"vault":1}""")));
        Assert.Equal("$.vault", unknown.JsonPath);
        var defaults = DeploymentConfig.Parse("{}");
        Assert.Equal(new BigInteger(100_000), defaults.Gate.PriceBand);
        Assert.Equal(4, defaults.MaxPrices().Count);
        using var json = JsonDocument.Parse(defaults.ToJson("0x0000000000000000000000000000000000000001").ToJsonString());
        Assert.Equal(86_400, json.RootElement.GetProperty("parameterDelay").GetInt64());
    }
}

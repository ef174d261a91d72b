using CrossMargin.Chain.Contracts;
using CrossMargin.Chain.Contracts.Deployment;
using Nethereum.Web3;

namespace CrossMargin.Chain.Actors;

/// <summary>
/// Typed clients of every contract of one deployment (its deployment file), all sending with one
/// Web3's account. <see cref="As"/> gives the same contracts seen by another signer.
/// </summary>
public sealed class SystemContracts
{
    private SystemContracts(IWeb3 web3, DeploymentRecord deployment)
    {
        Web3 = web3;
        Deployment = deployment;
        Registry = new CollateralRegistryClient(web3, deployment.AddressOf(SystemDeployment.Registry));
        Hub = new OracleHubClient(web3, deployment.AddressOf(SystemDeployment.OracleHub));
        Gate = new MarginGateClient(web3, deployment.AddressOf(SystemDeployment.Gate));
        Vault = new CollateralVaultClient(web3, deployment.AddressOf(SystemDeployment.Vault));
        Lending = new LendingVenueClient(web3, deployment.AddressOf(SystemDeployment.LendingVenue));
        Perp = new PerpVenueClient(web3, deployment.AddressOf(SystemDeployment.PerpVenue));
    }

    /// <summary>
    /// The contracts of <paramref name="deployment"/> through <paramref name="web3"/>. Refuses an
    /// incomplete deployment and a node of another chain than the deployment's.
    /// </summary>
    public static async Task<SystemContracts> ConnectAsync(IWeb3 web3, DeploymentRecord deployment)
    {
        ArgumentNullException.ThrowIfNull(web3);
        ArgumentNullException.ThrowIfNull(deployment);
        if (!deployment.Complete)
            throw new DeploymentFileException("the deployment is incomplete: finish it with `crossmargin deploy --resume` first");
        var chainId = (ulong)(await web3.Eth.ChainId.SendRequestAsync().ConfigureAwait(false)).Value;
        if (chainId != deployment.ChainId)
            throw new DeploymentFileException($"the deployment is on chain {deployment.ChainId}; the node answers as chain {chainId}");
        return new SystemContracts(web3, deployment);
    }

    /// <summary>The same contracts, sending with <paramref name="web3"/>'s account.</summary>
    public SystemContracts As(IWeb3 web3) => new(web3, Deployment);

    public IWeb3 Web3 { get; }
    public DeploymentRecord Deployment { get; }
    public ulong ChainId => Deployment.ChainId;
    public CollateralRegistryClient Registry { get; }
    public OracleHubClient Hub { get; }
    public MarginGateClient Gate { get; }
    public CollateralVaultClient Vault { get; }
    public LendingVenueClient Lending { get; }
    public PerpVenueClient Perp { get; }

    /// <summary>The signing account's address (null for a Web3 without one).</summary>
    public string? Sender => Web3.TransactionManager.Account?.Address;
}

using CrossMargin.Margin;
using Nethereum.RPC.Eth.DTOs;

namespace CrossMargin.Chain.Actors.Governance;

/// <summary>
/// What governance does on a freshly deployed system before anyone can prove: admit the sample
/// venues, name the oracle's reporters and the relay committee, publish and activate the risk
/// parameters. Each call is one transaction sent by governance (the contracts' web3 must hold
/// DEFAULT_ADMIN_ROLE on the registry and the hub) and returns its receipt.
/// </summary>
public static class SystemSetup
{
    /// <summary>
    /// Admits the lending and the perpetuals venue, in that order (their registry indices 1 and 2
    /// on a fresh registry); a venue already admitted is left as it is (no receipt for it).
    /// </summary>
    public static async Task<IReadOnlyList<TransactionReceipt>> AdmitSampleVenuesAsync(SystemContracts system, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        var receipts = new List<TransactionReceipt>();
        foreach (var venue in new[] { system.Lending.Address, system.Perp.Address })
            if (await system.Registry.LocalVenueIndexAsync(venue).ConfigureAwait(false) == 0)
                receipts.Add(await system.Registry.AdmitLocalVenueAsync(venue, cancellationToken).ConfigureAwait(false));
        return receipts;
    }

    /// <summary>Grants REPORTER_ROLE on the hub to each of <paramref name="reporters"/> that does not hold it yet.</summary>
    public static async Task<IReadOnlyList<TransactionReceipt>> GrantReportersAsync(SystemContracts system, IEnumerable<string> reporters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(reporters);
        var role = await system.Hub.ReporterRoleAsync().ConfigureAwait(false);
        var receipts = new List<TransactionReceipt>();
        foreach (var reporter in reporters)
            if (!await system.Hub.HasRoleAsync(role, reporter).ConfigureAwait(false))
                receipts.Add(await system.Hub.GrantRoleAsync(role, reporter, cancellationToken).ConfigureAwait(false));
        return receipts;
    }

    /// <summary>Sets the relay committee: <paramref name="threshold"/> of <paramref name="members"/> attest a remote post.</summary>
    public static Task<TransactionReceipt> SetCommitteeAsync(SystemContracts system, IEnumerable<string> members, int threshold, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(members);
        return system.Registry.SetCommitteeAsync([.. members], threshold, cancellationToken);
    }

    /// <summary>
    /// Proposes <paramref name="parameters"/>, which the registry checks and hashes; it can be
    /// activated once the registry's timelock has passed (<see cref="ActivateParametersAsync"/>).
    /// </summary>
    public static Task<TransactionReceipt> ProposeParametersAsync(SystemContracts system, RiskParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.Registry.ProposeParametersAsync(OnChainParameters.ToContract(parameters), cancellationToken);
    }

    /// <summary>Activates the pending set (anyone may, once its timelock has passed).</summary>
    public static Task<TransactionReceipt> ActivateParametersAsync(SystemContracts system, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.Registry.ActivateParametersAsync(cancellationToken);
    }
}

using System.Numerics;
using CrossMargin.Chain.Actors.Governance;
using CrossMargin.Margin;

namespace CrossMargin.Chain.Actors.Trader;

/// <summary>One held venue slot of an account as the registry has it: commitment, venue index, state nonce, state time.</summary>
public sealed record SlotState(int Slot, BigInteger Commitment, uint VenueIndex, ulong StateNonce, ulong Timestamp);

/// <summary>
/// What the chain holds for one account's next proof, read at one block: the account's V
/// slots (empty ones with commitment 0), the active risk parameters (checked against the
/// registry's hash), the latest closed oracle round and its closing time, the account's proof
/// nonce, and the block's number and time.
/// </summary>
public sealed record ChainSnapshot(
    string Account,
    ulong ChainId,
    string Gate,
    ulong BlockNumber,
    ulong BlockTimestamp,
    IReadOnlyList<SlotState> Slots,
    BigInteger ParameterHash,
    RiskParameters Parameters,
    OracleRound Round,
    ulong RoundClosedAt,
    bool OracleTripped,
    ulong Nonce)
{
    /// <summary>
    /// Reads the snapshot for <paramref name="account"/> at the latest block (every call pinned
    /// to that block, so the parts agree). Refuses what no proof can rest on: no active
    /// parameters, no closed round, parameters whose hash is not the registry's (a broken node).
    /// </summary>
    public static async Task<ChainSnapshot> ReadAsync(SystemContracts system, string account, MarginConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(configuration);
        var web3 = system.Web3;
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest()).ConfigureAwait(false)
            ?? throw new ChainAnswerException("the latest block", "the node returned none");
        var at = new Nethereum.RPC.Eth.DTOs.BlockParameter(block.Number);

        var slotCount = (int)await system.Registry.SlotCountAsync(at).ConfigureAwait(false);
        if (slotCount != configuration.Venues)
            throw new ChainAnswerException("the registry's slot count", $"{slotCount}; the circuit has {configuration.Venues} venue slots");
        var slots = new List<SlotState>(slotCount);
        for (var i = 0; i < slotCount; i++)
        {
            var s = await system.Registry.SlotOfAsync(account, i, at).ConfigureAwait(false);
            slots.Add(new SlotState(i, s.Commitment, s.VenueIndex, s.StateNonce, s.Timestamp));
        }

        var active = await system.Registry.ActiveParametersAsync(at).ConfigureAwait(false);
        if (active.Id == 0) throw new NoStatementException("the registry has no active risk parameters yet: governance proposes a set and activates it after the timelock");
        var parameters = OnChainParameters.FromContract(active.P);
        var computed = MarginHashes.ParameterHash(configuration, parameters);
        if (computed != active.ParameterHash)
            throw new ChainAnswerException("the registry's active parameters", $"they hash to {computed}, the registry states {active.ParameterHash}");

        var roundId = await system.Hub.LatestRoundIdAsync(at).ConfigureAwait(false);
        if (roundId == 0) throw new NoStatementException("the oracle hub has closed no round yet");
        var prices = await system.Hub.PricesOfAsync(roundId, at).ConfigureAwait(false);
        var round = new OracleRound(roundId, [.. prices.AssetPrices], [.. prices.UnderlyingPrices]);
        var forProof = await system.Hub.RoundForProofAsync(roundId, at).ConfigureAwait(false);
        if (MarginHashes.OracleDigest(configuration, round) != forProof.Digest)
            throw new ChainAnswerException($"oracle round {roundId}", "its prices do not hash to the hub's digest");

        var health = await system.Gate.HealthOfAsync(account, at).ConfigureAwait(false);
        return new ChainSnapshot(account, system.ChainId, system.Gate.Address, (ulong)block.Number.Value, (ulong)block.Timestamp.Value,
            slots, active.ParameterHash, parameters, round, forProof.Timestamp, forProof.Tripped, health.Nonce);
    }
}

/// <summary>The chain cannot back a proof now (no parameters, no round, a tripped oracle, a round too old): nothing to prove against.</summary>
public sealed class NoStatementException(string message) : InvalidStatementException(message);

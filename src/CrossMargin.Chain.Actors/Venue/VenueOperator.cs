using System.Numerics;
using System.Security.Cryptography;
using CrossMargin.Chain.Contracts;
using CrossMargin.Chain.Contracts.Deployment;
using CrossMargin.Margin;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace CrossMargin.Chain.Actors.Venue;

/// <summary>The two sample venues of a deployment.</summary>
public enum SampleVenueKind
{
    Lending,
    Perp,
}

/// <summary>A point of a post where a test may stop the operator as a crash would (<see cref="VenueOperatorOptions.AtStep"/>).</summary>
public enum VenueStep
{
    /// <summary>The new opening is on disk as pending; nothing is sent yet.</summary>
    PendingPersisted,

    /// <summary>The transaction landed; the book does not know yet.</summary>
    Sent,
}

/// <summary>The operator's setup cannot work: the key is not the venue's operator, the venue is not admitted, the token is not an ERC-20.</summary>
public sealed class VenueSetupException(string message) : MalformedInputException(message);

/// <summary>How one operator runs: which venue, where its book lives, what it settles liquidations in.</summary>
public sealed record VenueOperatorOptions
{
    public required SampleVenueKind Venue { get; init; }

    /// <summary>The data directory (<see cref="VenueBook"/>); created when missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The ERC-20 the venue claims liquidation losses in from the vault.</summary>
    public required string SettlementToken { get; init; }

    /// <summary>The settlement token's asset slot in the margin model (its balances and debts are b[a], d[a] for this a).</summary>
    public int SettlementAsset { get; init; }

    /// <summary>The deployed circuit's sizes (the small circuit's unless told).</summary>
    public MarginConfiguration Configuration { get; init; } = MarginConfiguration.Small;

    /// <summary>One line per action (a post with its gas, a settlement, a resumed post).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>For tests of crashes: called at each <see cref="VenueStep"/> of a post or settlement; an exception thrown here stops the operator there.</summary>
    public Func<VenueStep, Opening, Task>? AtStep { get; init; }
}

/// <summary>A post that landed: the opening handed to the owner and the transaction's receipt (null when an earlier send of the same post had landed).</summary>
public sealed record VenuePost(Opening Opening, TransactionReceipt? Receipt)
{
    public ulong? GasUsed => Receipt?.GasUsed is { } gas ? (ulong)gas.Value : null;
}

/// <summary>A liquidation the venue closed: the loss it claimed (settlement token base units), the closed state's opening (null: nothing left, the slot freed) and the receipt.</summary>
public sealed record VenueSettlement(string Account, ulong LiquidationId, BigInteger Loss, Opening? Closed, TransactionReceipt? Receipt)
{
    public ulong? GasUsed => Receipt?.GasUsed is { } gas ? (ulong)gas.Value : null;
}

/// <summary>
/// The operator of one sample venue of a deployment (docs/venue.md): it keeps each account's
/// private state off-chain in its <see cref="VenueBook"/>, posts only commitments (SampleVenue.post,
/// PerpVenue.openPosition through the gate), hands each owner the <see cref="Opening"/> of its
/// current commitment, and closes its side of the gate's liquidations.
/// </summary>
/// <remarks>
/// Guarantees, across crashes at any point: an opening is on disk (pending) before its post is
/// sent, so a post is never lost; a pending post is sent again only when the registry shows it
/// did not land, and the registry refuses a state nonce twice, so nothing is posted twice; state
/// nonces come from the book and the registry's standing together, so a lost book never reuses
/// one; a liquidation is settled at most once (the settlement record is written before sending,
/// and the registry shows whether the settlement's post landed). Every state's venue id is the
/// venue's registry index, as the trader's proof and the registry expect. One operation runs at a
/// time (an HTTP request and the liquidation watcher take turns).
/// </remarks>
public sealed class VenueOperator : IDisposable
{
    /// <summary>The widest block range one log query asks for (public nodes cap eth_getLogs ranges).</summary>
    public const ulong MaxBlockRange = 5_000;

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly SystemContracts _system;
    private readonly SampleVenueClient _venue;
    private readonly VenueOperatorOptions _options;
    private readonly BigInteger _tokenUnitsPerAmount;
    private readonly ulong _gateBlock;

    private VenueOperator(SystemContracts system, VenueOperatorOptions options, uint venueIndex, VenueBook book, int tokenDecimals)
    {
        _system = system;
        _options = options;
        _venue = new SampleVenueClient(system.Web3, VenueAddress(system, options.Venue));
        VenueIndex = venueIndex;
        Book = book;
        TokenDecimals = tokenDecimals;
        _tokenUnitsPerAmount = BigInteger.Pow(10, tokenDecimals);
        _gateBlock = system.Deployment.Steps.First(s => s.Name == SystemDeployment.Gate).Block;
    }

    public SampleVenueKind Kind => _options.Venue;
    public string Venue => _venue.Address;

    /// <summary>The venue's registry index: the venue id of every state it commits to.</summary>
    public uint VenueIndex { get; }

    public VenueBook Book { get; }
    public MarginConfiguration Configuration => _options.Configuration;
    public int TokenDecimals { get; }

    /// <summary>
    /// The operator of <paramref name="options"/>' venue, sending with <paramref name="system"/>'s
    /// account. Checks that the account is the venue's operator, that the venue is admitted, that
    /// the registry has the configuration's asset count and that the token answers decimals(); then
    /// opens the book and resolves every post a previous run left in flight.
    /// </summary>
    public static async Task<VenueOperator> OpenAsync(SystemContracts system, VenueOperatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        var venueAddress = VenueAddress(system, options.Venue);
        var sender = system.Sender ?? throw new VenueSetupException("the operator needs a signing account (a private key)");
        await RequireCodeAsync(system, venueAddress, $"the {Name(options.Venue)} venue of the deployment").ConfigureAwait(false);
        var operatorAddress = await new SampleVenueClient(system.Web3, venueAddress).OperatorAsync().ConfigureAwait(false);
        if (!string.Equals(sender, operatorAddress, StringComparison.OrdinalIgnoreCase))
            throw new VenueSetupException($"the key's account {sender} is not the {Name(options.Venue)} venue's operator ({operatorAddress})");
        var index = await system.Registry.LocalVenueIndexAsync(venueAddress).ConfigureAwait(false);
        if (index == 0)
            throw new VenueSetupException($"the {Name(options.Venue)} venue {venueAddress} is not admitted by the registry {system.Registry.Address}: governance admits it first");
        var assets = await system.Registry.AssetsAsync().ConfigureAwait(false);
        if (assets != options.Configuration.Assets)
            throw new VenueSetupException($"the registry has {assets} assets; the configuration {options.Configuration.Name} has {options.Configuration.Assets}");
        if (options.SettlementAsset < 0 || options.SettlementAsset >= options.Configuration.Assets)
            throw new VenueSetupException($"settlement asset slot {options.SettlementAsset} is not one of the configuration's {options.Configuration.Assets} asset slots");
        await RequireCodeAsync(system, options.SettlementToken, "the settlement token").ConfigureAwait(false);
        int decimals;
        try
        {
            decimals = await new SampleTokenClient(system.Web3, options.SettlementToken).DecimalsAsync().ConfigureAwait(false);
        }
        catch (ContractRevertException e)
        {
            throw new VenueSetupException($"the settlement token {options.SettlementToken} does not answer decimals() as an ERC-20 ({e.Message})");
        }
        var book = VenueBook.Open(options.DataDirectory, options.Configuration, system.ChainId, system.Registry.Address, venueAddress, index);
        var venueOperator = new VenueOperator(system, options, index, book, decimals);
        await venueOperator.ResumeAsync(cancellationToken).ConfigureAwait(false);
        return venueOperator;
    }

    /// <summary>
    /// Refuses an address without code: a call to it answers empty, which would decode as a zero
    /// address or 0 decimals and mislead every check after it.
    /// </summary>
    private static async Task RequireCodeAsync(SystemContracts system, string address, string what)
    {
        var code = await system.Web3.Eth.GetCode.SendRequestAsync(address).ConfigureAwait(false);
        if (code is null || code.Length <= 2)
            throw new VenueSetupException($"{what} {address} is not a contract on the node's chain {system.ChainId}");
    }

    /// <summary>The account's current opening (what its owner proves with); null when the venue holds nothing for it.</summary>
    public Opening? CurrentOpening(string account) => Book.Current(VenueRequests.Account(account));

    /// <summary>
    /// Posts <paramref name="state"/> as the account's new state (a deposit credited, a change
    /// that needs no margin check): the next state nonce, a fresh blinding, the opening written as
    /// pending, SampleVenue.post, then the opening made current (the owner's file). The change
    /// lapses the account's live proof, as any change does.
    /// </summary>
    public Task<VenuePost> SetStateAsync(string account, VenueState state, CancellationToken cancellationToken = default)
    {
        account = VenueRequests.Account(account);
        CheckState(state);
        return ForAccountAsync(account, async () =>
        {
            var opening = NewOpening(account, state, await NextNonceAsync(account).ConfigureAwait(false));
            Book.WritePending(opening);
            await AtStep(VenueStep.PendingPersisted, opening).ConfigureAwait(false);
            var receipt = await SendPostAsync(opening, cancellationToken).ConfigureAwait(false);
            await AtStep(VenueStep.Sent, opening).ConfigureAwait(false);
            Book.MakeCurrent(account, opening);
            var post = new VenuePost(opening, receipt);
            Log($"post {account} stateNonce {opening.Value.StateNonce} gas {post.GasUsed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "0 (had landed)"}");
            return post;
        }, cancellationToken);
    }

    /// <summary>
    /// Perp venue: the opening of the account's post-trade <paramref name="postTradeState"/> at the
    /// next state nonce, kept as proposed (not posted): the trader proves initial margin over the
    /// registry's commitments with this one in the venue's slot, then <see cref="OpenPositionAsync(string, TradeConfirmation, CancellationToken)"/>.
    /// A later proposal or post replaces it.
    /// </summary>
    public Task<Opening> ProposeTradeAsync(string account, VenueState postTradeState, CancellationToken cancellationToken = default)
    {
        RequireVenue(SampleVenueKind.Perp, "trades");
        return ProposeAsync(account, postTradeState, cancellationToken);
    }

    /// <summary>
    /// Lending venue: the opening of the account's post-withdrawal state (its balance lowered by
    /// what it takes out), kept as proposed like a trade: the trader proves initial margin over it,
    /// then <see cref="WithdrawAsync"/>.
    /// </summary>
    public Task<Opening> ProposeWithdrawalAsync(string account, VenueState postWithdrawalState, CancellationToken cancellationToken = default)
    {
        RequireVenue(SampleVenueKind.Lending, "withdrawals");
        return ProposeAsync(account, postWithdrawalState, cancellationToken);
    }

    /// <summary>
    /// Perp venue: opens the proposed trade with the trader's proof (PerpVenue.openPosition: the
    /// gate posts the proposed commitment and verifies the proof over it in the same call) and
    /// makes it the current opening. A refused proof is the gate's typed revert; the current
    /// opening and the proposal stay as they were.
    /// </summary>
    public Task<VenuePost> OpenPositionAsync(string account, TradeConfirmation confirmation, CancellationToken cancellationToken = default)
    {
        RequireVenue(SampleVenueKind.Perp, "trades");
        ArgumentNullException.ThrowIfNull(confirmation);
        account = VenueRequests.Account(account);
        return GrantAsync(account, "trade", (proposed, nonce) => _system.Perp.OpenPositionAsync(account, proposed.Commitment, nonce,
            confirmation.ProofNonce, confirmation.RoundId, confirmation.Tau, [.. confirmation.Proof], cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Lending venue: pays <paramref name="amount"/> of <paramref name="token"/> (base units) out of
    /// the account's vault deposit to it against the trader's initial-margin proof over the
    /// proposed post-withdrawal state (LendingVenue.withdraw: the gate posts and verifies, the
    /// vault releases, in one call), which becomes the current opening. A refusal leaves the
    /// current opening and the proposal as they were.
    /// </summary>
    public Task<VenuePost> WithdrawAsync(string account, string token, BigInteger amount, TradeConfirmation confirmation, CancellationToken cancellationToken = default)
    {
        RequireVenue(SampleVenueKind.Lending, "withdrawals");
        ArgumentNullException.ThrowIfNull(confirmation);
        account = VenueRequests.Account(account);
        return GrantAsync(account, "withdraw", (proposed, nonce) => _system.Lending.WithdrawAsync(account, token, amount, proposed.Commitment, nonce,
            confirmation.ProofNonce, confirmation.RoundId, confirmation.Tau, [.. confirmation.Proof], cancellationToken), cancellationToken);
    }

    private Task<Opening> ProposeAsync(string account, VenueState state, CancellationToken cancellationToken)
    {
        account = VenueRequests.Account(account);
        CheckState(state);
        return ForAccountAsync(account, async () =>
        {
            var opening = NewOpening(account, state, await NextNonceAsync(account).ConfigureAwait(false));
            Book.WriteProposed(opening);
            Log($"proposed {account} stateNonce {opening.Value.StateNonce}");
            return opening;
        }, cancellationToken);
    }

    /// <summary>
    /// Sends the (book-spelled) account's proposed opening with a proof (<paramref name="send"/>: the
    /// venue's call in which the gate grants initial margin over it) and makes it current once it landed.
    /// </summary>
    private Task<VenuePost> GrantAsync(string account, string action, Func<Opening, ulong, Task<TransactionReceipt>> send, CancellationToken cancellationToken) =>
        ForAccountAsync(account, async () =>
        {
            var proposed = Book.Proposed(account) ?? throw new VenueRequestException("account", $"nothing proposed for {account}: propose the new state first");
            var receipt = await send(proposed, (ulong)proposed.Value.StateNonce).ConfigureAwait(false);
            await AtStep(VenueStep.Sent, proposed).ConfigureAwait(false);
            Book.MakeCurrent(account, proposed);
            var post = new VenuePost(proposed, receipt);
            Log($"{action} {account} stateNonce {proposed.Value.StateNonce} gas {post.GasUsed}");
            return post;
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="step"/> for the (book-spelled) account in the operator's turn, once the
    /// account's book agrees with the registry (<see cref="ResolveAsync"/>).
    /// </summary>
    private async Task<T> ForAccountAsync<T>(string account, Func<Task<T>> step, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ResolveAsync(account, cancellationToken).ConfigureAwait(false);
            return await step().ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary><see cref="OpenPositionAsync(string, TradeConfirmation, CancellationToken)"/> with the confirmation's parts.</summary>
    public Task<VenuePost> OpenPositionAsync(string account, IReadOnlyList<BigInteger> proof, ulong proofNonce, ulong roundId, uint tau, CancellationToken cancellationToken = default) =>
        OpenPositionAsync(account, new TradeConfirmation(proof, proofNonce, roundId, tau), cancellationToken);

    /// <summary>
    /// One pass of the liquidation watcher: reads the gate's Liquidated events from the persisted
    /// cursor (at first, the gate's deployment block) to the head, settles each liquidation that is
    /// still open for an account the venue holds and has not settled, and moves the cursor past
    /// what it read.
    /// </summary>
    public async Task<IReadOnlyList<VenueSettlement>> SettleLiquidationsAsync(CancellationToken cancellationToken = default)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var settled = new List<VenueSettlement>();
            var head = (ulong)(await _system.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().ConfigureAwait(false)).Value;
            var events = _system.Web3.Eth.GetEvent<LiquidatedEvent>(_system.Gate.Address);
            for (var from = Book.WatcherCursor() ?? _gateBlock; from <= head;)
            {
                var to = Math.Min(head, from + MaxBlockRange - 1);
                var logs = await events.GetAllChangesAsync(events.CreateFilterInput(new BlockParameter(from), new BlockParameter(to))).ConfigureAwait(false);
                foreach (var log in logs.OrderBy(l => l.Log.BlockNumber.Value).ThenBy(l => l.Log.LogIndex.Value))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (await SettleIfOursAsync(log.Event.Account.ToLowerInvariant(), log.Event.Id, cancellationToken).ConfigureAwait(false) is { } s)
                        settled.Add(s);
                }
                Book.WriteWatcherCursor(to + 1);
                from = to + 1;
            }
            return settled;
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>
    /// Closes the account's side of liquidation <paramref name="liquidationId"/> now (the watcher's
    /// step, for one account): the vault refuses an account that is not in liquidation
    /// (NotInLiquidationException), and the book is left as it was.
    /// </summary>
    public Task<VenueSettlement> SettleAsync(string account, ulong liquidationId, CancellationToken cancellationToken = default)
    {
        account = VenueRequests.Account(account);
        return ForAccountAsync(account, () => SettleCoreAsync(account, liquidationId, cancellationToken), cancellationToken);
    }

    /// <summary>Resolves every post a previous run left in flight (<see cref="OpenAsync"/> does it first).</summary>
    public async Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var account in Book.Accounts())
                await ResolveAsync(account, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    public void Dispose() => _turn.Dispose();

    // ------------------------------------------------------------------------------ liquidation

    private async Task<VenueSettlement?> SettleIfOursAsync(string account, ulong liquidationId, CancellationToken cancellationToken)
    {
        await ResolveAsync(account, cancellationToken).ConfigureAwait(false);
        if (Book.Current(account) is null) return null; // not an account of this venue, or closed already
        if (Book.Settlement(account) is { } done && done.LiquidationId >= liquidationId) return null;
        var liquidation = await _system.Gate.LiquidationOfAsync(account).ConfigureAwait(false);
        if (!liquidation.Open || liquidation.Id != liquidationId)
        {
            Log($"skip {account} liquidation {liquidationId}: no longer open (the account proved again, or a later one replaced it)");
            return null;
        }
        return await SettleCoreAsync(account, liquidationId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The venue's settlement rule (docs/venue.md, "Settlement"): every position is closed and the
    /// debt in the settlement token's asset slot is the loss, claimed from the vault in the token's
    /// base units (AMOUNT is 10^-6 token: loss = ceil(d[a] * 10^decimals / 10^6)); the closed state
    /// keeps the balances and the other debts, and is committed at the next state nonce (0, the
    /// slot freed, when nothing is left).
    /// </summary>
    private async Task<VenueSettlement> SettleCoreAsync(string account, ulong liquidationId, CancellationToken cancellationToken)
    {
        var current = Book.Current(account) ?? throw new VenueRequestException("account", $"the venue holds nothing for {account}: nothing to settle");
        var state = current.Value.State;
        var asset = _options.SettlementAsset;
        var debt = asset < state.Debts.Count ? state.Debts[asset] : BigInteger.Zero;
        var loss = FixedPoint.CeilDiv(debt * _tokenUnitsPerAmount, FixedPoint.One);
        var closedState = new VenueState(state.VenueId, state.Balances, [.. state.Debts.Select((d, i) => i == asset ? BigInteger.Zero : d)], []);
        var nonce = await NextNonceAsync(account).ConfigureAwait(false);
        var closed = closedState.Balances.All(b => b.IsZero) && closedState.Debts.All(d => d.IsZero) ? null : NewOpening(account, closedState, nonce);
        var record = new SettlementRecord(account, liquidationId, loss, closed?.Commitment ?? BigInteger.Zero, (ulong)nonce, Settled: false);

        var previous = Book.Settlement(account);
        if (closed is not null) Book.WritePending(closed);
        Book.WriteSettlement(record);
        await AtStep(VenueStep.PendingPersisted, closed ?? current).ConfigureAwait(false);
        TransactionReceipt? receipt;
        try
        {
            receipt = await _venue.SettleLiquidationAsync(account, _options.SettlementToken, loss, record.Commitment, record.StateNonce, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ContractRevertException or TransactionFailedException)
        {
            if (await LandedAsync(account, record.StateNonce, record.Commitment).ConfigureAwait(false) != Landing.Landed)
            {
                // Refused: nothing of it is on chain; the book goes back to what it was.
                Book.DropPending(account);
                if (previous is null) Book.DropSettlement(account);
                else Book.WriteSettlement(previous);
                throw;
            }
            receipt = null;
        }
        await AtStep(VenueStep.Sent, closed ?? current).ConfigureAwait(false);
        CompleteSettlement(record, closed);
        var settlement = new VenueSettlement(account, liquidationId, loss, closed, receipt);
        Log($"settle {account} liquidation {liquidationId} loss {loss} stateNonce {nonce} gas {settlement.GasUsed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "0 (had landed)"}");
        return settlement;
    }

    private void CompleteSettlement(SettlementRecord record, Opening? closed)
    {
        // The record first: a crash before the opening moves leaves a pending post the next start finds landed.
        Book.WriteSettlement(record with { Settled = true });
        Book.MakeCurrent(record.Account, closed);
    }

    // ------------------------------------------------------------------------------ the book against the chain

    private enum Landing
    {
        NotLanded,
        Landed,
        /// <summary>The registry holds a later state nonce of this venue, or another commitment at this one.</summary>
        Superseded,
    }

    /// <summary>Whether the registry shows this venue's post of <paramref name="commitment"/> at <paramref name="stateNonce"/> for the account.</summary>
    private async Task<Landing> LandedAsync(string account, BigInteger stateNonce, BigInteger commitment)
    {
        var standing = await _system.Registry.StandingOfAsync(account, VenueIndex).ConfigureAwait(false);
        if (standing.LastNonce < stateNonce) return Landing.NotLanded;
        if (standing.LastNonce > stateNonce) return Landing.Superseded;
        if (commitment.IsZero) return standing.Holds ? Landing.Superseded : Landing.Landed;
        if (!standing.Holds) return Landing.Superseded;
        var slot = await _system.Registry.SlotOfAsync(account, standing.Slot).ConfigureAwait(false);
        return slot.Commitment == commitment ? Landing.Landed : Landing.Superseded;
    }

    /// <summary>
    /// Brings the account's book in line with the registry: an unsettled settlement is completed or
    /// sent again (or dropped when the liquidation closed meanwhile); a pending post that landed
    /// becomes current, one that did not is sent again; a proposal that landed (the gate posted it
    /// inside openPosition) becomes current, one that a later post overtook is dropped.
    /// </summary>
    private async Task ResolveAsync(string account, CancellationToken cancellationToken)
    {
        if (Book.Settlement(account) is { Settled: false } settlement)
            await ResolveSettlementAsync(settlement, cancellationToken).ConfigureAwait(false);
        if (Book.Pending(account) is { } pending)
        {
            switch (await AdoptIfLandedAsync(account, pending, "the post had landed").ConfigureAwait(false))
            {
                case Landing.NotLanded:
                    var receipt = await SendPostAsync(pending, cancellationToken).ConfigureAwait(false);
                    Book.MakeCurrent(account, pending);
                    Log($"resumed {account} stateNonce {pending.Value.StateNonce}: posted, gas {(receipt?.GasUsed?.Value ?? 0)}");
                    break;
                case Landing.Superseded:
                    Book.DropPending(account);
                    Log($"dropped {account} stateNonce {pending.Value.StateNonce}: the registry holds a later post of this venue");
                    break;
            }
        }
        // A proposal that did not land waits for its proof; one a later post overtook is void.
        if (Book.Proposed(account) is { } proposed
            && await AdoptIfLandedAsync(account, proposed, "the trade or withdrawal had gone through").ConfigureAwait(false) == Landing.Superseded)
            Book.DropProposed(account);
    }

    /// <summary>Makes <paramref name="opening"/> current when the registry shows it landed; returns what the registry shows.</summary>
    private async Task<Landing> AdoptIfLandedAsync(string account, Opening opening, string why)
    {
        var landing = await LandedAsync(account, opening.Value.StateNonce, opening.Commitment).ConfigureAwait(false);
        if (landing == Landing.Landed)
        {
            Book.MakeCurrent(account, opening);
            Log($"resumed {account} stateNonce {opening.Value.StateNonce}: {why}");
        }
        return landing;
    }

    private async Task ResolveSettlementAsync(SettlementRecord record, CancellationToken cancellationToken)
    {
        var account = record.Account;
        var closed = record.Commitment.IsZero ? null : Book.Pending(account);
        switch (await LandedAsync(account, record.StateNonce, record.Commitment).ConfigureAwait(false))
        {
            case Landing.Landed:
                CompleteSettlement(record, closed);
                Log($"resumed {account} liquidation {record.LiquidationId}: the settlement had landed");
                return;
            case Landing.Superseded:
                Book.DropPending(account);
                Book.WriteSettlement(record with { Settled = true });
                Log($"dropped the settlement of {account} liquidation {record.LiquidationId}: the registry holds a later post of this venue");
                return;
        }
        var liquidation = await _system.Gate.LiquidationOfAsync(account).ConfigureAwait(false);
        if (!liquidation.Open || liquidation.Id != record.LiquidationId)
        {
            Book.DropPending(account);
            Book.DropSettlement(account);
            Log($"dropped the settlement of {account} liquidation {record.LiquidationId}: it is no longer open");
            return;
        }
        if (!record.Commitment.IsZero && closed is null)
            throw new VenueBookException(Path.Combine(Book.Directory, "pending", account + ".json"), "$", "missing: the unsettled settlement's closed state is not in the book");
        var receipt = await _venue.SettleLiquidationAsync(account, _options.SettlementToken, record.Loss, record.Commitment, record.StateNonce, cancellationToken).ConfigureAwait(false);
        CompleteSettlement(record, closed);
        Log($"settle {account} liquidation {record.LiquidationId} loss {record.Loss} stateNonce {record.StateNonce} gas {receipt.GasUsed.Value} (resumed)");
    }

    /// <summary>
    /// SampleVenue.post of a pending opening. A refusal (a revert at the gas estimate, or a failure in
    /// its block) drops the pending opening unless the registry shows the same post landed after all
    /// (an earlier send of it): then the receipt is null.
    /// </summary>
    private async Task<TransactionReceipt?> SendPostAsync(Opening opening, CancellationToken cancellationToken)
    {
        var nonce = (ulong)opening.Value.StateNonce;
        try
        {
            return await _venue.PostAsync(opening.Account, opening.Commitment, nonce, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ContractRevertException or TransactionFailedException)
        {
            if (await LandedAsync(opening.Account, nonce, opening.Commitment).ConfigureAwait(false) == Landing.Landed) return null;
            Book.DropPending(opening.Account);
            throw;
        }
    }

    /// <summary>One more than the last state nonce the book or the registry knows for the account and this venue.</summary>
    private async Task<BigInteger> NextNonceAsync(string account)
    {
        var standing = await _system.Registry.StandingOfAsync(account, VenueIndex).ConfigureAwait(false);
        BigInteger last = standing.LastNonce;
        foreach (var opening in new[] { Book.Current(account), Book.Pending(account), Book.Proposed(account) })
            if (opening is not null) last = BigInteger.Max(last, opening.Value.StateNonce);
        if (Book.Settlement(account) is { } settlement) last = BigInteger.Max(last, settlement.StateNonce);
        if (last >= ulong.MaxValue) throw new VenueBookException(Book.Directory, "$", $"the state nonces of {account} are exhausted (2^64 - 1)");
        return last + 1;
    }

    private Opening NewOpening(string account, VenueState state, BigInteger stateNonce) =>
        Opening.Of(_options.Configuration, _system.ChainId, _system.Registry.Address, Venue, account, new VenueOpening(state, stateNonce, Blinding()));

    /// <summary>A uniformly random field element below r from the system's cryptographic RNG (rejection sampling on 254 bits).</summary>
    private static BigInteger Blinding()
    {
        Span<byte> bytes = stackalloc byte[32];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            bytes[31] &= 0x3F; // 254 bits: r > 2^253, so fewer than half the draws are rejected
            var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
            if (value < Fr.Modulus) return value;
        }
    }

    private void CheckState(VenueState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        VenueRequests.Check(state, _options.Configuration, "$");
        if (state.VenueId != VenueIndex)
            throw new VenueRequestException("$.venueId", $"{state.VenueId} is not this venue's id: a state's venue id is the venue's registry index, {VenueIndex}");
    }

    private void RequireVenue(SampleVenueKind kind, string what)
    {
        if (_options.Venue != kind)
            throw new VenueRequestException("venue", $"the {Name(_options.Venue)} venue has no {what}: run the {Name(kind)} venue's operator");
    }

    private Task AtStep(VenueStep step, Opening opening) => _options.AtStep?.Invoke(step, opening) ?? Task.CompletedTask;

    private void Log(string line) => _options.Log?.Invoke(line);

    private static string VenueAddress(SystemContracts system, SampleVenueKind kind) => kind == SampleVenueKind.Lending ? system.Lending.Address : system.Perp.Address;

    public static string Name(SampleVenueKind kind) => kind == SampleVenueKind.Lending ? "lending" : "perp";
}

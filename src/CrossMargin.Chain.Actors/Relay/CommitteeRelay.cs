using System.Numerics;
using CrossMargin.Chain.Contracts;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3;

namespace CrossMargin.Chain.Actors.Relay;

/// <summary>How a <see cref="CommitteeRelay"/> is set up: the route, the keys, the depth, where its state lives.</summary>
public sealed record RelayOptions
{
    /// <summary>The source chain's node (reads only).</summary>
    public required IWeb3 Source { get; init; }

    /// <summary>The registry on the source chain whose CommitmentPosted events are carried.</summary>
    public required string SourceRegistry { get; init; }

    /// <summary>The destination chain's node, with the account that sends (and pays for) the mirror transactions.</summary>
    public required IWeb3 Destination { get; init; }

    /// <summary>The gate's registry, which checks the committee's signatures (mirrorCommitment).</summary>
    public required string DestinationRegistry { get; init; }

    /// <summary>The keys of the committee members this relay signs for: at least the destination committee's threshold.</summary>
    public required IReadOnlyList<EthECKey> CommitteeKeys { get; init; }

    /// <summary>A post is carried once this many blocks lie on top of its block (0: as soon as it is seen).</summary>
    public int Confirmations { get; init; } = 2;

    /// <summary>The wait between passes of <see cref="CommitteeRelay.RunAsync"/>.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The state file (<see cref="RelayState"/>): the cursor, written after each block the relay is done with.</summary>
    public required string StatePath { get; init; }

    /// <summary>The first source block to read when there is no state file yet (the source registry's deployment block, typically).</summary>
    public ulong FirstBlock { get; init; }

    /// <summary>The most blocks one eth_getLogs asks for.</summary>
    public ulong BlocksPerQuery { get; init; } = 2_000;

    /// <summary>Called as each commitment lands on the destination.</summary>
    public Action<CarriedCommitment>? OnCarried { get; init; }

    /// <summary>Called with a failure that <see cref="CommitteeRelay.RunAsync"/> survives (a node that does not answer), before it tries again.</summary>
    public Action<Exception>? OnTransientFailure { get; init; }

    /// <summary>
    /// Called with each signed attestation just before it is sent. The relay holds no state of
    /// its own between signing and sending, so stopping here (a cancelled token, an exception)
    /// is a crash at the worst moment; tests use it to act one.
    /// </summary>
    public Func<Attestation, Task>? BeforeSend { get; init; }
}

/// <summary>
/// Carries the commitments venues post on one chain's registry to another chain's registry,
/// each as an attestation signed by the committee members whose keys the relay holds.
/// </summary>
/// <remarks>
/// <para>Each pass reads the source registry's CommitmentPosted logs from the block after the
/// cursor up to head minus the confirmation depth, in block order, and for each post: skips it
/// if the destination does not admit its venue as remote for this source registry (reported);
/// skips it if its sequence is at or below the destination's lastSourceSequence for this source
/// (mirrored already, by this relay before a restart or by another); otherwise checks that its
/// block is still the source chain's block at that height, signs and sends mirrorCommitment.
/// After each block it is done with, the cursor (that block's number and hash) is written to the
/// state file, so a restarted relay neither loses nor repeats a post: the cursor never passes a
/// post that is not on the destination, and what is re-read below it is skipped by sequence.</para>
/// <para>A reorganisation within the depth is harmless: nothing from those blocks was carried.
/// One deeper than the cursor is seen at the start of a pass, when the cursor's block no longer
/// has its recorded hash: the relay throws <see cref="SourceReorganisedException"/> and sends
/// nothing more.</para>
/// <para>Another relay may carry the same posts: a post that it mirrored first (the registry's
/// SequenceNotIncreasing, or the sequence found mirrored when re-read after a send failed) is
/// counted, not an error. Reads are retried on transport errors; a send is never repeated
/// blindly: after a failed send the destination's lastSourceSequence is read again first.</para>
/// </remarks>
public sealed class CommitteeRelay
{
    private const int Attempts = 3;

    private readonly RelayOptions _options;
    private readonly CollateralRegistryClient _destination;
    private readonly CommitteeSigner _signer;
    private RelayState? _state;

    private CommitteeRelay(RelayOptions options, ulong sourceChainId, ulong destinationChainId, RelayState? state)
    {
        _options = options;
        SourceChainId = sourceChainId;
        DestinationChainId = destinationChainId;
        _destination = new CollateralRegistryClient(options.Destination, options.DestinationRegistry);
        _signer = new CommitteeSigner(options.CommitteeKeys, destinationChainId, options.DestinationRegistry);
        _state = state;
    }

    public ulong SourceChainId { get; }
    public ulong DestinationChainId { get; }

    /// <summary>The cursor as last written (null before the relay finished any block).</summary>
    public RelayState? State => _state;

    /// <summary>
    /// A relay for <paramref name="options"/>. Refuses a destination Web3 without an account, a
    /// state file of another route, keys that are not members of the destination's current
    /// committee or fewer than its threshold, and a cursor whose block the source chain no longer
    /// has (<see cref="SourceReorganisedException"/>, checked again at the start of every pass).
    /// </summary>
    public static async Task<CommitteeRelay> CreateAsync(RelayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.CommitteeKeys);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Confirmations);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.PollInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfZero(options.BlocksPerQuery);
        if (options.Destination.TransactionManager.Account is null)
            throw new ArgumentException("the destination Web3 has no account to send with", nameof(options));
        if (options.CommitteeKeys.Count == 0) throw new RelaySetupException("no committee keys: the relay signs with at least the committee's threshold of members");

        var sourceChainId = await ChainIdAsync(options.Source).ConfigureAwait(false);
        var destinationChainId = await ChainIdAsync(options.Destination).ConfigureAwait(false);
        if (sourceChainId == destinationChainId)
            throw new RelaySetupException($"the source and the destination are both chain {sourceChainId}: a relay carries posts between two chains");
        var state = RelayState.ReadIfExists(options.StatePath);
        if (state is not null && !state.Serves(sourceChainId, options.SourceRegistry, destinationChainId, options.DestinationRegistry))
            throw new RelaySetupException($"{options.StatePath} is the state of the relay from registry {state.SourceRegistry} on chain {state.SourceChainId} "
                + $"to {state.DestinationRegistry} on chain {state.DestinationChainId}, not of this one (from {options.SourceRegistry} on chain {sourceChainId} "
                + $"to {options.DestinationRegistry} on chain {destinationChainId}): give another --state");

        var relay = new CommitteeRelay(options, sourceChainId, destinationChainId, state);
        await relay.CheckCommitteeAsync().ConfigureAwait(false);
        await relay.CheckCursorAsync().ConfigureAwait(false);
        return relay;
    }

    // A relay whose keys cannot reach the threshold would sign every post in vain; found at start, not at the first post.
    private async Task CheckCommitteeAsync()
    {
        var members = await Read(() => _destination.CommitteeAsync()).ConfigureAwait(false);
        var threshold = await Read(() => _destination.CommitteeThresholdAsync()).ConfigureAwait(false);
        if (threshold.IsZero) throw new RelaySetupException($"the destination registry {_destination.Address} has no committee yet (governance sets one with setCommittee)");
        var outsiders = _signer.Members.Where(m => !members.Contains(m, StringComparer.OrdinalIgnoreCase)).ToList();
        if (outsiders.Count > 0)
            throw new RelaySetupException($"the committee keys include {string.Join(", ", outsiders)}, not members of the destination registry's committee ({string.Join(", ", members)})");
        if (_signer.Members.Count < threshold)
            throw new RelaySetupException($"the relay holds {_signer.Members.Count} committee keys; the destination registry needs {threshold} signatures");
    }

    /// <summary>Runs passes until <paramref name="cancellationToken"/> is cancelled, then returns after the step in hand (a send is always awaited to its receipt).</summary>
    public async Task RunAsync(Action<RelayPassReport>? afterEachPass = null, CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                afterEachPass?.Invoke(await PassAsync(cancellationToken).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (IsTransport(e))
            {
                // A node that does not answer after the retries: the cursor holds, the next pass starts from it.
                _options.OnTransientFailure?.Invoke(e);
            }
            try
            {
                await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One pass: from the block after the cursor to head minus the depth. Cancellation is
    /// honoured between posts (the cursor then stays at the last block finished).
    /// </summary>
    public async Task<RelayPassReport> PassAsync(CancellationToken cancellationToken = default)
    {
        var pass = new Pass();
        await CheckCursorAsync().ConfigureAwait(false);
        var head = (ulong)(await Read(() => _options.Source.Eth.Blocks.GetBlockNumber.SendRequestAsync()).ConfigureAwait(false)).Value;
        var from = _state is null ? _options.FirstBlock : _state.Block + 1;
        var confirmations = (ulong)_options.Confirmations;
        var safe = head >= confirmations ? head - confirmations : (ulong?)null;

        var remote = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        while (safe is { } last && from <= last && !pass.StoppedEarly)
        {
            var to = Math.Min(last, from + _options.BlocksPerQuery - 1);
            await RelayRangeAsync(from, to, remote, pass, cancellationToken).ConfigureAwait(false);
            from = to + 1;
        }
        var waitingFrom = Math.Max(from, safe is { } s ? s + 1 : 0);
        if (!pass.StoppedEarly && waitingFrom <= head)
            pass.WaitingForDepth = (await ReadLogsAsync(waitingFrom, head).ConfigureAwait(false)).Count;
        return new RelayPassReport
        {
            Carried = pass.Carried,
            Skipped = pass.Skipped,
            AlreadyMirrored = pass.AlreadyMirrored,
            MirroredByAnotherRelay = pass.MirroredByAnotherRelay,
            WaitingForDepth = pass.WaitingForDepth,
            StoppedEarly = pass.StoppedEarly,
            Cursor = _state?.Block,
        };
    }

    private sealed class Pass
    {
        public List<CarriedCommitment> Carried { get; } = [];
        public List<SkippedPost> Skipped { get; } = [];
        public int AlreadyMirrored { get; set; }
        public int MirroredByAnotherRelay { get; set; }
        public int WaitingForDepth { get; set; }
        public bool StoppedEarly { get; set; }
    }

    // The cursor's block must still be the source chain's block at that height: if it is not, the
    // chain reorganised beneath what this relay already carried.
    private async Task CheckCursorAsync()
    {
        if (_state is not { } state) return;
        var block = await BlockAsync(state.Block).ConfigureAwait(false);
        if (block is not null && string.Equals(block.BlockHash, state.BlockHash, StringComparison.OrdinalIgnoreCase)) return;
        var lastMirrored = await Read(() => _destination.LastSourceSequenceAsync(SourceChainId, _options.SourceRegistry)).ConfigureAwait(false);
        throw new SourceReorganisedException(SourceChainId, state.Block, state.BlockHash, block?.BlockHash, lastMirrored);
    }

    private async Task RelayRangeAsync(ulong from, ulong to, Dictionary<string, bool> remote, Pass pass, CancellationToken cancellationToken)
    {
        // The range's last block is read before and after its logs: the same hash both times means
        // the logs were read from the chain that ends in it (a block's hash fixes its ancestors).
        // Its first block must follow the cursor's: else the chain changed since the cursor was
        // checked, and the check says whether beneath the cursor (an error) or above it (read again).
        var end = await RequireBlockAsync(to).ConfigureAwait(false);
        var logs = await ReadLogsAsync(from, to).ConfigureAwait(false);
        var changed = !string.Equals((await RequireBlockAsync(to).ConfigureAwait(false)).BlockHash, end.BlockHash, StringComparison.OrdinalIgnoreCase);
        if (!changed && _state is { } cursor && cursor.Block + 1 == from)
        {
            var first = await RequireBlockAsync(from).ConfigureAwait(false);
            changed = !string.Equals(first.ParentHash, cursor.BlockHash, StringComparison.OrdinalIgnoreCase);
            if (changed) await CheckCursorAsync().ConfigureAwait(false);
        }
        if (changed)
        {
            pass.StoppedEarly = true;
            return;
        }

        foreach (var block in logs.GroupBy(l => l.Block).OrderBy(g => g.Key))
        {
            var blockHash = block.First().BlockHash;
            if (block.Any(l => !string.Equals(l.BlockHash, blockHash, StringComparison.OrdinalIgnoreCase)))
                throw new ChainAnswerException($"eth_getLogs of the source registry {_options.SourceRegistry}", $"logs of block {block.Key} with two block hashes");
            foreach (var log in block.OrderBy(l => l.LogIndex))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!await RelayPostAsync(log, remote, pass).ConfigureAwait(false))
                {
                    pass.StoppedEarly = true;
                    return;
                }
            }
            SaveCursor(block.Key, blockHash);
        }
        SaveCursor(to, end.BlockHash);
    }

    /// <summary>Handles one post; false when the pass must stop before it (retried next pass, the cursor before its block).</summary>
    private async Task<bool> RelayPostAsync(SourcePost log, Dictionary<string, bool> remote, Pass pass)
    {
        var post = log.Event;
        if (!remote.TryGetValue(post.Venue, out var admitted))
        {
            admitted = await Read(() => _destination.RemoteVenueIndexAsync(SourceChainId, _options.SourceRegistry, post.Venue)).ConfigureAwait(false) != 0;
            remote[post.Venue] = admitted;
        }
        if (!admitted)
        {
            pass.Skipped.Add(new SkippedPost(log.Block, post.Sequence, post.Venue));
            return true;
        }
        if (post.Sequence <= await LastMirroredAsync().ConfigureAwait(false))
        {
            pass.AlreadyMirrored++;
            return true;
        }
        // The log's block must be the chain's block at its height right now: a post of a block
        // that was replaced is not carried (the next pass reads the chain as it is).
        var current = await RequireBlockAsync(log.Block).ConfigureAwait(false);
        if (!string.Equals(current.BlockHash, log.BlockHash, StringComparison.OrdinalIgnoreCase)) return false;

        var attestation = AttestationOf(SourceChainId, _options.SourceRegistry, post);
        var signatures = _signer.Sign(attestation);
        if (_options.BeforeSend is { } hook) await hook(attestation).ConfigureAwait(false);
        return await SendAsync(log, attestation, signatures, pass).ConfigureAwait(false);
    }

    /// <summary>What the committee attests for <paramref name="post"/>, a CommitmentPosted event of <paramref name="sourceRegistry"/> on chain <paramref name="sourceChainId"/>.</summary>
    public static Attestation AttestationOf(ulong sourceChainId, string sourceRegistry, CommitmentPostedEvent post)
    {
        ArgumentNullException.ThrowIfNull(post);
        return new Attestation
        {
            SourceChainId = sourceChainId,
            SourceRegistry = sourceRegistry,
            Venue = post.Venue,
            Account = post.Account,
            Commitment = post.Commitment,
            StateNonce = post.StateNonce,
            // The post's state time: the source block's for a local post, the original one for a post the source itself mirrored.
            SourceTimestamp = post.Timestamp,
            Sequence = post.Sequence,
        };
    }

    private async Task<bool> SendAsync(SourcePost log, Attestation attestation, List<byte[]> signatures, Pass pass)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Not cancellable: a transaction sent is awaited to its receipt, so that the cursor
                // and the destination never disagree about a post this process handled.
                var receipt = await _destination.MirrorCommitmentAsync(attestation, signatures, CancellationToken.None).ConfigureAwait(false);
                var carried = new CarriedCommitment(log.Block, attestation.Sequence, attestation.Account, attestation.Venue,
                    receipt.TransactionHash, (ulong)receipt.GasUsed.Value);
                pass.Carried.Add(carried);
                _options.OnCarried?.Invoke(carried);
                return true;
            }
            catch (SequenceNotIncreasingException)
            {
                pass.MirroredByAnotherRelay++;
                return true;
            }
            catch (FutureSourceTimestampException)
            {
                // The destination's clock is behind the source's: wait for it rather than skip the post.
                return false;
            }
            catch (ContractRevertException e)
            {
                throw new MirrorRefusedException(log.Block, attestation.Sequence, attestation.Venue, attestation.Account, e);
            }
            catch (Exception e) when (e is TransactionFailedException || IsTransport(e))
            {
                // The transaction may or may not have landed (or another relay's landed first):
                // the destination says which before anything is sent again.
                if (attestation.Sequence <= await LastMirroredAsync().ConfigureAwait(false))
                {
                    pass.MirroredByAnotherRelay++;
                    return true;
                }
                if (e is TransactionFailedException failed)
                    throw new MirrorRefusedException(log.Block, attestation.Sequence, attestation.Venue, attestation.Account, failed);
                if (attempt == Attempts) throw;
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt)).ConfigureAwait(false);
            }
        }
    }

    private Task<ulong> LastMirroredAsync() => Read(() => _destination.LastSourceSequenceAsync(SourceChainId, _options.SourceRegistry));

    private void SaveCursor(ulong block, string hash)
    {
        var state = new RelayState(SourceChainId, _options.SourceRegistry, DestinationChainId, _options.DestinationRegistry, block, hash);
        state.Write(_options.StatePath);
        _state = state;
    }

    /// <summary>A decoded CommitmentPosted log with where it sits on the source chain.</summary>
    private sealed record SourcePost(ulong Block, string BlockHash, BigInteger LogIndex, CommitmentPostedEvent Event);

    private async Task<List<SourcePost>> ReadLogsAsync(ulong from, ulong to)
    {
        var what = $"eth_getLogs of the source registry {_options.SourceRegistry}, blocks {from}..{to}";
        var filter = _options.Source.Eth.GetEvent<CommitmentPostedEvent>(_options.SourceRegistry)
            .CreateFilterInput(new BlockParameter(new HexBigInteger(from)), new BlockParameter(new HexBigInteger(to)));
        var logs = await Read(() => _options.Source.Eth.Filters.GetLogs.SendRequestAsync(filter)).ConfigureAwait(false)
            ?? throw new ChainAnswerException(what, "null instead of a list of logs");
        var posts = new List<SourcePost>(logs.Length);
        foreach (var log in logs)
        {
            if (log.Removed) continue; // a node that reports a dropped log says so; it is not on the chain
            if (!string.Equals(log.Address, _options.SourceRegistry, StringComparison.OrdinalIgnoreCase))
                throw new ChainAnswerException(what, $"a log of {log.Address}, not of the registry asked for");
            if (log.BlockNumber?.Value is not { } number || number < from || number > to)
                throw new ChainAnswerException(what, $"a log of block {log.BlockNumber?.Value.ToString() ?? "(none)"}, outside the range asked for");
            if (log.BlockHash is not { Length: 66 } || log.LogIndex is null)
                throw new ChainAnswerException(what, $"a log of block {number} without a block hash or log index");
            EventLog<CommitmentPostedEvent>? decoded;
            try
            {
                decoded = log.DecodeEvent<CommitmentPostedEvent>();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new ChainAnswerException(what, $"log {log.LogIndex.Value} of block {number} does not decode as CommitmentPosted ({e.Message})");
            }
            if (decoded?.Event is null)
                throw new ChainAnswerException(what, $"log {log.LogIndex.Value} of block {number} is not a CommitmentPosted event");
            posts.Add(new SourcePost((ulong)number, log.BlockHash, log.LogIndex.Value, decoded.Event));
        }
        return posts;
    }

    private Task<BlockWithTransactionHashes?> BlockAsync(ulong number) =>
        Read(async () =>
        {
            var block = await _options.Source.Eth.Blocks.GetBlockWithTransactionsHashesByNumber
                .SendRequestAsync(new BlockParameter(new HexBigInteger(number))).ConfigureAwait(false);
            if (block is not null && block.BlockHash is not { Length: 66 })
                throw new ChainAnswerException($"eth_getBlockByNumber({number}) on the source chain", "a block without a hash");
            return (BlockWithTransactionHashes?)block;
        });

    private async Task<BlockWithTransactionHashes> RequireBlockAsync(ulong number) =>
        await BlockAsync(number).ConfigureAwait(false)
        ?? throw new ChainAnswerException($"eth_getBlockByNumber({number}) on the source chain", "no such block, though the node reported a head at or above it");

    private static async Task<ulong> ChainIdAsync(IWeb3 web3) =>
        (ulong)(await Read(() => web3.Eth.ChainId.SendRequestAsync()).ConfigureAwait(false)).Value;

    /// <summary>Runs a read, retrying it on transport errors (a read changes nothing, so repeating it is safe).</summary>
    private static async Task<T> Read<T>(Func<Task<T>> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await read().ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransport(e) && attempt < Attempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt)).ConfigureAwait(false);
            }
        }
    }

    private static bool IsTransport(Exception e) => e is RpcClientUnknownException or RpcClientTimeoutException or HttpRequestException;
}

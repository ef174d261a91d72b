using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Chain.Contracts;
using CrossMargin.Margin;
using CrossMargin.Proving;
using CrossMargin.Snarkjs;
using CrossMargin.Snarkjs.Solidity;
using Nethereum.RPC.Eth.DTOs;

namespace CrossMargin.Chain.Actors.Trader;

/// <summary>A slot the trader holds no opening for: it cannot prove (a proof must cover every venue the registry lists for the account).</summary>
public sealed class MissingOpeningException(string message) : MalformedInputException(message);

/// <summary>A proving key whose verification key is not the one the deployment's verifier was generated from.</summary>
public sealed class KeyMismatchException(string message) : MalformedInputException(message);

/// <summary>A proof made, persisted, and not yet sent: the submission, its file, the statement, and the proving time.</summary>
public sealed record PreparedProof(ProofSubmission Submission, string File, MarginStatement Statement, TimeSpan ProvingTime);

/// <summary>What became of a submission: its final record (status, transaction, gas) and, when the gate recorded it, the expiry it set.</summary>
public sealed record SubmissionOutcome(ProofSubmission Submission, string File, ulong? Expiry);

/// <summary>
/// The trader's prover and submitter. From the openings its venues handed it and what the chain
/// holds now (<see cref="ChainSnapshot"/>: the registry's slots, the active parameters, the
/// latest oracle round, the gate's nonce for the account) it builds the statement, proves it
/// with the C# prover, and submits it to the gate.
/// </summary>
/// <remarks>
/// Nothing is lost to a crash: the openings used are copied into the data directory, and each
/// proof is written there before it is sent (status <see cref="SubmissionStatus.Proved"/>), then
/// again with its transaction (<see cref="SubmissionStatus.Sent"/>) and its outcome. A restart
/// (<see cref="ResumeAsync"/>) settles every proof not finished: it looks at the gate (the
/// account's nonce moved past the proof's: recorded, by this submission or another's), and
/// sends again only a proof whose statement the gate still rebuilds identically.
/// </remarks>
public sealed class TraderProver
{
    private readonly SystemContracts _system;
    private readonly MarginCircuit _circuit;
    private readonly string _zkeyPath;
    private readonly Action<string>? _progress;

    public TraderProver(SystemContracts system, MarginCircuit circuit, string zkeyPath, string dataDirectory, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(zkeyPath);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        _system = system;
        _circuit = circuit;
        _zkeyPath = zkeyPath;
        _progress = progress;
        DataDirectory = dataDirectory;
        Directory.CreateDirectory(ProofsDirectory);
        Directory.CreateDirectory(OpeningsDirectory);
    }

    public string DataDirectory { get; }
    public string ProofsDirectory => Path.Combine(DataDirectory, "proofs");
    public string OpeningsDirectory => Path.Combine(DataDirectory, "openings");

    /// <summary>
    /// Seconds added to the age of the oldest state the proof rests on, for the time between the
    /// snapshot and the block that includes the proof (proving and inclusion). The gate refuses
    /// a tau smaller than the age at inclusion; a larger tau widens the latency shock a little.
    /// </summary>
    public uint TauSlack { get; init; } = 120;

    /// <summary>
    /// Proves <paramref name="account"/>'s solvency at <paramref name="level"/> over the chain's
    /// current state and persists the proof. With <paramref name="postTrade"/>, the proof covers
    /// the state after that venue posts it (the venue's slot, or the lowest free one, holds the
    /// new commitment): what a venue passes to the gate with the trade (level initial).
    /// </summary>
    /// <exception cref="MissingOpeningException">A slot holds a commitment none of the openings opens.</exception>
    /// <exception cref="InsolventPortfolioException">The portfolio does not cover the requirement at this level.</exception>
    /// <exception cref="NoStatementException">The chain cannot back a proof now.</exception>
    public async Task<PreparedProof> ProveAsync(string account, IReadOnlyList<Opening> openings, MarginLevel level, Opening? postTrade = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(openings);
        var configuration = _circuit.Configuration;
        _progress?.Invoke("reading the chain");
        var chain = await ChainSnapshot.ReadAsync(_system, account, configuration).ConfigureAwait(false);
        if (chain.OracleTripped) throw new NoStatementException("the oracle hub's breaker has tripped: the gate accepts no proof until governance resets it");
        var maxRoundAge = (ulong)await _system.Gate.MaxRoundAgeAsync().ConfigureAwait(false);
        if (chain.BlockTimestamp + TauSlack > chain.RoundClosedAt + maxRoundAge)
            throw new NoStatementException($"oracle round {chain.Round.RoundId} closed at {chain.RoundClosedAt}; the gate takes rounds at most {maxRoundAge} s old, and it would be older by the time the proof lands: wait for the next round");

        // The slots as they will be when the gate checks the proof: a post-trade state replaces
        // its venue's slot (or takes the lowest free one) and is stamped at inclusion.
        var slots = chain.Slots.ToList();
        if (postTrade is not null)
        {
            var venueIndex = await _system.Registry.LocalVenueIndexAsync(postTrade.Venue).ConfigureAwait(false);
            if (venueIndex == 0) throw new MissingOpeningException($"the post-trade opening is for {postTrade.Venue}, which is not a venue of the registry {_system.Registry.Address}");
            var held = slots.FindIndex(s => s.Commitment != 0 && s.VenueIndex == venueIndex);
            var target = held >= 0 ? held : slots.FindIndex(s => s.Commitment == 0);
            if (target < 0) throw new MissingOpeningException($"every slot of {account} is held by another venue: {postTrade.Venue} cannot post a new state");
            slots[target] = new SlotState(target, postTrade.Commitment, venueIndex, (ulong)postTrade.Value.StateNonce, chain.BlockTimestamp + TauSlack);
        }

        var byCommitment = openings.Append(postTrade).OfType<Opening>()
            .Where(o => string.Equals(o.Account, account, StringComparison.OrdinalIgnoreCase))
            .GroupBy(o => o.Commitment).ToDictionary(g => g.Key, g => g.First());
        var venues = new List<VenueOpening>();
        var used = new List<Opening>();
        var seenEmpty = -1;
        foreach (var slot in slots)
        {
            if (slot.Commitment == 0)
            {
                seenEmpty = seenEmpty < 0 ? slot.Slot : seenEmpty;
                continue;
            }
            if (seenEmpty >= 0)
                throw new MissingOpeningException($"{account}'s slot {seenEmpty} is empty and slot {slot.Slot} is held: the circuit lays used slots first, so this account cannot prove until the venue in slot {slot.Slot} posts again");
            if (!byCommitment.TryGetValue(slot.Commitment, out var opening))
                throw new MissingOpeningException($"{account}'s slot {slot.Slot} holds commitment {slot.Commitment} (venue index {slot.VenueIndex}, state nonce {slot.StateNonce}), which none of the {openings.Count} openings opens: ask that venue for its current opening");
            venues.Add(opening.Value);
            used.Add(opening);
        }
        var oldest = slots.Where(s => s.Commitment != 0).Select(s => s.Timestamp).DefaultIfEmpty(chain.BlockTimestamp + TauSlack).Min();
        var tauValue = chain.BlockTimestamp + TauSlack - Math.Min(oldest, chain.BlockTimestamp + TauSlack);
        if (tauValue > uint.MaxValue) throw new NoStatementException($"the oldest state {account}'s proof rests on is {tauValue} s old: beyond what tau can state");
        var tau = (uint)tauValue;

        foreach (var o in used) o.Write(Path.Combine(OpeningsDirectory, $"{o.Commitment.ToString(CultureInfo.InvariantCulture)}.json"));

        var portfolio = new Portfolio(
            new StatementContext(EvmAddress.ToInteger(account), EvmAddress.ToInteger(_system.Gate.Address), chain.ChainId, chain.Nonce, tau),
            chain.Round, chain.Parameters, venues);
        var statement = MarginStatement.ForProof(portfolio, level, configuration);
        var clock = Stopwatch.StartNew();
        var result = MarginProver.Prove(statement, _circuit, _zkeyPath, _progress);
        var provingTime = clock.Elapsed;
        // The gate's verifier is pinned to one key: a proof under another would only be refused
        // on-chain, after paying for the attempt.
        var keyDigest = KeyDigest.Of(result.VerificationKey);
        if (keyDigest != _system.Deployment.VerificationKeySha256)
            throw new KeyMismatchException($"{_zkeyPath}: its verification key has SHA-256 {keyDigest}; the deployment's verifier is for the key with SHA-256 {_system.Deployment.VerificationKeySha256}");

        var submission = new ProofSubmission
        {
            Account = account,
            Gate = _system.Gate.Address,
            ChainId = chain.ChainId,
            Nonce = chain.Nonce,
            Level = (byte)level,
            RoundId = (ulong)chain.Round.RoundId,
            Tau = tau,
            Proof = [.. ProofCalldata.Words(result.Proof.Proof).Select(Decimal)],
            PublicSignals = [.. statement.PublicSignals.Select(Decimal)],
            PostTradeVenue = postTrade?.Venue,
            PostTradeCommitment = postTrade is null ? null : Decimal(postTrade.Commitment),
            PostTradeStateNonce = postTrade is null ? null : (ulong)postTrade.Value.StateNonce,
            Status = SubmissionStatus.Proved,
        };
        var file = Path.Combine(ProofsDirectory, submission.FileName);
        submission.Write(file);
        return new PreparedProof(submission, file, statement, provingTime);
    }

    /// <summary>
    /// Sends a proof to the gate (submitProof) and records the outcome in its file. A proof
    /// already recorded by someone else (a keeper who sent the same proof first) comes back
    /// <see cref="SubmissionStatus.Recorded"/> with the gate's own answer (submitProof returns
    /// false and changes nothing). A post-trade proof is the venue's to send: refused here.
    /// </summary>
    public async Task<SubmissionOutcome> SubmitAsync(PreparedProof proof, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return await SubmitAsync(proof.Submission, proof.File, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SubmissionOutcome> SubmitAsync(ProofSubmission submission, string file, CancellationToken cancellationToken)
    {
        if (submission.PostTradeVenue is not null)
            throw new InvalidOperationException($"{file} is a post-trade proof: the venue {submission.PostTradeVenue} sends it with the trade");
        _progress?.Invoke($"submitting the proof (nonce {submission.Nonce}, round {submission.RoundId}, tau {submission.Tau} s)");
        var function = new MarginGateClient.SubmitProofFunction
        {
            Account = submission.Account,
            // The proof's nonce is the ABI argument (NonceValue); Nonce is the transaction's, set below.
            NonceValue = submission.Nonce,
            Level = submission.Level,
            RoundId = submission.RoundId,
            Tau = submission.Tau,
            Proof = [.. submission.ProofWords],
        };
        // The transaction's nonce is taken from the node (pending count) rather than from a
        // count kept in memory, which another process or Web3 signing for the same key would
        // leave behind. Sent first, recorded as Sent with its hash, then awaited: a crash while
        // waiting leaves the hash for ResumeAsync to look up rather than a second transaction.
        var sender = _system.Sender ?? throw new InvalidOperationException("the trader's Web3 has no signing account");
        function.Nonce = (await _system.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(sender, BlockParameter.CreatePending()).ConfigureAwait(false)).Value;
        string hash;
        try
        {
            await ContractTransactions.SetGasLimitAsync(_system.Gate.Handler, function, ContractErrors.Table).ConfigureAwait(false);
            hash = await ContractErrors.Table.Run(() => _system.Gate.Handler.SendRequestAsync(function)).ConfigureAwait(false);
        }
        catch (ContractRevertException refused)
        {
            // Refused at the gas estimate, so never sent: the gate's verdict on this state, which
            // a retry would only repeat. Recorded so that no later run sends it again.
            (submission with { Status = SubmissionStatus.Superseded, Note = $"the gate refused it: {refused.Message}" }).Write(file);
            throw;
        }
        var sent = submission with { Status = SubmissionStatus.Sent, Transaction = hash };
        sent.Write(file);
        var receipt = await _system.Web3.TransactionManager.TransactionReceiptService.PollForReceiptAsync(hash, cancellationToken).ConfigureAwait(false);
        return await SettleAsync(sent, file, receipt).ConfigureAwait(false);
    }

    private async Task<SubmissionOutcome> SettleAsync(ProofSubmission sent, string file, TransactionReceipt receipt)
    {
        ContractTransactions.EnsureSucceeded(receipt, "submitProof");
        var accepted = _system.Gate.EventsIn<ProofAcceptedEvent>(receipt);
        var mine = accepted.FirstOrDefault(e => string.Equals(e.Account, sent.Account, StringComparison.OrdinalIgnoreCase) && e.Nonce == sent.Nonce);
        var done = sent with
        {
            Status = SubmissionStatus.Recorded,
            GasUsed = (ulong)receipt.GasUsed.Value,
            Note = mine is null ? "the gate had already recorded this proof (sent by someone else first)" : null,
        };
        done.Write(file);
        return new SubmissionOutcome(done, file, mine?.Expiry);
    }

    /// <summary>
    /// Settles every proof in the data directory that a previous run did not finish: a sent one
    /// by its receipt (sent again if the node dropped it), a proved one by sending it, unless
    /// the gate has moved on (the account's nonce is past the proof's, or the statement the gate
    /// would rebuild now differs: new commitments, parameters, or a round too old), in which
    /// case it is marked superseded and the caller proves afresh.
    /// </summary>
    public async Task<IReadOnlyList<SubmissionOutcome>> ResumeAsync(CancellationToken cancellationToken = default)
    {
        var outcomes = new List<SubmissionOutcome>();
        foreach (var file in Directory.EnumerateFiles(ProofsDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            var s = ProofSubmission.Read(file);
            if (s.Status is SubmissionStatus.Recorded or SubmissionStatus.Superseded || s.PostTradeVenue is not null) continue;
            if (s.Status == SubmissionStatus.Sent && s.Transaction is { } hash)
            {
                var receipt = await _system.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash).ConfigureAwait(false);
                if (receipt is null && await _system.Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(hash).ConfigureAwait(false) is not null)
                    receipt = await _system.Web3.TransactionManager.TransactionReceiptService.PollForReceiptAsync(hash, cancellationToken).ConfigureAwait(false);
                if (receipt is not null && receipt.Status?.Value == 1)
                {
                    outcomes.Add(await SettleAsync(s, file, receipt).ConfigureAwait(false));
                    continue;
                }
            }
            var superseded = await WhySupersededAsync(s).ConfigureAwait(false);
            if (superseded is not null)
            {
                var marked = s with { Status = SubmissionStatus.Superseded, Note = superseded };
                marked.Write(file);
                outcomes.Add(new SubmissionOutcome(marked, file, null));
                continue;
            }
            outcomes.Add(await SubmitAsync(s with { Status = SubmissionStatus.Proved, Transaction = null }, file, cancellationToken).ConfigureAwait(false));
        }
        return outcomes;
    }

    private async Task<string?> WhySupersededAsync(ProofSubmission s)
    {
        var health = await _system.Gate.HealthOfAsync(s.Account).ConfigureAwait(false);
        if (health.Nonce != s.Nonce) return $"the gate's nonce for {s.Account} is {health.Nonce}, the proof's {s.Nonce}";
        try
        {
            var now = await _system.Gate.StatementOfAsync(s.Account, s.Nonce, s.Level, s.RoundId, s.Tau).ConfigureAwait(false);
            if (!now.PublicSignals.SequenceEqual(s.Signals)) return "the gate would rebuild another statement now (the commitments or the parameters changed)";
        }
        catch (ContractRevertException e)
        {
            return $"the gate can no longer check this statement: {e.Message}";
        }
        return null;
    }

    private static string Decimal(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
}

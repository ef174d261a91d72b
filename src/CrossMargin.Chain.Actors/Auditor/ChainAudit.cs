using System.Numerics;
using System.Reflection;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Chain.Contracts;
using CrossMargin.Groth16;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace CrossMargin.Chain.Actors.Auditor;

/// <summary>An audit that cannot start: no gate at the address, a block range that does not exist, a batch of another chain.</summary>
public sealed class AuditInputException(string message) : MalformedInputException(message);

/// <summary>An audit's report with what it was made from: the proofs (as a batch a person can re-audit) and the chain's history.</summary>
public sealed record ChainAuditResult(AuditReport Report, ProofBatch Batch, ChainHistory History);

/// <summary>
/// The auditor on a node: from the gate's address alone (its immutables name the registry, the
/// hub and the verifier), it pins the key to the deployed verifier, reads every event of the
/// three contracts from the registry's creation to the end of the range (so that the state at
/// the range's start is known), collects the gate's ProofAccepted events in the range as
/// envelopes, the gas of the transactions behind the events in range, and hands all of it to
/// <see cref="ProofAudit.Check"/>.
/// </summary>
public static class ChainAudit
{
    /// <summary>Audits every proof the gate accepted in [<paramref name="fromBlock"/>, <paramref name="toBlock"/> or the head].</summary>
    public static async Task<ChainAuditResult> RunAsync(IWeb3 web3, string gate, ulong fromBlock, ulong? toBlock, VerificationKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(web3);
        ArgumentNullException.ThrowIfNull(key);
        var deployment = await GateDeployment.ReadAsync(web3, gate, key).ConfigureAwait(false);
        var head = (ulong)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().ConfigureAwait(false)).Value;
        var to = toBlock ?? head;
        if (to > head) throw new AuditInputException($"--to-block {to} is beyond the chain's head, block {head}");
        if (fromBlock > to) throw new AuditInputException($"--from-block {fromBlock} is after the range's end, block {to}");
        var (history, proofs) = await deployment.CollectAsync(fromBlock, to, cancellationToken).ConfigureAwait(false);
        var report = ProofAudit.Check(key, proofs, history);
        return new ChainAuditResult(report, new ProofBatch { Proofs = proofs }, history);
    }

    /// <summary>
    /// Audits a batch against the chain of <paramref name="gate"/>: every envelope's inputs
    /// compared with the state at its block (where the gate's own ProofAccepted for that account
    /// and nonce lies in that block, just before it).
    /// </summary>
    public static async Task<ChainAuditResult> CheckBatchAsync(IWeb3 web3, string gate, ProofBatch batch, VerificationKey key, string? batchFile = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(web3);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(key);
        var deployment = await GateDeployment.ReadAsync(web3, gate, key).ConfigureAwait(false);
        var head = (ulong)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().ConfigureAwait(false)).Value;
        var from = batch.Proofs.Count == 0 ? head : Math.Min(head, batch.Proofs.Min(p => p.Block));
        var to = batch.Proofs.Count == 0 ? head : Math.Min(head, batch.Proofs.Max(p => p.Block));
        var (history, _) = await deployment.CollectAsync(from, to, cancellationToken).ConfigureAwait(false);
        var report = ProofAudit.Check(key, batch.Proofs, history, new AuditSource
        {
            Kind = "batch", ChainId = history.ChainId, Gate = history.Gate, FromBlock = from, ToBlock = to, BatchFile = batchFile,
        });
        return new ChainAuditResult(report, batch, history);
    }

    /// <summary>The gate's deployment as its immutables name it, with the key checked against its verifier.</summary>
    private sealed class GateDeployment
    {
        private readonly IWeb3 _web3;
        private readonly ulong _chainId;
        private readonly string _gate, _registry, _hub;
        private readonly int _slots;
        private readonly ulong _priceBand;

        private GateDeployment(IWeb3 web3, ulong chainId, string gate, string registry, string hub, int slots, ulong priceBand)
        {
            (_web3, _chainId, _gate, _registry, _hub, _slots, _priceBand) = (web3, chainId, gate.ToLowerInvariant(), registry.ToLowerInvariant(), hub.ToLowerInvariant(), slots, priceBand);
        }

        public static async Task<GateDeployment> ReadAsync(IWeb3 web3, string gate, VerificationKey key)
        {
            if (!EvmAddress.IsValid(gate)) throw new AuditInputException($"--gate: '{gate}' is not an address (0x and 40 hex digits)");
            var code = await web3.Eth.GetCode.SendRequestAsync(gate).ConfigureAwait(false);
            if (string.IsNullOrEmpty(code) || code == "0x")
                throw new AuditInputException($"--gate: there is no contract at {gate} on this chain");
            var chainId = (ulong)(await web3.Eth.ChainId.SendRequestAsync().ConfigureAwait(false)).Value;
            var client = new MarginGateClient(web3, gate);
            var registry = await client.RegistryAsync().ConfigureAwait(false);
            var hub = await client.HubAsync().ConfigureAwait(false);
            var verifier = await client.VerifierAsync().ConfigureAwait(false);
            var slots = await client.SlotsAsync().ConfigureAwait(false);
            var band = await client.PriceBandAsync().ConfigureAwait(false);
            if (slots <= 0 || slots > 64 || band <= 0 || band > ulong.MaxValue)
                throw new ChainAnswerException($"the gate {gate}'s SLOTS and PRICE_BAND", $"{slots} and {band} are not a gate's settings");
            var verifierCode = await web3.Eth.GetCode.SendRequestAsync(verifier).ConfigureAwait(false);
            VerifierKeyPin.Require(key, verifier, Convert.FromHexString(Hex(verifierCode)));
            if (key.PublicCount != 5 + (int)slots)
                throw new KeyNotDeployedException($"the verification key has {key.PublicCount} public signals; the gate builds {5 + (int)slots}");
            return new GateDeployment(web3, chainId, gate, registry, hub, (int)slots, (ulong)band);
        }

        /// <summary>
        /// The chain's history from the first of the registry's and the hub's creation to
        /// <paramref name="to"/>, with the gas of the transactions in [<paramref name="from"/>,
        /// <paramref name="to"/>], and the gate's proofs in that range as envelopes.
        /// </summary>
        public async Task<(ChainHistory History, List<ProofEnvelope> Proofs)> CollectAsync(ulong from, ulong to, CancellationToken cancellationToken)
        {
            var start = Math.Min(await CreationBlockAsync(_registry, to).ConfigureAwait(false), await CreationBlockAsync(_hub, to).ConfigureAwait(false));
            var logs = new List<FilterLog>();
            for (var at = start; at <= to; at += VenueOperator.MaxBlockRange)
            {
                cancellationToken.ThrowIfCancellationRequested();
                logs.AddRange(await LogsAsync(at, Math.Min(to, at + VenueOperator.MaxBlockRange - 1)).ConfigureAwait(false));
            }

            var timestamps = new Dictionary<ulong, ulong>();
            foreach (var block in logs.Select(l => (ulong)l.BlockNumber.Value).Distinct())
                timestamps[block] = await TimestampAsync(block).ConfigureAwait(false);

            var events = new List<ChainEvent>();
            var proofs = new List<ProofEnvelope>();
            foreach (var log in logs.OrderBy(l => l.BlockNumber.Value).ThenBy(l => l.LogIndex.Value))
            {
                var at = new ChainPosition((ulong)log.BlockNumber.Value, (int)log.LogIndex.Value);
                var e = Decode(log, at, timestamps[at.Block]);
                if (e is null) continue;
                events.Add(e);
                if (e is ProofAcceptance && at.Block >= from)
                    proofs.Add(Envelope(log, at));
            }

            var costs = new List<TransactionCost>();
            foreach (var hash in logs.Where(l => (ulong)l.BlockNumber.Value >= from).Select(l => l.TransactionHash).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                cancellationToken.ThrowIfCancellationRequested();
                costs.Add(await CostAsync(hash).ConfigureAwait(false));
            }
            return (new ChainHistory(_chainId, _gate, _slots, _priceBand, from, to, events, costs), proofs);
        }

        private async Task<FilterLog[]> LogsAsync(ulong from, ulong to)
        {
            var what = $"eth_getLogs of the gate, registry and hub, blocks {from}..{to}";
            var filter = new NewFilterInput
            {
                Address = [_gate, _registry, _hub],
                FromBlock = new BlockParameter(new HexBigInteger(from)),
                ToBlock = new BlockParameter(new HexBigInteger(to)),
            };
            var logs = await _web3.Eth.Filters.GetLogs.SendRequestAsync(filter).ConfigureAwait(false)
                ?? throw new ChainAnswerException(what, "null instead of a list of logs");
            foreach (var log in logs)
            {
                if (log.BlockNumber?.Value is not { } number || number < from || number > to || log.LogIndex is null || log.TransactionHash is null)
                    throw new ChainAnswerException(what, $"a log of block {log.BlockNumber?.Value.ToString() ?? "(none)"} outside the range asked for, or without its index or transaction");
                if (log.Address is null || !(Is(log, _gate) || Is(log, _registry) || Is(log, _hub)))
                    throw new ChainAnswerException(what, $"a log of {log.Address}, not of the contracts asked for");
            }
            // A node that reports a dropped log says so; it is not on the chain.
            return [.. logs.Where(l => !l.Removed)];
        }

        private static bool Is(FilterLog log, string address) => string.Equals(log.Address, address, StringComparison.OrdinalIgnoreCase);

        /// <summary>The event as the audit replays it; null for one that does not move a statement or a health (reports, roles, proposals, ...).</summary>
        private ChainEvent? Decode(FilterLog log, ChainPosition at, ulong timestamp)
        {
            var tx = log.TransactionHash;
            if (Is(log, _registry))
            {
                if (log.IsLogForEvent<CommitmentPostedEvent>())
                {
                    var p = log.DecodeEvent<CommitmentPostedEvent>().Event;
                    return new CommitmentChange
                    {
                        Position = at, Timestamp = timestamp, Transaction = tx,
                        Account = p.Account.ToLowerInvariant(), VenueIndex = p.VenueIndex,
                        Slot = p.Slot < 64 ? (int)p.Slot : int.MaxValue, Commitment = p.Commitment,
                    };
                }
                if (log.IsLogForEvent<VenueAdmittedEvent>())
                {
                    var v = log.DecodeEvent<VenueAdmittedEvent>().Event;
                    return new VenueAdmission { Position = at, Timestamp = timestamp, Transaction = tx, Index = v.Index, Venue = v.Venue.ToLowerInvariant() };
                }
                if (log.IsLogForEvent<VenueRetiredEvent>())
                    return new VenueRetirement { Position = at, Timestamp = timestamp, Transaction = tx, Index = log.DecodeEvent<VenueRetiredEvent>().Event.Index };
                if (log.IsLogForEvent<ParametersActivatedEvent>())
                    return new ParametersActivation { Position = at, Timestamp = timestamp, Transaction = tx, ParameterHash = log.DecodeEvent<ParametersActivatedEvent>().Event.ParameterHash };
                return null;
            }
            if (Is(log, _hub))
            {
                if (!log.IsLogForEvent<RoundClosedEvent>()) return null;
                var r = log.DecodeEvent<RoundClosedEvent>().Event;
                return new RoundClose { Position = at, Timestamp = timestamp, Transaction = tx, RoundId = r.RoundId, Digest = r.Digest, Prices = r.Prices };
            }
            if (log.IsLogForEvent<ProofAcceptedEvent>())
            {
                var p = log.DecodeEvent<ProofAcceptedEvent>().Event;
                return new ProofAcceptance { Position = at, Timestamp = timestamp, Transaction = tx, Account = p.Account.ToLowerInvariant(), Nonce = p.Nonce, Level = p.Level, RoundId = p.RoundId, Expiry = p.Expiry };
            }
            if (log.IsLogForEvent<PriceLapseFlaggedEvent>())
            {
                var f = log.DecodeEvent<PriceLapseFlaggedEvent>().Event;
                return new PriceLapse { Position = at, Timestamp = timestamp, Transaction = tx, Account = f.Account.ToLowerInvariant(), RoundId = f.RoundId };
            }
            if (log.IsLogForEvent<LiquidatedEvent>())
                return new Liquidation { Position = at, Timestamp = timestamp, Transaction = tx, Account = log.DecodeEvent<LiquidatedEvent>().Event.Account.ToLowerInvariant() };
            return null;
        }

        /// <summary>The ProofAccepted log as an envelope: its fields, its signals and its proof words in snarkjs's form.</summary>
        private ProofEnvelope Envelope(FilterLog log, ChainPosition at)
        {
            var p = log.DecodeEvent<ProofAcceptedEvent>().Event;
            SnarkjsProof proof;
            try
            {
                proof = ProofForms.ToSnarkjs(ProofForms.FromCalldata(p.Proof, $"the proof of {at}"));
            }
            catch (MalformedInputException e)
            {
                // The gate verified it, so its points decode; one that does not is the node's garbage.
                throw new ChainAnswerException($"the ProofAccepted log of {at}", e.Message);
            }
            return new ProofEnvelope
            {
                ChainId = _chainId, Gate = _gate, Account = p.Account.ToLowerInvariant(), Nonce = p.Nonce, Level = p.Level, RoundId = p.RoundId,
                Tau = p.Tau, Expiry = p.Expiry, Block = at.Block, Transaction = log.TransactionHash,
                PublicSignals = [.. p.PublicSignals.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture))],
                Proof = proof,
            };
        }

        private async Task<ulong> TimestampAsync(ulong block)
        {
            var b = await _web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(block)).ConfigureAwait(false)
                ?? throw new ChainAnswerException($"eth_getBlockByNumber {block}", "no such block, though it holds logs");
            return (ulong)b.Timestamp.Value;
        }

        /// <summary>The transaction's gas (its receipt) and its step: the function its calldata selects, by name.</summary>
        private async Task<TransactionCost> CostAsync(string hash)
        {
            var what = $"the transaction {hash}";
            var receipt = await _web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash).ConfigureAwait(false)
                ?? throw new ChainAnswerException(what, "no receipt, though it emitted logs");
            var transaction = await _web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(hash).ConfigureAwait(false)
                ?? throw new ChainAnswerException(what, "not found, though it emitted logs");
            var input = Hex(transaction.Input);
            var selector = input.Length >= 8 ? input[..8].ToLowerInvariant() : "";
            // A creation's input is the contract's init code, not a call: its first bytes are no selector.
            var step = string.IsNullOrEmpty(transaction.To) ? "deploy (contract creation)"
                : FunctionNames.Value.TryGetValue(selector, out var name) ? name : selector.Length == 8 ? $"0x{selector}" : "(no call data)";
            return new TransactionCost(hash, step, (ulong)receipt.GasUsed.Value);
        }

        /// <summary>
        /// The first block at which <paramref name="address"/> has code (binary search over
        /// eth_getCode at past blocks: about log2(head) calls instead of reading logs from block 0).
        /// </summary>
        private async Task<ulong> CreationBlockAsync(string address, ulong head)
        {
            ulong low = 0, high = head;
            while (low < high)
            {
                var middle = low + (high - low) / 2;
                var code = await _web3.Eth.GetCode.SendRequestAsync(address, new BlockParameter(new HexBigInteger(middle))).ConfigureAwait(false);
                if (string.IsNullOrEmpty(code) || code == "0x") low = middle + 1;
                else high = middle;
            }
            return low;
        }
    }

    private static string Hex(string? text) => text is null ? "" : text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;

    /// <summary>
    /// The 4-byte selector of every function of the generated clients (the gate, the registry,
    /// the hub, the vault, the venues), to its name: a transaction's step is the function it called.
    /// </summary>
    private static readonly Lazy<Dictionary<string, string>> FunctionNames = new(() =>
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in typeof(MarginGateClient).Assembly.GetTypes())
        {
            if (!typeof(FunctionMessage).IsAssignableFrom(type) || type.IsAbstract || type.GetCustomAttribute<FunctionAttribute>() is null) continue;
            var abi = ABITypedRegistry.GetFunctionABI(type);
            names.TryAdd(abi.Sha3Signature.ToLowerInvariant(), abi.Name);
        }
        return names;
    });
}

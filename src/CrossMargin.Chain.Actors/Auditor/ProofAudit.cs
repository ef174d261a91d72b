using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using CrossMargin.Groth16;
using CrossMargin.Snarkjs;

namespace CrossMargin.Chain.Actors.Auditor;

/// <summary>
/// The audit itself, over data alone (no node): every proof verified under the key, and its
/// public signals compared with what the chain held where the gate accepted it.
/// <list type="number">
/// <item>Each envelope is decoded (signals, points) and checked for shape
/// (<see cref="Verifier.Check"/>); one that cannot be checked is a "malformed" finding
/// and is set aside.</item>
/// <item>The rest are verified together (<see cref="Verifier.VerifyBatch(VerificationKey, IReadOnlyList{CheckedStatement})"/>, one random linear
/// combination, spread over the cores, bisected down to each false proof): each false one is an
/// "invalid-proof" finding.</item>
/// <item>Every envelope's signals are compared with the gate's construction
/// (MarginGate._statement): [account, gate, chainId | nonce&lt;&lt;64 | roundId&lt;&lt;128 |
/// tau&lt;&lt;192 | level&lt;&lt;224, the round's digest, the active parameter hash, the account's
/// slot commitments]; with a <see cref="ChainHistory"/>, against the chain's state replayed to the
/// proof's position, and its nonce against the account's previous proofs. Each difference names
/// the input, both values and the block: an "input-mismatch" finding.</item>
/// </list>
/// Equity and requirement never appear: they are private, and a valid proof over the chain's own
/// inputs is exactly the statement that they satisfy the margin rule.
/// </summary>
public static class ProofAudit
{
    /// <summary>
    /// Audits <paramref name="proofs"/> under <paramref name="key"/>; with <paramref name="history"/>
    /// their inputs are checked against the chain and the report carries the accounts' timelines
    /// and the gas per step. <paramref name="source"/> says where the proofs came from (default:
    /// the history's gate and range, or a batch).
    /// </summary>
    public static AuditReport Check(VerificationKey key, IReadOnlyList<ProofEnvelope> proofs, ChainHistory? history, AuditSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(proofs);
        var clock = Stopwatch.StartNew();
        var n = proofs.Count;
        var findings = new List<AuditFinding>();

        // 1. Decode and shape-check, in parallel (a G2 subgroup check per proof is most of it).
        var decoded = new CheckedStatement?[n];
        var signals = new BigInteger[n][];
        var malformed = new string?[n];
        Parallel.For(0, n, i =>
        {
            try
            {
                signals[i] = ProofForms.Signals(proofs[i].PublicSignals, $"proof {i}: publicSignals");
                decoded[i] = ProofForms.Statement(key, proofs[i], signals[i], $"proof {i}");
            }
            catch (MalformedInputException e)
            {
                malformed[i] = e.Message;
            }
        });
        for (var i = 0; i < n; i++)
        {
            if (malformed[i] is { } why)
                findings.Add(new AuditFinding { Kind = "malformed", ProofIndex = i, Account = proofs[i].Account, Block = proofs[i].Block, Message = why });
        }

        var decodeSeconds = clock.Elapsed.TotalSeconds;

        // 2. Verify the well-formed ones in one batch per core.
        var valid = VerifyWellFormed(key, decoded);
        for (var i = 0; i < n; i++)
        {
            if (decoded[i] is not null && !valid[i])
                findings.Add(new AuditFinding
                {
                    Kind = "invalid-proof", ProofIndex = i, Account = proofs[i].Account, Block = proofs[i].Block,
                    Message = $"proof {i} (account {proofs[i].Account}, nonce {proofs[i].Nonce}, block {proofs[i].Block}) does not verify under the key",
                });
        }

        var verifySeconds = clock.Elapsed.TotalSeconds - decodeSeconds;

        // 3. The inputs: against the envelope's own fields always, against the chain with a history.
        var mismatches = new List<string>[n];
        for (var i = 0; i < n; i++)
            mismatches[i] = signals[i] is null ? [] : SelfMismatches(proofs[i], signals[i]);
        var replay = history is null ? null : new StateReplay(history);
        replay?.CheckAll(proofs, signals, mismatches);
        for (var i = 0; i < n; i++)
        {
            foreach (var m in mismatches[i])
                findings.Add(new AuditFinding
                {
                    Kind = "input-mismatch", ProofIndex = i, Account = proofs[i].Account, Block = proofs[i].Block,
                    Message = $"proof {i} (account {proofs[i].Account}, nonce {proofs[i].Nonce}, block {proofs[i].Block}): {m}",
                });
        }
        if (replay is not null) findings.AddRange(replay.ChainFindings);

        var verdicts = new ProofVerdict[n];
        for (var i = 0; i < n; i++)
        {
            var e = proofs[i];
            verdicts[i] = new ProofVerdict
            {
                Index = i, Account = e.Account, Nonce = e.Nonce, Level = e.Level, RoundId = e.RoundId, Block = e.Block, Transaction = e.Transaction,
                Valid = decoded[i] is not null && valid[i],
                InputsMatch = malformed[i] is null && mismatches[i].Count == 0,
                Mismatches = mismatches[i],
            };
        }
        // Findings about a proof in the order of the proofs, then the chain's own.
        findings = [.. findings.OrderBy(f => f.ProofIndex ?? int.MaxValue)];
        var accounts = history is null ? [] : HealthTimelines.Of(history);
        var gas = history is null ? [] : GasFigures(history.Transactions);
        var seconds = clock.Elapsed.TotalSeconds;

        return new AuditReport
        {
            Source = source ?? DefaultSource(proofs, history),
            VerificationKeySha256 = KeyDigest.Of(key),
            Summary = new AuditSummary
            {
                Proofs = n,
                Valid = verdicts.Count(v => v.Valid),
                Invalid = verdicts.Count(v => !v.Valid),
                InputMismatches = verdicts.Count(v => v.Mismatches.Count > 0),
                Findings = findings.Count,
                Seconds = seconds,
                ProofsPerSecond = seconds > 0 ? n / seconds : 0,
                DecodeSeconds = decodeSeconds,
                VerifySeconds = verifySeconds,
                InputCheckSeconds = seconds - decodeSeconds - verifySeconds,
            },
            Proofs = verdicts,
            Findings = findings,
            ProofsPerBlock = [.. proofs.GroupBy(p => p.Block).OrderBy(g => g.Key).Select(g => new BlockCount(g.Key, g.Count()))],
            Accounts = accounts,
            GasPerStep = gas,
        };
    }

    /// <summary>The packed word the gate builds: chainId | nonce &lt;&lt; 64 | roundId &lt;&lt; 128 | tau &lt;&lt; 192 | level &lt;&lt; 224.</summary>
    public static BigInteger PackedWord(ulong chainId, ulong nonce, ulong roundId, uint tau, byte level) =>
        new BigInteger(chainId) | new BigInteger(nonce) << 64 | new BigInteger(roundId) << 128 | new BigInteger(tau) << 192 | new BigInteger(level) << 224;

    /// <summary>Valid[i] for each decoded proof (false where none), from one batch over every well-formed statement (the verifier spreads it over the cores itself).</summary>
    private static bool[] VerifyWellFormed(VerificationKey key, CheckedStatement?[] decoded)
    {
        var indices = Enumerable.Range(0, decoded.Length).Where(i => decoded[i] is not null).ToArray();
        var valid = new bool[decoded.Length];
        if (indices.Length == 0) return valid;
        var verdict = Verifier.VerifyBatch(key, [.. indices.Select(i => decoded[i]!)]);
        for (var j = 0; j < indices.Length; j++) valid[indices[j]] = verdict.Valid[j];
        return valid;
    }

    /// <summary>
    /// What an envelope contradicts by itself, without a chain: the statement's length, signal 0
    /// (its account), signal 1 (its gate) and the packed word (its chain id, nonce, round, tau and level).
    /// </summary>
    private static List<string> SelfMismatches(ProofEnvelope e, BigInteger[] s)
    {
        var found = new List<string>();
        if (s.Length < 5)
        {
            found.Add($"{s.Length} public signals; a statement has 5 and one per slot");
            return found;
        }
        if (!EvmAddress.IsValid(e.Account)) found.Add($"account '{e.Account}' is not an address");
        else if (s[0] != EvmAddress.ToInteger(e.Account)) found.Add($"signal 0 (account) is {Hex(s[0])}; the envelope's account is {e.Account}");
        if (!EvmAddress.IsValid(e.Gate)) found.Add($"gate '{e.Gate}' is not an address");
        else if (s[1] != EvmAddress.ToInteger(e.Gate)) found.Add($"signal 1 (gate) is {Hex(s[1])}; the envelope's gate is {e.Gate}");
        var packed = PackedWord(e.ChainId, e.Nonce, e.RoundId, e.Tau, e.Level);
        if (s[2] != packed)
            found.Add($"signal 2 (chainId | nonce | roundId | tau | level) is {Unpack(s[2])}; the envelope says {Unpack(packed)}");
        return found;
    }

    /// <summary>The packed word's fields, for a person; a word with bits above the level's is shown whole.</summary>
    internal static string Unpack(BigInteger word)
    {
        if (word.Sign < 0 || word >> 232 != 0) return $"{word} (not a packed word)";
        var mask64 = (BigInteger.One << 64) - 1;
        return string.Create(CultureInfo.InvariantCulture,
            $"chain {word & mask64}, nonce {(word >> 64) & mask64}, round {(word >> 128) & mask64}, tau {(word >> 192) & uint.MaxValue}, level {word >> 224}");
    }

    internal static string Hex(BigInteger value) => value.Sign < 0 || value >> 160 != 0
        ? value.ToString(CultureInfo.InvariantCulture)
        : "0x" + value.ToString("x40", CultureInfo.InvariantCulture)[^40..];

    private static AuditSource DefaultSource(IReadOnlyList<ProofEnvelope> proofs, ChainHistory? history) => history is not null
        ? new AuditSource { Kind = "chain", ChainId = history.ChainId, Gate = history.Gate, FromBlock = history.FromBlock, ToBlock = history.ToBlock }
        : new AuditSource
        {
            Kind = "batch",
            ChainId = proofs.Count > 0 ? proofs[0].ChainId : 0,
            Gate = proofs.Count > 0 ? proofs[0].Gate : "",
            FromBlock = proofs.Count > 0 ? proofs.Min(p => p.Block) : 0,
            ToBlock = proofs.Count > 0 ? proofs.Max(p => p.Block) : 0,
            CheckedAgainstChain = false,
        };

    /// <summary>Per step: how many transactions, their median and total gas; steps by total gas, largest first.</summary>
    private static List<GasFigure> GasFigures(IReadOnlyList<TransactionCost> transactions) =>
        [.. transactions.DistinctBy(t => t.Hash).GroupBy(t => t.Step)
            .Select(g =>
            {
                var gas = g.Select(t => t.Gas).Order().ToArray();
                return new GasFigure { Step = g.Key, Transactions = gas.Length, MedianGas = gas[gas.Length / 2], TotalGas = (ulong)gas.Sum(x => (decimal)x) };
            })
            .OrderByDescending(f => f.TotalGas).ThenBy(f => f.Step, StringComparer.Ordinal)];
}

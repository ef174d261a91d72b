using CrossMargin.Chain;
using CrossMargin.Chain.Actors.Auditor;

namespace CrossMargin.Protobuf;

/// <summary>
/// The audit report (audit.proto) to and from <see cref="AuditReport"/>, and its rules, which
/// the JSON form is checked by too (<see cref="Check"/>): the format, a source kind of "chain" or
/// "batch", addresses valid, the key's SHA-256 as 64 lower-case hex digits, levels 0 or 1,
/// finding kinds and health events from their lists, transaction hashes 0x and 64 hex digits,
/// figures finite.
/// </summary>
public static class AuditMessages
{
    public const int MaxBytes = 256 << 20;

    private const string What = "audit report";

    private static readonly string[] FindingKinds = ["invalid-proof", "input-mismatch", "malformed", "chain"];
    private static readonly string[] HealthEvents = ["proof", "round", "commitment", "lapse", "liquidated"];
    private static readonly string[] SourceKinds = ["chain", "batch"];

    public static AuditReport Parse(ReadOnlySpan<byte> bytes) => FromMessage(StrictProtobuf.Parse(bytes, V1.AuditReport.Parser, What, MaxBytes));

    /// <summary>Reads a JSON audit report strictly and checks it (<see cref="Check"/>). The auditor's own reader replaces this one when it lands.</summary>
    public static AuditReport ParseJson(string json, string file = What)
    {
        var report = StrictJson.Deserialize<AuditReport>(json, "an audit report", (path, problem) => new JsonFormException(file, path, problem));
        Check(report, (path, problem) => new JsonFormException(file, path, problem));
        return report;
    }

    /// <summary>Throws <paramref name="error"/>(JSON path, problem) unless <paramref name="report"/> is one (type doc).</summary>
    public static void Check(AuditReport report, Func<string, string, Exception> error)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(error);
        if (report.Format != AuditReport.CurrentFormat) throw error("$.format", $"'{report.Format}', expected '{AuditReport.CurrentFormat}'");
        var source = report.Source ?? throw error("$.source", "is missing");
        OneOf(source.Kind, SourceKinds, "$.source.kind", error);
        if (source.ChainId == 0) throw error("$.source.chainId", "is 0; a chain id is at least 1");
        ProofEnvelopeRules.Address(source.Gate, "$.source.gate", error);
        if (report.VerificationKeySha256 is not { Length: 64 } digest || !digest.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
            throw error("$.verificationKeySha256", "is not a SHA-256 digest (64 lower-case hex digits)");
        var summary = report.Summary ?? throw error("$.summary", "is missing");
        Finite(summary.Seconds, "$.summary.seconds", error);
        Finite(summary.ProofsPerSecond, "$.summary.proofsPerSecond", error);
        for (var i = 0; i < report.Proofs.Count; i++)
        {
            var v = report.Proofs[i] ?? throw error($"$.proofs[{i}]", "is null");
            ProofEnvelopeRules.Address(v.Account, $"$.proofs[{i}].account", error);
            if (v.Level > 1) throw error($"$.proofs[{i}].level", $"is {v.Level}; a level is 0 (initial) or 1 (maintenance)");
            ProofEnvelopeRules.Transaction(v.Transaction, $"$.proofs[{i}].transaction", error);
            if (v.Mismatches is null || v.Mismatches.Any(m => m is null)) throw error($"$.proofs[{i}].mismatches", "must be a list of strings");
        }
        for (var i = 0; i < report.Findings.Count; i++)
        {
            var f = report.Findings[i] ?? throw error($"$.findings[{i}]", "is null");
            OneOf(f.Kind, FindingKinds, $"$.findings[{i}].kind", error);
            if (f.Account is not null) ProofEnvelopeRules.Address(f.Account, $"$.findings[{i}].account", error);
        }
        for (var a = 0; a < report.Accounts.Count; a++)
        {
            var timeline = report.Accounts[a] ?? throw error($"$.accounts[{a}]", "is null");
            ProofEnvelopeRules.Address(timeline.Account, $"$.accounts[{a}].account", error);
            for (var i = 0; i < timeline.Points.Count; i++)
            {
                var p = timeline.Points[i] ?? throw error($"$.accounts[{a}].points[{i}]", "is null");
                var at = $"$.accounts[{a}].points[{i}]";
                OneOf(p.Event, HealthEvents, $"{at}.event", error);
                if (p.Level is > 1) throw error($"{at}.level", $"is {p.Level}; a level is 0 (initial) or 1 (maintenance)");
                if (p.PriceBandUsedPercent is { } percent) Finite(percent, $"{at}.priceBandUsedPercent", error);
            }
        }
        for (var i = 0; i < report.ProofsPerBlock.Count; i++)
            if (report.ProofsPerBlock[i] is null) throw error($"$.proofsPerBlock[{i}]", "is null");
        for (var i = 0; i < report.GasPerStep.Count; i++)
            if (report.GasPerStep[i]?.Step is null) throw error($"$.gasPerStep[{i}]", "is null or has no step");
    }

    public static AuditReport FromMessage(V1.AuditReport m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var s = new Scalars(What);
        var source = s.Required(m.Source, "source");
        var summary = s.Required(m.Summary, "summary");
        if (m.VerificationKeySha256.Length != 32) throw s.Error("verification_key_sha256", $"has {m.VerificationKeySha256.Length} bytes; a SHA-256 digest is 32");
        var report = new AuditReport
        {
            Format = m.Format,
            Source = new AuditSource
            {
                Kind = source.Kind switch
                {
                    V1.AuditSourceKind.Chain => "chain",
                    V1.AuditSourceKind.Batch => "batch",
                    _ => throw s.Error("source.kind", source.Kind == V1.AuditSourceKind.Unspecified ? "is missing" : $"{(int)source.Kind} is not a source kind"),
                },
                ChainId = source.ChainId is 0 ? throw s.Error("source.chain_id", "is missing (a chain id is at least 1)") : source.ChainId,
                Gate = s.Address(source.Gate, "source.gate"),
                FromBlock = s.Required(source.HasFromBlock, source.FromBlock, "source.from_block"),
                ToBlock = s.Required(source.HasToBlock, source.ToBlock, "source.to_block"),
                BatchFile = source.HasBatchFile ? source.BatchFile : null,
            },
            VerificationKeySha256 = Convert.ToHexStringLower(m.VerificationKeySha256.Span),
            Summary = new AuditSummary
            {
                Proofs = s.Required(summary.HasProofs, summary.Proofs, "summary.proofs"),
                Valid = s.Required(summary.HasValid, summary.Valid, "summary.valid"),
                Invalid = s.Required(summary.HasInvalid, summary.Invalid, "summary.invalid"),
                InputMismatches = s.Required(summary.HasInputMismatches, summary.InputMismatches, "summary.input_mismatches"),
                Findings = s.Required(summary.HasFindings, summary.Findings, "summary.findings"),
                Seconds = s.Required(summary.HasSeconds, summary.Seconds, "summary.seconds"),
                ProofsPerSecond = s.Required(summary.HasProofsPerSecond, summary.ProofsPerSecond, "summary.proofs_per_second"),
            },
            Proofs = [.. m.Proofs.Select((v, i) =>
            {
                var at = $"proofs[{i}]";
                return new ProofVerdict
                {
                    Index = s.Required(v.HasIndex, v.Index, $"{at}.index"),
                    Account = s.Address(v.Account, $"{at}.account"),
                    Nonce = s.Required(v.HasNonce, v.Nonce, $"{at}.nonce"),
                    Level = ProofMessages.Level(v.Level, s, $"{at}.level"),
                    RoundId = s.Required(v.HasRoundId, v.RoundId, $"{at}.round_id"),
                    Block = s.Required(v.HasBlock, v.Block, $"{at}.block"),
                    Transaction = s.OptionalHash(v.Transaction, $"{at}.transaction"),
                    Valid = v.Valid,
                    InputsMatch = v.InputsMatch,
                    Mismatches = [.. v.Mismatches],
                };
            })],
            Findings = [.. m.Findings.Select((f, i) => new AuditFinding
            {
                Kind = f.Kind is > V1.FindingKind.Unspecified and <= V1.FindingKind.Chain ? FindingKinds[(int)f.Kind - 1]
                    : throw s.Error($"findings[{i}].kind", f.Kind == V1.FindingKind.Unspecified ? "is missing" : $"{(int)f.Kind} is not a finding kind"),
                ProofIndex = f.HasProofIndex ? f.ProofIndex : null,
                Account = s.OptionalAddress(f.Account, $"findings[{i}].account"),
                Block = f.HasBlock ? f.Block : null,
                Message = f.Message,
            })],
            ProofsPerBlock = [.. m.ProofsPerBlock.Select((b, i) =>
                new BlockCount(s.Required(b.HasBlock, b.Block, $"proofs_per_block[{i}].block"), s.Required(b.HasCount, b.Count, $"proofs_per_block[{i}].count")))],
            Accounts = [.. m.Accounts.Select((a, i) => new AccountTimeline
            {
                Account = s.Address(a.Account, $"accounts[{i}].account"),
                Points = [.. a.Points.Select((p, j) =>
                {
                    var at = $"accounts[{i}].points[{j}]";
                    return new HealthPoint
                    {
                        Block = s.Required(p.HasBlock, p.Block, $"{at}.block"),
                        Timestamp = s.Required(p.HasTimestamp, p.Timestamp, $"{at}.timestamp"),
                        Event = p.Event is > V1.HealthEvent.Unspecified and <= V1.HealthEvent.Liquidated ? HealthEvents[(int)p.Event - 1]
                            : throw s.Error($"{at}.event", p.Event == V1.HealthEvent.Unspecified ? "is missing" : $"{(int)p.Event} is not a health event"),
                        Covered = p.Covered,
                        Level = p.Level == V1.MarginLevel.Unspecified ? null : ProofMessages.Level(p.Level, s, $"{at}.level"),
                        SecondsToExpiry = p.HasSecondsToExpiry ? p.SecondsToExpiry : null,
                        PriceBandUsedPercent = p.HasPriceBandUsedPercent ? p.PriceBandUsedPercent : null,
                    };
                })],
            })],
            GasPerStep = [.. m.GasPerStep.Select((g, i) => new GasFigure
            {
                Step = g.Step,
                Transactions = s.Required(g.HasTransactions, g.Transactions, $"gas_per_step[{i}].transactions"),
                MedianGas = s.Required(g.HasMedianGas, g.MedianGas, $"gas_per_step[{i}].median_gas"),
                TotalGas = s.Required(g.HasTotalGas, g.TotalGas, $"gas_per_step[{i}].total_gas"),
            })],
        };
        Check(report, (path, problem) => s.Error(StrictProtobuf.FromJsonPath(path), problem));
        return report;
    }

    public static V1.AuditReport ToMessage(AuditReport report)
    {
        Check(report, (path, problem) => new ArgumentException($"not a valid audit report: {path}: {problem}", nameof(report)));
        var source = report.Source;
        var message = new V1.AuditReport
        {
            Format = report.Format,
            Source = new V1.AuditSource
            {
                Kind = source.Kind == "chain" ? V1.AuditSourceKind.Chain : V1.AuditSourceKind.Batch,
                ChainId = source.ChainId,
                Gate = Scalars.Address(source.Gate),
                FromBlock = source.FromBlock,
                ToBlock = source.ToBlock,
            },
            VerificationKeySha256 = Scalars.Hash(report.VerificationKeySha256),
            Summary = new V1.AuditSummary
            {
                Proofs = report.Summary.Proofs,
                Valid = report.Summary.Valid,
                Invalid = report.Summary.Invalid,
                InputMismatches = report.Summary.InputMismatches,
                Findings = report.Summary.Findings,
                Seconds = report.Summary.Seconds,
                ProofsPerSecond = report.Summary.ProofsPerSecond,
            },
        };
        if (source.BatchFile is not null) message.Source.BatchFile = source.BatchFile;
        message.Proofs.AddRange(report.Proofs.Select(v =>
        {
            var verdict = new V1.ProofVerdict
            {
                Index = v.Index,
                Account = Scalars.Address(v.Account),
                Nonce = v.Nonce,
                Level = ProofMessages.Level(v.Level),
                RoundId = v.RoundId,
                Block = v.Block,
                Transaction = Scalars.Hash(v.Transaction),
                Valid = v.Valid,
                InputsMatch = v.InputsMatch,
            };
            verdict.Mismatches.AddRange(v.Mismatches);
            return verdict;
        }));
        message.Findings.AddRange(report.Findings.Select(f =>
        {
            var finding = new V1.AuditFinding { Kind = (V1.FindingKind)(Array.IndexOf(FindingKinds, f.Kind) + 1), Account = Scalars.Address(f.Account), Message = f.Message };
            if (f.ProofIndex is { } index) finding.ProofIndex = index;
            if (f.Block is { } block) finding.Block = block;
            return finding;
        }));
        message.ProofsPerBlock.AddRange(report.ProofsPerBlock.Select(b => new V1.BlockCount { Block = b.Block, Count = b.Count }));
        message.Accounts.AddRange(report.Accounts.Select(a =>
        {
            var timeline = new V1.AccountTimeline { Account = Scalars.Address(a.Account) };
            timeline.Points.AddRange(a.Points.Select(p =>
            {
                var point = new V1.HealthPoint
                {
                    Block = p.Block,
                    Timestamp = p.Timestamp,
                    Event = (V1.HealthEvent)(Array.IndexOf(HealthEvents, p.Event) + 1),
                    Covered = p.Covered,
                    Level = p.Level is { } level ? ProofMessages.Level(level) : V1.MarginLevel.Unspecified,
                };
                if (p.SecondsToExpiry is { } seconds) point.SecondsToExpiry = seconds;
                if (p.PriceBandUsedPercent is { } percent) point.PriceBandUsedPercent = percent;
                return point;
            }));
            return timeline;
        }));
        message.GasPerStep.AddRange(report.GasPerStep.Select(g => new V1.GasFigure { Step = g.Step, Transactions = g.Transactions, MedianGas = g.MedianGas, TotalGas = g.TotalGas }));
        return message;
    }

    private static void OneOf(string? value, string[] allowed, string path, Func<string, string, Exception> error)
    {
        if (value is null || !allowed.Contains(value, StringComparer.Ordinal))
            throw error(path, $"'{value}' is not one of {string.Join(", ", allowed)}");
    }

    private static void Finite(double value, string path, Func<string, string, Exception> error)
    {
        if (!double.IsFinite(value)) throw error(path, $"{value} is not a finite number");
    }
}

using System.Numerics;
using CrossMargin.Chain;
using CrossMargin.Chain.Actors.Auditor;
using Google.Protobuf;

namespace CrossMargin.Protobuf;

/// <summary>
/// The proof envelope and the proof batch (proof.proto) to and from the auditor's model
/// (<see cref="ProofEnvelope"/>, <see cref="ProofBatch"/>). Reading a message checks its encoding
/// (<see cref="StrictProtobuf"/>), its scalars (encodings.proto) and then the same rules as the
/// JSON form (<see cref="ProofEnvelopeRules"/>); writing one checks the rules first.
/// </summary>
public static class ProofMessages
{
    public const int MaxEnvelopeBytes = 1 << 20;

    /// <summary>A batch is at most 512 MiB, as the auditor's JSON reader caps its form: about 500,000 proofs in this one.</summary>
    public const int MaxBatchBytes = (int)ProofBatchFile.MaxBytes;

    private const string BatchWhat = "proof batch";
    private const string EnvelopeWhat = "proof envelope";

    public static ProofBatch ParseBatch(ReadOnlySpan<byte> bytes) => FromMessage(StrictProtobuf.Parse(bytes, V1.ProofBatch.Parser, BatchWhat, MaxBatchBytes));

    public static ProofEnvelope ParseEnvelope(ReadOnlySpan<byte> bytes) => FromMessage(StrictProtobuf.Parse(bytes, V1.ProofEnvelope.Parser, EnvelopeWhat, MaxEnvelopeBytes));

    public static ProofBatch FromMessage(V1.ProofBatch message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var scalars = new Scalars(BatchWhat);
        var batch = new ProofBatch
        {
            Format = message.Format,
            Proofs = [.. message.Proofs.Select((p, i) => Envelope(p, scalars, $"proofs[{i}]"))],
        };
        ProofEnvelopeRules.Check(batch, (path, problem) => scalars.Error(StrictProtobuf.FromJsonPath(path), problem));
        return batch;
    }

    public static ProofEnvelope FromMessage(V1.ProofEnvelope message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var scalars = new Scalars(EnvelopeWhat);
        var envelope = Envelope(message, scalars, "");
        ProofEnvelopeRules.Check(envelope, "$", (path, problem) => scalars.Error(StrictProtobuf.FromJsonPath(path), problem));
        return envelope;
    }

    public static V1.ProofBatch ToMessage(ProofBatch batch)
    {
        ProofEnvelopeRules.Check(batch, Invalid);
        var message = new V1.ProofBatch { Format = batch.Format };
        message.Proofs.AddRange(batch.Proofs.Select(Message));
        return message;
    }

    public static V1.ProofEnvelope ToMessage(ProofEnvelope envelope)
    {
        ProofEnvelopeRules.Check(envelope, "$", Invalid);
        return Message(envelope);
    }

    private static ArgumentException Invalid(string path, string problem) => new($"not a valid proof envelope or batch: {path}: {problem}");

    private static ProofEnvelope Envelope(V1.ProofEnvelope m, Scalars s, string at)
    {
        string P(string name) => StrictProtobuf.Join(at, name);
        if (m.ChainId == 0) throw s.Error(P("chain_id"), "is missing (a chain id is at least 1)");
        if (m.Level == V1.MarginLevel.Unspecified) throw s.Error(P("level"), "is missing");
        return new ProofEnvelope
        {
            ChainId = m.ChainId,
            Gate = s.Address(m.Gate, P("gate")),
            Account = s.Address(m.Account, P("account")),
            Nonce = s.Required(m.HasNonce, m.Nonce, P("nonce")),
            Level = Level(m.Level, s, P("level")),
            RoundId = s.Required(m.HasRoundId, m.RoundId, P("round_id")),
            Tau = s.Required(m.HasTau, m.Tau, P("tau")),
            Expiry = s.Required(m.HasExpiry, m.Expiry, P("expiry")),
            Block = s.Required(m.HasBlock, m.Block, P("block")),
            Transaction = s.OptionalHash(m.Transaction, P("transaction")),
            PublicSignals = [.. m.PublicSignals.Select((x, i) => Scalars.Decimal(s.FieldElement(x, $"{P("public_signals")}[{i}]", Fr.Modulus)))],
            Proof = Proof(s.Required(m.Proof, P("proof")), s, P("proof")),
        };
    }

    /// <summary>The gate's level encoding (0 initial, 1 maintenance) of a message's level.</summary>
    internal static byte Level(V1.MarginLevel level, Scalars s, string path) => level switch
    {
        V1.MarginLevel.Initial => 0,
        V1.MarginLevel.Maintenance => 1,
        V1.MarginLevel.Unspecified => throw s.Error(path, "is missing"),
        _ => throw s.Error(path, $"{(int)level} is not a level (1 initial, 2 maintenance)"),
    };

    internal static V1.MarginLevel Level(byte level) => level == 0 ? V1.MarginLevel.Initial : V1.MarginLevel.Maintenance;

    private static SnarkjsProof Proof(V1.Groth16Proof m, Scalars s, string at)
    {
        string P(string name) => StrictProtobuf.Join(at, name);
        return new SnarkjsProof
        {
            PiA = G1(s.Required(m.PiA, P("pi_a")), s, P("pi_a")),
            PiB = G2(s.Required(m.PiB, P("pi_b")), s, P("pi_b")),
            PiC = G1(s.Required(m.PiC, P("pi_c")), s, P("pi_c")),
        };
    }

    // (0, 0) is infinity (proof.proto); snarkjs writes it ["0", "1", "0"].
    private static string[] G1(V1.G1Point m, Scalars s, string at)
    {
        var x = s.FieldElement(m.X, $"{at}.x", Fq.Modulus);
        var y = s.FieldElement(m.Y, $"{at}.y", Fq.Modulus);
        return x.IsZero && y.IsZero ? ["0", "1", "0"] : [Scalars.Decimal(x), Scalars.Decimal(y), "1"];
    }

    private static string[][] G2(V1.G2Point m, Scalars s, string at)
    {
        BigInteger[] c = [s.FieldElement(m.XC0, $"{at}.x_c0", Fq.Modulus), s.FieldElement(m.XC1, $"{at}.x_c1", Fq.Modulus),
            s.FieldElement(m.YC0, $"{at}.y_c0", Fq.Modulus), s.FieldElement(m.YC1, $"{at}.y_c1", Fq.Modulus)];
        var d = c.Select(Scalars.Decimal).ToArray();
        return c.All(x => x.IsZero) ? [["0", "0"], ["1", "0"], ["0", "0"]] : [[d[0], d[1]], [d[2], d[3]], ["1", "0"]];
    }

    private static V1.ProofEnvelope Message(ProofEnvelope e)
    {
        var message = new V1.ProofEnvelope
        {
            ChainId = e.ChainId,
            Gate = Scalars.Address(e.Gate),
            Account = Scalars.Address(e.Account),
            Nonce = e.Nonce,
            Level = Level(e.Level),
            RoundId = e.RoundId,
            Tau = e.Tau,
            Expiry = e.Expiry,
            Block = e.Block,
            Transaction = Scalars.Hash(e.Transaction),
            Proof = new V1.Groth16Proof
            {
                PiA = G1(e.Proof.PiA),
                PiB = G2(e.Proof.PiB),
                PiC = G1(e.Proof.PiC),
            },
        };
        message.PublicSignals.AddRange(e.PublicSignals.Select(x => Scalars.FieldElement(Number(x))));
        return message;
    }

    // A point the rules have accepted: z is "1" or (infinity) "0".
    private static V1.G1Point G1(IReadOnlyList<string> p) =>
        p[2] == "0"
            ? new V1.G1Point { X = Scalars.FieldElement(0), Y = Scalars.FieldElement(0) }
            : new V1.G1Point { X = Scalars.FieldElement(Number(p[0])), Y = Scalars.FieldElement(Number(p[1])) };

    private static V1.G2Point G2(IReadOnlyList<IReadOnlyList<string>> p)
    {
        var infinity = p[2][0] == "0";
        ByteString At(int i, int j) => Scalars.FieldElement(infinity ? 0 : Number(p[i][j]));
        return new V1.G2Point { XC0 = At(0, 0), XC1 = At(0, 1), YC0 = At(1, 0), YC1 = At(1, 1) };
    }

    private static BigInteger Number(string decimalText) => BigInteger.Parse(decimalText, System.Globalization.CultureInfo.InvariantCulture);

    // ---- the JSON forms -----------------------------------------------------------------------

    /// <summary>Reads one JSON proof envelope strictly and checks it by <see cref="ProofEnvelopeRules"/>.</summary>
    public static ProofEnvelope ParseEnvelopeJson(string json, string file = "proof envelope")
    {
        var envelope = StrictJson.Deserialize<ProofEnvelope>(json, "a proof envelope", (path, problem) => new JsonFormException(file, path, problem));
        ProofEnvelopeRules.Check(envelope, "$", (path, problem) => new JsonFormException(file, path, problem));
        return envelope;
    }
}

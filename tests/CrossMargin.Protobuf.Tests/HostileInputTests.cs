using System.Numerics;
using CrossMargin.Margin;
using Google.Protobuf;
using Xunit;

namespace CrossMargin.Protobuf.Tests;

/// <summary>
/// Bytes that are not a valid message are refused with <see cref="ProtobufFormatException"/>
/// naming the message and the field, never another exception, a hang or a message with data
/// dropped: truncations, seeded random bytes, unknown fields at any depth, wrong wire types,
/// duplicates, values out of range, a forged opening, an invalid parameter set, oversize input.
/// </summary>
public sealed class HostileInputTests
{
    private static V1.ProofBatch Batch(int seed, int proofs) => ProofMessages.ToMessage(Samples.Batch(new Random(seed), proofs));

    private static ProtobufFormatException Refused(Action read) => Assert.Throws<ProtobufFormatException>(read);

    [Fact]
    public void EveryTruncationOfAnEnvelope_IsRefused()
    {
        var bytes = ProofMessages.ToMessage(Samples.Envelope(new Random(1))).ToByteArray();
        for (var length = 0; length < bytes.Length; length++)
            Refused(() => ProofMessages.ParseEnvelope(bytes.AsSpan(0, length)));
    }

    [Fact]
    public void EveryTruncationOfABatch_IsRefused_ExceptBetweenProofs_WhichIsAShorterBatch()
    {
        // Protobuf has no end marker: a batch cut exactly between two proofs is a batch of fewer
        // proofs (docs/formats.md says so; the audit report states the count it read).
        var message = Batch(2, 3);
        var bytes = message.ToByteArray();
        var proofsAtLength = new Dictionary<int, int>();
        var prefix = new V1.ProofBatch { Format = message.Format };
        proofsAtLength[prefix.CalculateSize()] = 0;
        foreach (var proof in message.Proofs)
        {
            prefix.Proofs.Add(proof);
            proofsAtLength[prefix.CalculateSize()] = prefix.Proofs.Count;
        }
        for (var length = 0; length < bytes.Length; length++)
        {
            if (proofsAtLength.TryGetValue(length, out var proofs))
                Assert.Equal(proofs, ProofMessages.ParseBatch(bytes.AsSpan(0, length)).Proofs.Count);
            else
                Refused(() => ProofMessages.ParseBatch(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void SeededRandomBytes_AreRefused_AsMalformed_ForEveryKind()
    {
        var random = new Random(14_310);
        for (var trial = 0; trial < 3000; trial++)
        {
            var bytes = Samples.Bytes(random, random.Next(0, 400));
            if (bytes.Length == 0) continue;
            Refused(() => ProofMessages.ParseBatch(bytes));
            Refused(() => ProofMessages.ParseEnvelope(bytes));
            Refused(() => OpeningMessages.Parse(bytes, MarginConfiguration.Small));
            Refused(() => PortfolioMessages.Parse(bytes));
            Refused(() => AuditMessages.Parse(bytes));
        }
    }

    [Fact]
    public void RandomByteFlips_InAValidBatch_AreRefused_OrReadAsAValidBatch()
    {
        // A flip may land in a value that stays valid (an address, a block number); anything else
        // is refused with the typed error: never another exception.
        var bytes = Batch(3, 2).ToByteArray();
        var random = new Random(14_311);
        for (var trial = 0; trial < 3000; trial++)
        {
            var corrupt = (byte[])bytes.Clone();
            corrupt[random.Next(corrupt.Length)] ^= (byte)(1 << random.Next(8));
            try
            {
                ProofMessages.ParseBatch(corrupt);
            }
            catch (ProtobufFormatException)
            {
            }
        }
    }

    [Fact]
    public void AnUnknownFieldAppended_IsRefused_NamingItsNumber()
    {
        var bytes = Batch(4, 1).ToByteArray().Concat(Field(99, 7)).ToArray();
        var e = Refused(() => ProofMessages.ParseBatch(bytes));
        Assert.Contains("unknown field number 99", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownFieldInsideANestedMessage_IsRefused_NamingWhere()
    {
        var batch = Batch(5, 2);
        var point = batch.Proofs[1].Proof.PiB.ToByteArray().Concat(Field(42, 1)).ToArray();
        // proofs[1].proof.pi_b with field 42 inside: rebuilt by hand, since the generated code would drop it.
        var proof = Concat(Delimited(1, batch.Proofs[1].Proof.PiA.ToByteArray()), Delimited(2, point), Delimited(3, batch.Proofs[1].Proof.PiC.ToByteArray()));
        var envelope = batch.Proofs[1].Clone();
        envelope.Proof = null;
        var outer = Concat(Delimited(1, System.Text.Encoding.UTF8.GetBytes(batch.Format)), Delimited(2, batch.Proofs[0].ToByteArray()),
            Delimited(2, Concat(envelope.ToByteArray(), Delimited(12, proof))));
        var e = Refused(() => ProofMessages.ParseBatch(outer));
        Assert.Equal("proofs[1].proof.pi_b", e.FieldPath);
        Assert.Contains("unknown field number 42", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWrongWireType_IsRefused_NamingTheField()
    {
        // format (a string, wire type 2) sent as a varint.
        var bytes = Field(1, 5);
        var e = Refused(() => ProofMessages.ParseBatch(bytes));
        Assert.Equal("format", e.FieldPath);
        Assert.Contains("wire type Varint", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFieldGivenTwice_IsRefused_WhereProtobufWouldKeepTheLast()
    {
        var envelope = ProofMessages.ToMessage(Samples.Envelope(new Random(7)));
        var bytes = Concat(envelope.ToByteArray(), Varint(9, 12345));
        var e = Refused(() => ProofMessages.ParseEnvelope(bytes));
        Assert.Equal("block", e.FieldPath);
        Assert.Contains("twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FieldsOutOfOrder_AreRefused_AsNotCanonical()
    {
        var envelope = ProofMessages.ToMessage(Samples.Envelope(new Random(8)));
        var block = envelope.Block;
        envelope.ClearBlock();
        var bytes = Concat(Varint(9, block), envelope.ToByteArray());
        Assert.Contains("canonical", Refused(() => ProofMessages.ParseEnvelope(bytes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APublicSignalNotBelowR_IsRefused_NamingIt()
    {
        var batch = Batch(9, 2);
        batch.Proofs[1].PublicSignals[0] = Scalars.FieldElement(Fr.Modulus);
        var e = Refused(() => ProofMessages.ParseBatch(batch.ToByteArray()));
        Assert.Equal("proofs[1].public_signals[0]", e.FieldPath);
    }

    [Fact]
    public void ACoordinateOf31Bytes_IsRefused_NamingIt()
    {
        var batch = Batch(10, 1);
        batch.Proofs[0].Proof.PiC.Y = ByteString.CopyFrom(batch.Proofs[0].Proof.PiC.Y.Span[1..]);
        Assert.Equal("proofs[0].proof.pi_c.y", Refused(() => ProofMessages.ParseBatch(batch.ToByteArray())).FieldPath);
    }

    [Fact]
    public void AProofOfSevenParts_IsRefused_NamingTheMissingOne()
    {
        var batch = Batch(11, 4);
        batch.Proofs[3].Proof.PiB.YC1 = ByteString.Empty;
        var e = Refused(() => ProofMessages.ParseBatch(batch.ToByteArray()));
        Assert.Equal("proofs[3].proof.pi_b.y_c1", e.FieldPath);
        Assert.StartsWith("proof batch: proofs[3].proof.pi_b.y_c1: is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APointOffTheCurve_IsRefused_NamingThePoint()
    {
        var batch = Batch(12, 4);
        var y = new BigInteger(batch.Proofs[3].Proof.PiA.Y.Span, isUnsigned: true, isBigEndian: true);
        batch.Proofs[3].Proof.PiA.Y = Scalars.FieldElement((y + 1) % Fq.Modulus);
        Assert.Equal("proofs[3].proof.pi_a", Refused(() => ProofMessages.ParseBatch(batch.ToByteArray())).FieldPath);
    }

    [Fact]
    public void AMissingRequiredScalar_IsRefused_ThoughZeroIsAValue()
    {
        var envelope = ProofMessages.ToMessage(Samples.Envelope(new Random(13)));
        envelope.ClearNonce();
        Assert.Equal("nonce", Refused(() => ProofMessages.ParseEnvelope(envelope.ToByteArray())).FieldPath);
        envelope.Nonce = 0;
        Assert.Equal(0ul, ProofMessages.ParseEnvelope(envelope.ToByteArray()).Nonce);
    }

    [Fact]
    public void AnUnknownLevel_IsRefused()
    {
        var envelope = ProofMessages.ToMessage(Samples.Envelope(new Random(14)));
        envelope.Level = (V1.MarginLevel)7;
        Assert.Equal("level", Refused(() => ProofMessages.ParseEnvelope(envelope.ToByteArray())).FieldPath);
    }

    [Fact]
    public void AForgedOpening_IsRefused_AtTheCommitment()
    {
        var message = OpeningMessages.ToMessage(Samples.Opening(new Random(15)));
        var balance = new BigInteger(message.Value.Balances[0].Span, isUnsigned: false, isBigEndian: true);
        message.Value.Balances[0] = Scalars.Integer(balance + 1);
        var e = Refused(() => OpeningMessages.Parse(message.ToByteArray(), MarginConfiguration.Small));
        Assert.Equal("commitment", e.FieldPath);
        Assert.Contains("does not open this commitment", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOpeningsNegativeBalance_IsRefused_AsTheJsonReaderRefusesIt()
    {
        var message = OpeningMessages.ToMessage(Samples.Opening(new Random(16)));
        message.Value.Balances[1] = Scalars.Integer(-1);
        Assert.Equal("value.balances[1]", Refused(() => OpeningMessages.Parse(message.ToByteArray(), MarginConfiguration.Small)).FieldPath);
    }

    [Fact]
    public void ANonMinimalInteger_IsRefused()
    {
        var message = OpeningMessages.ToMessage(Samples.Opening(new Random(17)));
        message.Value.VenueId = ByteString.CopyFrom(0, 0, 5);
        Assert.Equal("value.venue_id", Refused(() => OpeningMessages.Parse(message.ToByteArray(), MarginConfiguration.Small)).FieldPath);
    }

    [Fact]
    public void APortfolioWithAZeroCorrelationDiagonal_IsRefused_ByTheEnginesRules()
    {
        var message = PortfolioMessages.ToMessage(Samples.Portfolio(new Random(18)));
        message.Parameters.Correlation[1].Entries[1] = Scalars.Integer(0);
        var e = Refused(() => PortfolioMessages.Parse(message.ToByteArray()));
        Assert.Equal("parameters.correlation[1].entries[1]", e.FieldPath);
        Assert.Contains("diagonal", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APortfolioWithMaintenanceAboveInitial_IsRefused_NamingTheLevel()
    {
        var message = PortfolioMessages.ToMessage(Samples.Portfolio(new Random(19)));
        message.Parameters.Maintenance.Multiplier = Scalars.Integer(9_000_000);
        Assert.Equal("parameters.maintenance.multiplier", Refused(() => PortfolioMessages.Parse(message.ToByteArray())).FieldPath);
    }

    [Fact]
    public void APortfolioWithAPriceMissing_IsRefused_NamingItsSlot()
    {
        var message = PortfolioMessages.ToMessage(Samples.Portfolio(new Random(20)));
        message.Oracle.AssetPrices.RemoveAt(1);
        Assert.Equal("oracle.asset_prices[1]", Refused(() => PortfolioMessages.Parse(message.ToByteArray())).FieldPath);
    }

    [Fact]
    public void AnAuditReportWithoutItsSource_IsRefused()
    {
        var message = AuditMessages.ToMessage(Samples.Report(new Random(21)));
        message.Source = null;
        Assert.Equal("source", Refused(() => AuditMessages.Parse(message.ToByteArray())).FieldPath);
    }

    [Fact]
    public void AnAuditReportWithANonFiniteFigure_IsRefused()
    {
        var message = AuditMessages.ToMessage(Samples.Report(new Random(22)));
        message.Summary.Seconds = double.NaN;
        Assert.Equal("summary.seconds", Refused(() => AuditMessages.Parse(message.ToByteArray())).FieldPath);
    }

    [Fact]
    public void OversizeInput_IsRefused_BeforeParsing()
    {
        var bytes = new byte[OpeningMessages.MaxBytes + 1];
        Assert.Contains("at most", Refused(() => OpeningMessages.Parse(bytes, MarginConfiguration.Small)).Message, StringComparison.Ordinal);
        Assert.Contains("at most", Refused(() => ProofMessages.ParseEnvelope(bytes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWrongFormatTag_IsRefused()
    {
        var batch = Batch(23, 1);
        batch.Format = "crossmargin-proof-batch/2";
        Assert.Equal("format", Refused(() => ProofMessages.ParseBatch(batch.ToByteArray())).FieldPath);
    }

    private static byte[] Field(int number, ulong value) => Varint(number, value);

    private static byte[] Varint(int number, ulong value)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(number, WireFormat.WireType.Varint);
        output.WriteUInt64(value);
        output.Flush();
        return stream.ToArray();
    }

    private static byte[] Delimited(int number, byte[] content)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(content));
        output.Flush();
        return stream.ToArray();
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}

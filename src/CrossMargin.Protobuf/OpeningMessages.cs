using System.Text.Json;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Margin;

namespace CrossMargin.Protobuf;

/// <summary>
/// The venue opening (opening.proto) to and from <see cref="Opening"/>. A message is read by
/// spelling it as the JSON form and handing that to the JSON form's own reader
/// (<see cref="Opening.Parse"/>): the same checks run, the commitment is recomputed from the
/// opening, and the accepted sets are the same by construction. Its refusals come back with the
/// field's path in the message.
/// </summary>
public static class OpeningMessages
{
    /// <summary>As the JSON reader's cap.</summary>
    public const int MaxBytes = 1 << 20;

    private const string What = "opening";

    // The JSON form's keys that the message keeps in its `value` (the shared VenueOpening).
    private static readonly string[] ValueKeys = ["name", "venueId", "stateNonce", "blinding", "balances", "debts", "positions"];

    /// <summary>Reads an opening message for <paramref name="configuration"/>'s circuit.</summary>
    public static Opening Parse(ReadOnlySpan<byte> bytes, MarginConfiguration configuration) =>
        FromMessage(StrictProtobuf.Parse(bytes, V1.Opening.Parser, What, MaxBytes), configuration);

    public static Opening FromMessage(V1.Opening message, MarginConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(message);
        var s = new Scalars(What);
        var value = s.Required(message.Value, "value");
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("format", message.Format);
            w.WriteString("chainId", Scalars.Decimal(message.ChainId));
            w.WriteString("registry", s.Address(message.Registry, "registry"));
            w.WriteString("venue", s.Address(message.Venue, "venue"));
            w.WriteString("account", s.Address(message.Account, "account"));
            w.WriteString("commitment", Scalars.Decimal(s.FieldElement(message.Commitment, "commitment", null)));
            WriteVenueOpening(w, value, s, "value",
                (p, path) => w.WriteNumber("underlying", s.Required(p.HasUnderlying, p.Underlying, $"{path}.underlying")));
            w.WriteEndObject();
        }
        try
        {
            return Opening.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray()), configuration, What);
        }
        catch (OpeningFileException e)
        {
            throw s.Error(FieldPath(e.JsonPath), e.Message[(e.Message.IndexOf(e.JsonPath, StringComparison.Ordinal) + e.JsonPath.Length + 2)..]);
        }
    }

    public static V1.Opening ToMessage(Opening opening)
    {
        ArgumentNullException.ThrowIfNull(opening);
        return new V1.Opening
        {
            Format = Opening.CurrentFormat,
            ChainId = opening.ChainId,
            Registry = Scalars.Address(opening.Registry),
            Venue = Scalars.Address(opening.Venue),
            Account = Scalars.Address(opening.Account),
            Commitment = Scalars.FieldElement(opening.Commitment),
            Value = VenueOpeningMessage(opening.Value),
        };
    }

    /// <summary>A venue's opening as the shared message; the position's underlying is its slot.</summary>
    internal static V1.VenueOpening VenueOpeningMessage(VenueOpening value)
    {
        var message = new V1.VenueOpening
        {
            Name = value.Name,
            VenueId = Scalars.Integer(value.State.VenueId),
            StateNonce = Scalars.Integer(value.StateNonce),
            Blinding = Scalars.FieldElement(value.Blinding),
        };
        message.Balances.AddRange(value.State.Balances.Select(Scalars.Integer));
        message.Debts.AddRange(value.State.Debts.Select(Scalars.Integer));
        message.Positions.AddRange(value.State.Positions.Select(p => new V1.Position
        {
            Underlying = checked((uint)p.Underlying),
            Delta = Scalars.Integer(p.Delta),
            Gamma = Scalars.Integer(p.Gamma),
            Vega = Scalars.Integer(p.Vega),
            MarkToMarket = Scalars.Integer(p.MarkToMarket),
        }));
        return message;
    }

    /// <summary>Writes the shared VenueOpening's properties as the opening's JSON form spells them (integers as decimal strings, the underlying by <paramref name="underlying"/>).</summary>
    private static void WriteVenueOpening(Utf8JsonWriter w, V1.VenueOpening value, Scalars s, string at, Action<V1.Position, string> underlying)
    {
        void Amounts(string name, IReadOnlyList<Google.Protobuf.ByteString> list, string path)
        {
            w.WriteStartArray(name);
            for (var i = 0; i < list.Count; i++) w.WriteStringValue(Scalars.Decimal(s.Integer(list[i], $"{path}[{i}]")));
            w.WriteEndArray();
        }
        w.WriteString("name", value.Name);
        w.WriteString("venueId", Scalars.Decimal(s.Integer(value.VenueId, $"{at}.venue_id")));
        w.WriteString("stateNonce", Scalars.Decimal(s.Integer(value.StateNonce, $"{at}.state_nonce")));
        w.WriteString("blinding", Scalars.Decimal(s.FieldElement(value.Blinding, $"{at}.blinding", null)));
        Amounts("balances", value.Balances, $"{at}.balances");
        Amounts("debts", value.Debts, $"{at}.debts");
        w.WriteStartArray("positions");
        for (var i = 0; i < value.Positions.Count; i++)
        {
            var p = value.Positions[i];
            var path = $"{at}.positions[{i}]";
            w.WriteStartObject();
            underlying(p, path);
            w.WriteString("delta", Scalars.Decimal(s.Integer(p.Delta, $"{path}.delta")));
            w.WriteString("gamma", Scalars.Decimal(s.Integer(p.Gamma, $"{path}.gamma")));
            w.WriteString("vega", Scalars.Decimal(s.Integer(p.Vega, $"{path}.vega")));
            w.WriteString("markToMarket", Scalars.Decimal(s.Integer(p.MarkToMarket, $"{path}.mark_to_market")));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    // "$.positions[1].markToMarket" -> "value.positions[1].mark_to_market".
    private static string FieldPath(string jsonPath)
    {
        var path = StrictProtobuf.FromJsonPath(jsonPath);
        var first = jsonPath.Length > 2 ? jsonPath[2..].Split('.', '[')[0] : "";
        return ValueKeys.Contains(first) ? StrictProtobuf.Join("value", path) : path;
    }

}

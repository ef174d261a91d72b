using System.Numerics;
using CrossMargin.Hash;

namespace CrossMargin.Margin;

/// <summary>
/// The statement's hashes (docs/margin-model.md, "Hashes"): one chain hash over circomlib's
/// Poseidon, and the three things hashed with it (venue commitment, oracle round digest, risk
/// parameter hash), each laid out in a configuration's slots with unused slots padded
/// (<see cref="Slots"/>). Signed values enter as field elements (x &lt; 0 as p - |x|). Results
/// are canonical integers in [0, p).
/// </summary>
public static class MarginHashes
{
    /// <summary>Kinds in the layout tag.</summary>
    public const int VenueKind = 1, OracleKind = 2, ParameterKind = 3;

    /// <summary>Poseidon arities (inputs per call) of the three hashes.</summary>
    public const int VenueArity = 16, OracleArity = 5, ParameterArity = 5;

    /// <summary>
    /// The chain hash with arity t (Poseidon(t) per step): acc = tag; for each chunk of t - 1
    /// consecutive elements, the last padded with zeros: acc = Poseidon(acc, chunk...).
    /// </summary>
    public static BigInteger Chain(int arity, BigInteger tag, IReadOnlyList<BigInteger> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        if (arity is < 2 or > Poseidon.MaxInputs) throw new ArgumentOutOfRangeException(nameof(arity), $"a chain hash's arity is 2 to {Poseidon.MaxInputs}");
        if (elements.Count == 0) throw new ArgumentException("a chain hash takes at least one element", nameof(elements));
        var acc = Fr.FromBigInteger(tag);
        var inputs = new Fr[arity];
        for (var start = 0; start < elements.Count; start += arity - 1)
        {
            inputs[0] = acc;
            for (var i = 1; i < arity; i++)
            {
                var index = start + i - 1;
                inputs[i] = index < elements.Count ? Fr.FromBigInteger(elements[index]) : Fr.Zero;
            }
            acc = Poseidon.Hash(inputs);
        }
        return acc.ToBigInteger();
    }

    /// <summary>The tag of a venue commitment: kind 1, A and P.</summary>
    public static BigInteger VenueTag(MarginConfiguration c) => c.Tag(VenueKind, a: true, u: false, p: true, g: false, v: false);

    /// <summary>The tag of an oracle round digest: kind 2, A and U.</summary>
    public static BigInteger OracleTag(MarginConfiguration c) => c.Tag(OracleKind, a: true, u: true, p: false, g: false, v: false);

    /// <summary>The tag of a risk parameter hash: kind 3, A, U and G.</summary>
    public static BigInteger ParameterTag(MarginConfiguration c) => c.Tag(ParameterKind, a: true, u: true, p: false, g: true, v: false);

    /// <summary>
    /// A venue's commitment: chain hash (arity 16, tag kind 1) of [account, blinding, w_0, ...,
    /// w_(K-1)], the words packing the state's fields (<see cref="StateFields"/>) greedily into
    /// 248 bits each.
    /// </summary>
    public static BigInteger VenueCommitment(MarginConfiguration configuration, BigInteger account, VenueOpening opening)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(opening);
        return Chain(VenueArity, VenueTag(configuration), VenueElements(configuration, account, opening));
    }

    /// <summary>The elements a venue commitment hashes, in order: account, blinding, then the packed words.</summary>
    public static IReadOnlyList<BigInteger> VenueElements(MarginConfiguration configuration, BigInteger account, VenueOpening opening)
    {
        ArgumentNullException.ThrowIfNull(opening);
        var elements = new List<BigInteger> { account, opening.Blinding };
        elements.AddRange(PackWords(StateFields(configuration, opening)));
        return elements;
    }

    /// <summary>Bits of one packed word of a venue state.</summary>
    public const int WordBits = 248;

    /// <summary>
    /// A venue state's fields in commitment order, each as (encoded value, width in bits):
    /// venueId (64), stateNonce (64), b[0..A) (64 each), d[0..A) (64 each), then per position
    /// slot p &lt; P (unused slots <see cref="Position.Empty"/>): underlying (8), delta + 2^64,
    /// gamma + 2^64, vega + 2^64, mtm + 2^64 (65 each; signed values shifted into [0, 2^65)).
    /// Values must be within their bounds (<see cref="MarginBounds"/>); the packing relies on it.
    /// </summary>
    public static IReadOnlyList<(BigInteger Value, int Bits)> StateFields(MarginConfiguration configuration, VenueOpening opening)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(opening);
        var state = opening.State;
        var shift = BigInteger.One << 64;
        var fields = new List<(BigInteger, int)> { (state.VenueId, 64), (opening.StateNonce, 64) };
        fields.AddRange(Slots.Pad(state.Balances, configuration.Assets, BigInteger.Zero).Select(b => (b, 64)));
        fields.AddRange(Slots.Pad(state.Debts, configuration.Assets, BigInteger.Zero).Select(d => (d, 64)));
        foreach (var p in Slots.Pad(state.Positions, configuration.Positions, Position.Empty))
            fields.AddRange([(p.Underlying, 8), (p.Delta + shift, 65), (p.Gamma + shift, 65), (p.Vega + shift, 65), (p.MarkToMarket + shift, 65)]);
        return fields;
    }

    /// <summary>
    /// Greedy packing: a word holds fields from bit 0 upwards (value * 2^offset); a field that
    /// would end above bit 248 starts the next word at offset 0. Every value must be below 2^bits.
    /// </summary>
    public static IReadOnlyList<BigInteger> PackWords(IReadOnlyList<(BigInteger Value, int Bits)> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var words = new List<BigInteger> { BigInteger.Zero };
        var offset = 0;
        foreach (var (value, bits) in fields)
        {
            if (value.Sign < 0 || value.GetBitLength() > bits)
                throw new ArgumentOutOfRangeException(nameof(fields), $"{value} does not fit {bits} bits");
            if (offset + bits > WordBits)
            {
                words.Add(BigInteger.Zero);
                offset = 0;
            }
            words[^1] += value << offset;
            offset += bits;
        }
        return words;
    }

    /// <summary>The oracle round digest: chain hash (arity 5, tag kind 2) of [roundId, S_asset[0..A), S_under[0..U)].</summary>
    public static BigInteger OracleDigest(MarginConfiguration configuration, OracleRound round)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(round);
        var elements = new List<BigInteger> { round.RoundId };
        elements.AddRange(Slots.Pad(round.AssetPrices, configuration.Assets, BigInteger.Zero));
        elements.AddRange(Slots.Pad(round.UnderlyingPrices, configuration.Underlyings, BigInteger.Zero));
        return Chain(OracleArity, OracleTag(configuration), elements);
    }

    /// <summary>
    /// The risk parameter hash: chain hash (arity 5, tag kind 3; arity 5 so that the registry can
    /// recompute it on-chain) of [h[0..A), w[0..A), m[0..U),
    /// v[0..U), sigma[0..U), rho row by row, g[0..G), k[0], k[1], floor[0], floor[1]].
    /// </summary>
    public static BigInteger ParameterHash(MarginConfiguration configuration, RiskParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(parameters);
        var s = new Slots.ParameterSlots(configuration, parameters);
        var elements = new List<BigInteger>();
        elements.AddRange(s.Haircut);
        elements.AddRange(s.DebtWeight);
        elements.AddRange(s.Shock);
        elements.AddRange(s.VolMove);
        elements.AddRange(s.LatencyVol);
        foreach (var row in s.Correlation) elements.AddRange(row);
        elements.AddRange(s.Grid);
        elements.AddRange(parameters.LevelMultiplier);
        elements.AddRange(parameters.LevelFloor);
        return Chain(ParameterArity, ParameterTag(configuration), elements);
    }
}

/// <summary>
/// How a portfolio that uses fewer slots than its configuration fills the rest: unused asset
/// slots have haircut 0, debt weight 10^6 (the least the bounds allow; "zero" would break them),
/// price, balances and debts 0; unused underlyings have every parameter and price 0 and the
/// identity's correlation row and column (1 on the diagonal, 0 elsewhere); unused grid points are 0; unused position slots are <see cref="Position.Empty"/>; unused venue
/// slots are all zero with commitment 0.
/// </summary>
public static class Slots
{
    public static IReadOnlyList<T> Pad<T>(IReadOnlyList<T> values, int count, T fill)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count > count) throw new ArgumentException($"{values.Count} values do not fit {count} slots", nameof(values));
        var padded = new T[count];
        for (var i = 0; i < count; i++) padded[i] = i < values.Count ? values[i] : fill;
        return padded;
    }

    /// <summary>The risk parameters in a configuration's slots.</summary>
    public sealed class ParameterSlots
    {
        public ParameterSlots(MarginConfiguration c, RiskParameters p)
        {
            ArgumentNullException.ThrowIfNull(c);
            ArgumentNullException.ThrowIfNull(p);
            Haircut = Pad(p.Assets.Select(a => a.Haircut).ToArray(), c.Assets, BigInteger.Zero);
            DebtWeight = Pad(p.Assets.Select(a => a.DebtWeight).ToArray(), c.Assets, FixedPoint.One);
            Shock = Pad(p.Underlyings.Select(u => u.Shock).ToArray(), c.Underlyings, BigInteger.Zero);
            VolMove = Pad(p.Underlyings.Select(u => u.VolMove).ToArray(), c.Underlyings, BigInteger.Zero);
            LatencyVol = Pad(p.Underlyings.Select(u => u.LatencyVol).ToArray(), c.Underlyings, BigInteger.Zero);
            // An unused underlying's row and column are the identity's (1 on the diagonal, which
            // the circuit demands of every slot; 0 elsewhere): its loss is 0 and adds nothing to Q.
            var identity = Enumerable.Range(0, c.Underlyings).Select(u => (IReadOnlyList<BigInteger>)Enumerable.Range(0, c.Underlyings)
                .Select(w => u == w ? FixedPoint.One : BigInteger.Zero).ToArray()).ToArray();
            Correlation = Enumerable.Range(0, c.Underlyings).Select(u => u < p.Correlation.Count
                ? Pad(p.Correlation[u], c.Underlyings, BigInteger.Zero) : identity[u]).ToArray();
            Grid = Pad(p.Grid, c.GridPoints, BigInteger.Zero);
        }

        public IReadOnlyList<BigInteger> Haircut { get; }
        public IReadOnlyList<BigInteger> DebtWeight { get; }
        public IReadOnlyList<BigInteger> Shock { get; }
        public IReadOnlyList<BigInteger> VolMove { get; }
        public IReadOnlyList<BigInteger> LatencyVol { get; }
        public IReadOnlyList<IReadOnlyList<BigInteger>> Correlation { get; }
        public IReadOnlyList<BigInteger> Grid { get; }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using CrossMargin.Proving;
using CrossMargin.Snarkjs;
using CrossMargin.Margin;
using CrossMargin.Testing;
using Xunit.Abstractions;

namespace CrossMargin.Margin.Tests;

/// <summary>
/// A prover who edits the circuit input by hand (issue 5): every value out of its bound, every
/// broken binding between the private inputs and the public ones, is refused by the small
/// solvency circuit's witness generator with its assertion. Where a value belongs to a venue's
/// state, the edited state is committed again (the venue itself misbehaving), with the packing
/// done here without the engine's width checks, so that only the circuit's range check stands in
/// the way; likewise the price digest and parameter hash are recomputed over the bad values.
/// </summary>
public class AdversarialCircuitTests(ITestOutputHelper output)
{
    private static readonly BigInteger Two64 = BigInteger.One << 64;
    private static readonly MarginConfiguration C = MarginConfiguration.Small;

    /// <summary>The hand portfolio lifted to its maintenance requirement plus 1 USD: solvent, both venues used.</summary>
    internal static Portfolio Base()
    {
        var p = Samples.Hand();
        var report = MarginCalculator.Calculate(p);
        var gap = report[MarginLevel.Maintenance].Requirement - report.Equity + 1_000_000;
        return p.WithPosition(0, 0, x => x with { MarkToMarket = x.MarkToMarket + gap });
    }

    internal static MarginStatement Statement(Portfolio? p = null, MarginLevel level = MarginLevel.Maintenance) =>
        MarginStatement.ForProof(p ?? Base(), level, C);

    /// <summary>
    /// A venue commitment over a state whatever its values: <see cref="MarginHashes.StateFields"/>
    /// packed greedily into 248-bit words as the circuit packs them (value * 2^offset summed in
    /// the field, so an out-of-width value spills into its neighbours as it would there), then
    /// the engine's chain hash.
    /// </summary>
    internal static BigInteger CommitUnchecked(BigInteger account, VenueOpening opening)
    {
        var words = new List<BigInteger> { BigInteger.Zero };
        var offset = 0;
        foreach (var (value, bits) in MarginHashes.StateFields(C, opening))
        {
            if (offset + bits > MarginHashes.WordBits)
            {
                words.Add(BigInteger.Zero);
                offset = 0;
            }
            words[^1] += value << offset;
            offset += bits;
        }
        return MarginHashes.Chain(MarginHashes.VenueArity, MarginHashes.VenueTag(C), [account, opening.Blinding, .. words]);
    }

    internal static Fr[] Witness(JsonObject input)
    {
        var (calculator, _) = CircuitDifferentialTests.Small.Value;
        using var document = JsonDocument.Parse(input.ToJsonString());
        var signals = CircuitInput.Parse(document.RootElement);
        lock (calculator) return calculator.Calculate(signals);
    }

    /// <summary>circom names the failing template: Num2Bits is a range check (AssertBits, AssertBetween, ...).</summary>
    private const string RangeCheck = "Num2Bits", Opening = "VenueSlot", Binding = "Solvency", Context = "UnpackContext";

    /// <summary>The witness generator refuses the input with circom's assertion, in a template named <paramref name="by"/>.</summary>
    private void AssertNoWitness(JsonObject input, string what, string by)
    {
        var refused = Assert.Throws<WitnessCalculationException>(() => Witness(input));
        Assert.Contains("assert failed", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"Error in template {by}_", refused.Message, StringComparison.Ordinal);
        output.WriteLine($"{what}: {refused.Message.Split('\n')[0]}");
    }

    /// <summary>Sets input[name][i][j]... to the decimal value.</summary>
    internal static void Set(JsonObject input, string name, BigInteger value, params int[] index)
    {
        var text = JsonValue.Create(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (index.Length == 0)
        {
            input[name] = text;
            return;
        }
        var node = input[name]!;
        for (var k = 0; k < index.Length - 1; k++) node = node[index[k]]!;
        node[index[^1]] = text;
    }

    internal static BigInteger Get(JsonObject input, string name, params int[] index)
    {
        var node = input[name]!;
        foreach (var i in index) node = node[i]!;
        return BigInteger.Parse(node.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The base input with venue v's opening replaced and committed again (unchecked).</summary>
    private static JsonObject WithVenue(int v, Func<VenueOpening, VenueOpening> change, Action<JsonObject> edit) => WithVenue(Statement(), v, change, edit);

    private static JsonObject WithVenue(MarginStatement statement, int v, Func<VenueOpening, VenueOpening> change, Action<JsonObject> edit)
    {
        var input = statement.CircuitInput();
        var opening = change(statement.Portfolio.Venues[v]);
        edit(input);
        Set(input, "commitments", CommitUnchecked(statement.Portfolio.Context.Account, opening), v);
        return input;
    }

    private static VenueOpening Balance(VenueOpening o, int a, BigInteger b) => o with { State = o.State with { Balances = o.State.Balances.Replace(a, b) } };

    private static VenueOpening Debt(VenueOpening o, int a, BigInteger d) => o with { State = o.State with { Debts = o.State.Debts.Replace(a, d) } };

    private static VenueOpening Position(VenueOpening o, int i, Func<Position, Position> change) =>
        o with { State = o.State with { Positions = o.State.Positions.Replace(i, change(o.State.Positions[i])) } };

    [Fact]
    public void TheBaseStatement_HasAWitness_AndTheUncheckedCommitmentIsTheEngines()
    {
        var statement = Statement();
        Assert.All(Enumerable.Range(0, 2), v => Assert.Equal(statement.Commitments[v], CommitUnchecked(statement.Portfolio.Context.Account, statement.Portfolio.Venues[v])));
        CircuitDifferentialTests.AssertAgrees(statement);
        // The same input, re-committed by the helper the adversarial cases use, still has a witness.
        Witness(WithVenue(1, o => o, _ => { }));
    }

    [Fact]
    public void ABalanceOf2To64_CommittedByTheVenue_HasNoWitness()
    {
        AssertNoWitness(WithVenue(1, o => Balance(o, 0, Two64), i => Set(i, "balance", Two64, 1, 0)), "balance 2^64", RangeCheck);
        AssertNoWitness(WithVenue(0, o => Balance(o, 1, Fr.Modulus - Two64), i => Set(i, "balance", Fr.Modulus - Two64, 0, 1)), "balance p - 2^64", RangeCheck);
    }

    [Fact]
    public void ANegativeBalanceOrDebt_CommittedByTheVenue_HasNoWitness()
    {
        AssertNoWitness(WithVenue(1, o => Balance(o, 0, -1), i => Set(i, "balance", -1, 1, 0)), "balance -1", RangeCheck);
        // A negative debt is collateral out of thin air: it would lift an insolvent portfolio.
        AssertNoWitness(WithVenue(0, o => Debt(o, 1, -1_000_000_000_000), i => Set(i, "debt", -1_000_000_000_000, 0, 1)), "debt -10^12", RangeCheck);
        AssertNoWitness(WithVenue(1, o => Debt(o, 0, Fr.Modulus - 1), i => Set(i, "debt", Fr.Modulus - 1, 1, 0)), "debt p - 1", RangeCheck);
    }

    [Fact]
    public void SignedValuesJustOutsideTheirBound_CommittedByTheVenue_HaveNoWitness()
    {
        AssertNoWitness(WithVenue(0, o => Position(o, 0, x => x with { Delta = -Two64 - 1 }), i => Set(i, "posDelta", -Two64 - 1, 0, 0)), "delta -2^64 - 1", RangeCheck);
        AssertNoWitness(WithVenue(1, o => Position(o, 1, x => x with { Gamma = Fr.Modulus - Two64 - 1 }), i => Set(i, "posGamma", Fr.Modulus - Two64 - 1, 1, 1)), "gamma p - 2^64 - 1", RangeCheck);
        AssertNoWitness(WithVenue(1, o => Position(o, 0, x => x with { Vega = Two64 }), i => Set(i, "posVega", Two64, 1, 0)), "vega 2^64", RangeCheck);
        AssertNoWitness(WithVenue(0, o => Position(o, 0, x => x with { MarkToMarket = Two64 }), i => Set(i, "posMtm", Two64, 0, 0)), "mtm 2^64", RangeCheck);
        AssertNoWitness(WithVenue(1, o => Position(o, 1, x => x with { Underlying = 2 }), i => Set(i, "posUnderlying", 2, 1, 1)), "underlying 2 (U = 2)", "NetGreeks");
        AssertNoWitness(WithVenue(1, o => o with { State = o.State with { VenueId = Two64 } }, i => Set(i, "venueId", Two64, 1)), "venue id 2^64", RangeCheck);
        AssertNoWitness(WithVenue(1, o => o with { StateNonce = Two64 }, i => Set(i, "stateNonce", Two64, 1)), "state nonce 2^64", RangeCheck);
    }

    [Fact]
    public void AValueBeyondItsBound_InThePricesOrParameters_WithItsHashRecomputed_HasNoWitness()
    {
        var statement = Statement();
        var portfolio = statement.Portfolio;

        // Prices: 2^56 for an asset and for an underlying, the digest recomputed over them.
        foreach (var (name, asset) in new[] { ("assetPrice", true), ("underlyingPrice", false) })
        {
            var round = asset
                ? portfolio.Oracle with { AssetPrices = portfolio.Oracle.AssetPrices.Replace(1, BigInteger.One << 56) }
                : portfolio.Oracle with { UnderlyingPrices = portfolio.Oracle.UnderlyingPrices.Replace(0, BigInteger.One << 56) };
            var input = statement.CircuitInput();
            Set(input, name, BigInteger.One << 56, asset ? 1 : 0);
            Set(input, "priceDigest", MarginHashes.OracleDigest(C, round));
            AssertNoWitness(input, $"{name} 2^56", RangeCheck);
        }

        // Parameters beyond their bounds, the hash recomputed over them.
        var p = portfolio.Parameters;
        var cases = new (string What, RiskParameters Parameters, Action<JsonObject> Edit)[]
        {
            ("grid 10^6 + 1", p with { Grid = p.Grid.Replace(1, 1_000_001) }, i => Set(i, "grid", 1_000_001, 1)),
            ("haircut 10^6 + 1", p with { Assets = p.Assets.Replace(1, p.Assets[1] with { Haircut = 1_000_001 }) }, i => Set(i, "haircut", 1_000_001, 1)),
            ("haircut -1", p with { Assets = p.Assets.Replace(0, p.Assets[0] with { Haircut = -1 }) }, i => Set(i, "haircut", -1, 0)),
            ("debt weight 999999", p with { Assets = p.Assets.Replace(1, p.Assets[1] with { DebtWeight = 999_999 }) }, i => Set(i, "debtWeight", 999_999, 1)),
            ("debt weight 2^24", p with { Assets = p.Assets.Replace(1, p.Assets[1] with { DebtWeight = 1 << 24 }) }, i => Set(i, "debtWeight", 1 << 24, 1)),
            ("shock 2^24", p with { Underlyings = p.Underlyings.Replace(0, p.Underlyings[0] with { Shock = 1 << 24 }) }, i => Set(i, "shock", 1 << 24, 0)),
            ("vol move -1", p with { Underlyings = p.Underlyings.Replace(0, p.Underlyings[0] with { VolMove = -1 }) }, i => Set(i, "volMove", -1, 0)),
            ("latency vol 2^24", p with { Underlyings = p.Underlyings.Replace(0, p.Underlyings[0] with { LatencyVol = 1 << 24 }) }, i => Set(i, "latencyVol", 1 << 24, 0)),
            ("rho 10^6 + 1", p with { Correlation = p.Correlation.Replace(0, p.Correlation[0].Replace(1, 1_000_001)) }, i => Set(i, "correlation", 1_000_001, 0, 1)),
            ("rho -10^6 - 1", p with { Correlation = p.Correlation.Replace(1, p.Correlation[1].Replace(0, -1_000_001)) }, i => Set(i, "correlation", -1_000_001, 1, 0)),
            ("multiplier -1", p with { LevelMultiplier = p.LevelMultiplier.Replace(1, -1) }, i => Set(i, "levelMultiplier", -1, 1)),
            ("multiplier 2^24", p with { LevelMultiplier = p.LevelMultiplier.Replace(0, 1 << 24) }, i => Set(i, "levelMultiplier", 1 << 24, 0)),
            ("floor -1", p with { LevelFloor = p.LevelFloor.Replace(1, -1) }, i => Set(i, "levelFloor", -1, 1)),
            ("floor 2^64 (initial level, not the one checked)", p with { LevelFloor = p.LevelFloor.Replace(0, Two64) }, i => Set(i, "levelFloor", Two64, 0)),
        };
        foreach (var (what, parameters, edit) in cases)
        {
            var input = statement.CircuitInput();
            edit(input);
            Set(input, "paramHash", MarginHashes.ParameterHash(C, parameters));
            AssertNoWitness(input, what, RangeCheck);
        }
    }

    /// <summary>
    /// Correlations within their bounds entry by entry that are no correlation matrix (issue 11):
    /// a diagonal other than 1 (0 dropped a loss: [[0, -1], [-1, 0]] gave R = 0) or an asymmetric
    /// pair, with the parameter hash recomputed over them (as a registry that published them
    /// would), are refused by the circuit's own constraints in RiskParameters.
    /// </summary>
    [Fact]
    public void ACorrelationWithoutUnitDiagonal_OrAsymmetric_WithItsHashRecomputed_HasNoWitness()
    {
        var statement = Statement();
        var p = statement.Portfolio.Parameters;
        const long One = 1_000_000;
        var cases = new (string What, long[][] Rho)[]
        {
            ("the issue's [[0, -1], [-1, 0]]", [[0, -One], [-One, 0]]),
            ("zero diagonal", [[0, -500_000], [-500_000, One]]),
            ("diagonal 10^6 - 1", [[One, -500_000], [-500_000, One - 1]]),
            ("diagonal -10^6", [[-One, -500_000], [-500_000, One]]),
            ("zero diagonal on the second underlying", [[One, -500_000], [-500_000, 0]]),
            ("asymmetric by one unit", [[One, -500_000], [-499_999, One]]),
            ("asymmetric, opposite signs", [[One, 500_000], [-500_000, One]]),
            ("asymmetric, summing as the honest pair", [[One, -1_000_000], [0, One]]),
        };
        foreach (var (what, rho) in cases)
        {
            var parameters = p with { Correlation = rho.Select(row => (IReadOnlyList<BigInteger>)row.Select(x => (BigInteger)x).ToArray()).ToArray() };
            Assert.Throws<MarginInputException>(() => RiskParameterValidation.Check(parameters)); // the engine refuses it too
            var input = statement.CircuitInput();
            for (var u = 0; u < 2; u++)
                for (var w = 0; w < 2; w++) Set(input, "correlation", rho[u][w], u, w);
            Set(input, "paramHash", MarginHashes.ParameterHash(C, parameters));
            AssertNoWitness(input, what, "RiskParameters");
        }
    }

    /// <summary>
    /// In the compiled constraint systems the prover has no freedom in the diagonal or the lower
    /// triangle: each such input is either substituted away by circom (the constraint system
    /// uses 10^6, or the upper entry, in its place) or a wire that no other value satisfies.
    /// </summary>
    [Theory]
    [InlineData("margin/solvency_small")]
    [InlineData("testing/margin/solvency_small_o1")]
    public void TheDiagonalAndLowerTriangle_AreFixedInTheConstraintSystem(string circuit)
    {
        var artifacts = RepoLayout.Circuit(circuit);
        var r1cs = R1csFile.Read(artifacts.R1cs);
        var wires = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(artifacts.Sym))
        {
            var parts = line.Split(',', 4);
            if (parts.Length == 4) wires[parts[3]] = long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        Fr[] witness;
        using (var calculator = WitnessCalculator.Load(artifacts.Wasm)) witness = calculator.Calculate(Statement().InputSignals());
        Assert.Equal(-1, r1cs.System.FirstUnsatisfied(witness));
        for (var u = 0; u < 2; u++)
            for (var w = 0; w <= u; w++)
            {
                var wire = wires[$"main.correlation[{u}][{w}]"];
                if (wire < 0) continue; // substituted: not the prover's to choose
                var changed = (Fr[])witness.Clone();
                changed[wire] = changed[wire] + Fr.One;
                Assert.True(r1cs.System.FirstUnsatisfied(changed) >= 0, $"{circuit}: correlation[{u}][{w}] + 1 satisfies every constraint");
            }
    }

    [Fact]
    public void ContextValuesBeyondTheirBounds_WithPackedRecomputed_HaveNoWitness()
    {
        var statement = Statement();
        var context = statement.Portfolio.Context;
        BigInteger Packed(BigInteger chainId, BigInteger nonce, BigInteger roundId, BigInteger tau, BigInteger level) =>
            chainId + (nonce << 64) + (roundId << 128) + (tau << 192) + (level << 224);
        var roundId = statement.Portfolio.Oracle.RoundId;

        // tau = 2^32 at level 0 packs exactly as tau = 0 at level 1: only tau's range check tells them apart.
        var honest = Statement(statement.Portfolio with { Context = context with { Tau = 0 } });
        var input = honest.CircuitInput();
        Assert.Equal(honest.Packed, Packed(context.ChainId, context.Nonce, roundId, BigInteger.One << 32, 0));
        Set(input, "tau", BigInteger.One << 32);
        Set(input, "level", 0);
        AssertNoWitness(input, "tau 2^32 at level 0 (packed as tau 0 at level 1)", RangeCheck);

        var cases = new (string What, string Name, BigInteger Value, BigInteger Packed, string By)[]
        {
            ("level 2", "level", 2, Packed(context.ChainId, context.Nonce, roundId, context.Tau, 2), Context),
            ("chain id 2^64", "chainId", Two64, Packed(Two64, context.Nonce, roundId, context.Tau, 1), RangeCheck),
            ("nonce 2^64", "nonce", Two64, Packed(context.ChainId, Two64, roundId, context.Tau, 1), RangeCheck),
        };
        foreach (var (what, name, value, packed, by) in cases)
        {
            input = statement.CircuitInput();
            Set(input, name, value);
            Set(input, "packed", packed);
            AssertNoWitness(input, what, by);
        }

        // An account of 2^160 with every commitment made for it.
        var account = BigInteger.One << 160;
        input = statement.CircuitInput();
        Set(input, "account", account);
        for (var v = 0; v < 2; v++) Set(input, "commitments", CommitUnchecked(account, statement.Portfolio.Venues[v]), v);
        AssertNoWitness(input, "account 2^160", RangeCheck);
        input = statement.CircuitInput();
        Set(input, "gate", BigInteger.One << 160);
        AssertNoWitness(input, "gate 2^160", RangeCheck);
    }

    [Fact]
    public void ADroppedVenue_HasNoWitnessAgainstTheRegistrysCommitment_AndOnlyProvesTheDroppedStatement()
    {
        var statement = Statement();
        // The used slot's commitment replaced by the empty commitment, the state kept.
        var input = statement.CircuitInput();
        Set(input, "commitments", 0, 1);
        AssertNoWitness(input, "commitment 0, state kept", Opening);

        // The state zeroed as well, but the registry's commitment kept.
        input = DroppedVenueInput(statement);
        Set(input, "commitments", statement.Commitments[1], 1);
        AssertNoWitness(input, "state zeroed, real commitment", Opening);

        // Both: a witness exists, for a statement whose public commitments are not the registry's.
        var dropped = Witness(DroppedVenueInput(statement));
        Assert.True(dropped[1 + 5 + 1].IsZero);
        Assert.NotEqual(statement.Commitments[1], BigInteger.Zero);
    }

    /// <summary>The statement's input with venue 1 dropped: its commitment 0 and every value of its slot 0.</summary>
    internal static JsonObject DroppedVenueInput(MarginStatement statement)
    {
        var input = statement.CircuitInput();
        Set(input, "commitments", 0, 1);
        foreach (var name in new[] { "venueId", "stateNonce", "blinding" }) Set(input, name, 0, 1);
        foreach (var name in new[] { "balance", "debt" })
            for (var a = 0; a < C.Assets; a++) Set(input, name, 0, 1, a);
        foreach (var name in new[] { "posUnderlying", "posDelta", "posGamma", "posVega", "posMtm" })
            for (var i = 0; i < C.Positions; i++) Set(input, name, 0, 1, i);
        return input;
    }

    [Fact]
    public void AWrongOpening_HasNoWitness()
    {
        var statement = Statement();
        var input = statement.CircuitInput();
        Set(input, "blinding", Get(input, "blinding", 0) + 1, 0);
        AssertNoWitness(input, "blinding + 1", Opening);
        input = statement.CircuitInput();
        Set(input, "balance", Get(input, "balance", 1, 0) + 1, 1, 0);
        AssertNoWitness(input, "balance + 1", Opening);
        input = statement.CircuitInput();
        Set(input, "stateNonce", Get(input, "stateNonce", 1) - 1, 1);
        AssertNoWitness(input, "an older state nonce", Opening);
        // The opening of another account's commitment.
        input = statement.CircuitInput();
        Set(input, "account", statement.Portfolio.Context.Account + 1);
        AssertNoWitness(input, "another account", Opening);
    }

    [Fact]
    public void PricesFromAnotherRound_HaveNoWitness()
    {
        var statement = Statement();
        var oracle = statement.Portfolio.Oracle;
        // Round k's digest with round k+1's prices.
        var input = statement.CircuitInput();
        Set(input, "assetPrice", oracle.AssetPrices[1] + 1, 1);
        Set(input, "underlyingPrice", oracle.UnderlyingPrices[0] - 1_000_000, 0);
        AssertNoWitness(input, "round k+1's prices, round k's digest", Binding);
        // The round id changed in packed only.
        input = statement.CircuitInput();
        Set(input, "packed", statement.Packed + (BigInteger.One << 128));
        AssertNoWitness(input, "round id changed in packed only", Context);
        // The round id changed in both, the digest kept.
        Set(input, "roundId", oracle.RoundId + 1);
        AssertNoWitness(input, "round id changed, digest of round k", Binding);
    }

    [Fact]
    public void AParameterHashMismatch_HasNoWitness()
    {
        var input = Statement().CircuitInput();
        Set(input, "haircut", Get(input, "haircut", 1) + 1, 1);
        AssertNoWitness(input, "haircut changed, hash kept", Binding);
        input = Statement().CircuitInput();
        Set(input, "levelFloor", 0, 1);
        AssertNoWitness(input, "maintenance floor 0, hash kept", Binding);
    }

    [Fact]
    public void ALossBeyond2To80_WhichTheEngineRefuses_FailsClosedInTheCircuit()
    {
        // Prices at their bound and a balance of 2^64 - 1 at each: equity near 2^93 VALUE would
        // cover a loss far beyond 2^80, so only the loss's bound can refuse the statement.
        var max = (BigInteger.One << 56) - 1;
        var p = Base().WithVenue(0, v => Balance(v, 0, Two64 - 1));
        p = p with { Oracle = p.Oracle with { AssetPrices = [max, max], UnderlyingPrices = [max, p.Oracle.UnderlyingPrices[1]] } };
        var statement = Statement(p);
        var delta = Two64 - 1;
        var refused = Assert.Throws<MarginInputException>(() => MarginCalculator.Calculate(p.WithPosition(0, 0, x => x with { Delta = delta }), C));
        Assert.StartsWith("derived worstLoss[0]", refused.Path, StringComparison.Ordinal);
        var loss = delta * statement.Report.ShockMagnitude[0][0] / FixedPoint.One;
        Assert.True(loss > BigInteger.One << 80 && statement.Report.Equity > 2 * statement.Report[MarginLevel.Maintenance].Multiplier * loss / FixedPoint.One);
        var input = WithVenue(statement, 0, o => Position(o, 0, x => x with { Delta = delta }), i => Set(i, "posDelta", delta, 0, 0));
        AssertNoWitness(input, "worst loss beyond 2^80", RangeCheck);
    }
}

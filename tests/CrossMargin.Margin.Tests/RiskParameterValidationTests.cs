using CrossMargin.Margin;

namespace CrossMargin.Margin.Tests;

/// <summary>
/// A risk parameter set is checked as a whole (docs/margin-model.md, "Risk parameter sets: the
/// rules beyond the bounds"): every rule refused by the entry's path and the reason, at every
/// entry point (the file reader, the calculator, the prover's statement), and the exact
/// positive-semidefinite test against all principal minors.
/// </summary>
public class RiskParameterValidationTests
{
    private const long One = 1_000_000;

    private static Portfolio WithParameters(Func<RiskParameters, RiskParameters> change)
    {
        var p = Samples.Hand();
        return p with { Parameters = change(p.Parameters) };
    }

    private static Underlying Shock(Underlying u, BigInteger shock) => u with { Shock = shock };

    /// <summary>(name, the hand portfolio's parameters changed, the path named, a fragment of the reason).</summary>
    private static readonly (string Name, Func<RiskParameters, RiskParameters> Change, string Path, string Reason)[] Refused =
    [
        ("the issue's [[0,-1],[-1,0]]", p => p with { Correlation = [[0, -One], [-One, 0]] }, "parameters.correlation[0][0]", "1 on its diagonal"),
        ("zero diagonal", p => p with { Correlation = [[0, 800_000], [800_000, 0]] }, "parameters.correlation[0][0]", "is 0;"),
        ("diagonal below one", p => p with { Correlation = [[One, 0], [0, 999_999]] }, "parameters.correlation[1][1]", "is 0.999999"),
        ("negative diagonal", p => p with { Correlation = [[-One, 0], [0, One]] }, "parameters.correlation[0][0]", "is -1"),
        ("asymmetric", p => p with { Correlation = [[One, 500_000], [300_000, One]] }, "parameters.correlation[1][0]", "correlation[0][1] is 0.5"),
        ("asymmetric by one unit", p => p with { Correlation = [[One, -500_000], [-500_001, One]] }, "parameters.correlation[1][0]", "symmetric"),
        ("maintenance multiplier above initial", p => p with { LevelMultiplier = [1_500_000, 1_500_001] }, "parameters.levelMultiplier[1]", "above the initial multiplier"),
        ("maintenance floor above initial", p => p with { LevelFloor = [50_000_000, 50_000_001] }, "parameters.levelFloor[1]", "above the initial floor"),
        ("maintenance multiplier below one", p => p with { LevelMultiplier = [999_999, 999_999] }, "parameters.levelMultiplier[1]", "below 1"),
        ("maintenance multiplier zero", p => p with { LevelMultiplier = [1_500_000, 0] }, "parameters.levelMultiplier[1]", "below 1"),
        ("zero shock", p => p with { Underlyings = p.Underlyings.Replace(1, Shock(p.Underlyings[1], 0)) }, "parameters.underlyings[1] (BTC).shock", "positive"),
        ("shock above one", p => p with { Underlyings = p.Underlyings.Replace(0, Shock(p.Underlyings[0], One + 1)) }, "parameters.underlyings[0] (ETH).shock", "above 1"),
        ("grid without the full shock", p => p with { Grid = [999_999, 500_000, 333_333, 0] }, "parameters.grid", "one grid point must be 1"),
        ("grid all zero", p => p with { Grid = [0, 0, 0, 0] }, "parameters.grid", "one grid point must be 1"),
        ("no grid at all (the configuration pads it with zeros)", p => p with { Grid = [] }, "parameters.grid", "one grid point must be 1"),
    ];

    public static TheoryData<string> RefusedNames() => new(Refused.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(RefusedNames))]
    public void ABadSet_IsRefused_ByTheValidation_AndTheCalculator_AndTheProver_NamingTheEntry(string name)
    {
        var c = Refused.Single(x => x.Name == name);
        var p = WithParameters(c.Change);
        MarginBounds.Check(p, MarginConfiguration.Small); // every entry is within its bound: only the set's rules refuse it
        foreach (var attempt in new Action[]
        {
            () => RiskParameterValidation.Check(p.Parameters),
            () => MarginCalculator.Calculate(p),
            () => MarginStatement.ForProof(p, MarginLevel.Maintenance),
            () => MarginStatement.Build(p, MarginLevel.Initial, MarginConfiguration.Reference),
        })
        {
            var e = Assert.Throws<MarginInputException>(attempt);
            Assert.Equal(c.Path, e.Path);
            Assert.Contains(c.Reason, e.Problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheLimitsOfEachRule_AreAccepted()
    {
        MarginCalculator.Calculate(WithParameters(p => p with { LevelMultiplier = [One, One], LevelFloor = [7, 7] }));
        MarginCalculator.Calculate(WithParameters(p => p with { Underlyings = [Shock(p.Underlyings[0], 1), Shock(p.Underlyings[1], One)] }));
        MarginCalculator.Calculate(WithParameters(p => p with { Grid = [0, 0, One, 0] }));
        // A perfect hedge (rho = -1) and perfect correlation are correlation matrices (semidefinite, singular).
        MarginCalculator.Calculate(WithParameters(p => p with { Correlation = [[One, -One], [-One, One]] }));
        MarginCalculator.Calculate(WithParameters(p => p with { Correlation = [[One, One], [One, One]] }));
    }

    [Fact]
    public void ASetOfTheWrongShape_IsRefusedByTheValidationAlone_NotReadOutOfRange()
    {
        var p = Samples.Hand().Parameters;
        Assert.Equal("parameters.correlation[1]", Assert.Throws<MarginInputException>(() => RiskParameterValidation.Check(p with { Correlation = [[One, 0], [0]] })).Path);
        Assert.Equal("parameters.correlation", Assert.Throws<MarginInputException>(() => RiskParameterValidation.Check(p with { Correlation = [[One, 0, 0], [0, One, 0], [0, 0, One]] })).Path);
        Assert.Equal("parameters.levelMultiplier", Assert.Throws<MarginInputException>(() => RiskParameterValidation.Check(p with { LevelMultiplier = [One] })).Path);
        Assert.Equal("parameters.levelFloor", Assert.Throws<MarginInputException>(() => RiskParameterValidation.Check(p with { LevelFloor = [1, 1, 1] })).Path);
    }

    [Fact]
    public void TheIssuesExample_NoLongerProvesARequirementBesideAWorstLoss()
    {
        // Before: R = 0 and "solvent, requirement = floor" beside a positive worst loss.
        var p = WithParameters(p => p with { Correlation = [[0, -One], [-One, 0]] });
        var e = Assert.Throws<MarginInputException>(() => MarginStatement.ForProof(p, MarginLevel.Maintenance));
        Assert.StartsWith("parameters.correlation[0][0] is 0; a correlation matrix has 1 on its diagonal", e.Message, StringComparison.Ordinal);
    }

    /// <summary>(matrix as rows of ratios in 10^-6, null when positive semidefinite, else the principal submatrix named).</summary>
    public static TheoryData<long[][], int[]?> Matrices() => new()
    {
        { [[One, 900_000, -900_000], [900_000, One, 900_000], [-900_000, 900_000, One]], [0, 1, 2] },
        // rho[u][w] = r for all u != w: semidefinite iff r >= -1/(n-1), exactly at -1/2 for n = 3.
        { [[One, -500_000, -500_000], [-500_000, One, -500_000], [-500_000, -500_000, One]], null },
        { [[One, -500_001, -500_001], [-500_001, One, -500_001], [-500_001, -500_001, One]], [0, 1, 2] },
        { [[One, -333_333, -333_333, -333_333], [-333_333, One, -333_333, -333_333], [-333_333, -333_333, One, -333_333], [-333_333, -333_333, -333_333, One]], null },
        { [[One, -333_334, -333_334, -333_334], [-333_334, One, -333_334, -333_334], [-333_334, -333_334, One, -333_334], [-333_334, -333_334, -333_334, One]], [0, 1, 2, 3] },
        // Rank one (all ones) and a zero pivot with a zero row: semidefinite.
        { [[One, One, One], [One, One, One], [One, One, One]], null },
        { [[One, -One, 0], [-One, One, 0], [0, 0, One]], null },
        // A zero pivot (rho01 = 1 makes the 2x2 minor 0) with a nonzero entry after it: the 3x3 minor is negative.
        { [[One, One, -One], [One, One, One], [-One, One, One]], [0, 1, 2] },
        { [[One, One, 0], [One, One, 500_000], [0, 500_000, One]], [0, 1, 2] },
        // Negative only on a 2x2 block away from the first index (no unit diagonal needed for the method).
        { [[One, 0, 0], [0, 0, 0], [0, 0, -1]], [0, 2] },
        { [[0, 1], [1, 0]], [0, 1] },
    };

    [Theory]
    [MemberData(nameof(Matrices))]
    public void ThePositiveSemidefiniteTest_IsExact_AndNamesANegativeMinor(long[][] rows, int[]? expected)
    {
        var a = rows.Select(r => (IReadOnlyList<BigInteger>)r.Select(x => (BigInteger)x).ToArray()).ToArray();
        var minor = RiskParameterValidation.NegativePrincipalMinor(a);
        Assert.Equal(expected, minor?.ToArray());
        if (minor is not null) Assert.True(Determinant(Sub(a, minor)) < 0);
    }

    [Fact]
    public void ThePositiveSemidefiniteTest_AgreesWithEveryPrincipalMinor_OnRandomMatrices()
    {
        // Sylvester's criterion for semidefiniteness: every principal minor (not only the leading ones) >= 0.
        var random = new Random(17);
        int semidefinite = 0, not = 0;
        for (var round = 0; round < 600; round++)
        {
            var n = random.Next(1, 6);
            var a = new BigInteger[n][];
            for (var u = 0; u < n; u++) a[u] = new BigInteger[n];
            for (var u = 0; u < n; u++)
            {
                a[u][u] = random.Next(4) == 0 ? random.Next(0, 3) : One;
                for (var w = 0; w < u; w++)
                    a[u][w] = a[w][u] = random.Next(6) switch
                    {
                        0 => 0,
                        1 => One,
                        2 => -One,
                        3 => random.Next(-3, 4) * 333_333,
                        _ => random.NextInt64(-One, One + 1) / (1 + random.Next(0, 4) * 3),
                    };
            }
            var rows = a.Select(r => (IReadOnlyList<BigInteger>)r).ToArray();
            var everyMinorNonNegative = Enumerable.Range(1, (1 << n) - 1)
                .All(mask => Determinant(Sub(rows, Enumerable.Range(0, n).Where(i => (mask >> i & 1) == 1).ToArray())) >= 0);
            var minor = RiskParameterValidation.NegativePrincipalMinor(rows);
            Assert.Equal(everyMinorNonNegative, minor is null);
            if (minor is null) semidefinite++;
            else
            {
                not++;
                Assert.True(Determinant(Sub(rows, minor)) < 0);
            }
        }
        Assert.True(semidefinite > 50 && not > 50, $"{semidefinite} semidefinite, {not} not");
    }

    [Fact]
    public void ANonSemidefiniteMatrix_IsRefused_AtEveryEntryPoint_WithTheUnderlyingsNamed()
    {
        var reference = PortfolioFile.Read(Samples.Example("portfolio-reference.json"));
        var n = reference.Parameters.Underlyings.Count;
        Assert.True(n >= 3);
        var rho = Enumerable.Range(0, n).Select(u => (IReadOnlyList<BigInteger>)Enumerable.Range(0, n)
            .Select(w => u == w ? (BigInteger)One : (BigInteger)(-600_000)).ToArray()).ToArray();
        var bad = reference with { Parameters = reference.Parameters with { Correlation = rho } };
        var e = Assert.Throws<MarginInputException>(() => MarginCalculator.Calculate(bad));
        Assert.Equal("parameters.correlation", e.Path);
        Assert.Contains("not positive semidefinite", e.Problem, StringComparison.Ordinal);
        Assert.Contains($"0 ({reference.Parameters.Underlyings[0].Symbol}), 1 ({reference.Parameters.Underlyings[1].Symbol}), 2", e.Problem, StringComparison.Ordinal);
        Assert.Throws<MarginInputException>(() => MarginStatement.ForProof(bad, MarginLevel.Initial));
    }

    [Theory]
    [InlineData("[\"1\", \"0.8\"],\n    [\"0.8\", \"1\"]", "[\"0\", \"0.8\"],\n    [\"0.8\", \"0\"]", "parameters.correlation[0][0]")]
    [InlineData("[\"1\", \"0.8\"],\n    [\"0.8\", \"1\"]", "[\"1\", \"0.8\"],\n    [\"0.7\", \"1\"]", "parameters.correlation[1][0]")]
    [InlineData("[\"1\", \"0.8\"],\n    [\"0.8\", \"1\"]", "[\"1\", \"8\"],\n    [\"8\", \"1\"]", "parameters.correlation[0][1]")]
    [InlineData("\"multiplier\": \"1\"", "\"multiplier\": \"2\"", "parameters.levelMultiplier[1]")]
    [InlineData("\"multiplier\": \"1\"", "\"multiplier\": \"0.5\"", "parameters.levelMultiplier[1]")]
    [InlineData("\"floor\": \"250\"", "\"floor\": \"501\"", "parameters.levelFloor[1]")]
    [InlineData("\"shock\": \"0.12\"", "\"shock\": \"0\"", "parameters.underlyings[1] (BTC).shock")]
    [InlineData("\"grid\": [\"1\",", "\"grid\": [\"0.9\",", "parameters.grid")]
    public void TheFileReader_RefusesABadSet_NamingTheEntry(string find, string replace, string path)
    {
        var text = File.ReadAllText(Samples.Example());
        Assert.Contains(find, text, StringComparison.Ordinal);
        var e = Assert.Throws<MarginInputException>(() => PortfolioFile.Parse(System.Text.Encoding.UTF8.GetBytes(text.Replace(find, replace, StringComparison.Ordinal))));
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void ThePadding_KeepsTheRules_AnUnusedUnderlyingIsAnIdentityRow()
    {
        var p = Samples.Hand();
        var slots = new Slots.ParameterSlots(MarginConfiguration.Reference, p.Parameters);
        for (var u = 2; u < 4; u++)
            Assert.Equal(Enumerable.Range(0, 4).Select(w => w == u ? (BigInteger)One : 0), slots.Correlation[u]);
        Assert.Null(RiskParameterValidation.NegativePrincipalMinor(slots.Correlation));
    }

    private static IReadOnlyList<IReadOnlyList<BigInteger>> Sub(IReadOnlyList<IReadOnlyList<BigInteger>> a, IReadOnlyList<int> indices) =>
        indices.Select(i => (IReadOnlyList<BigInteger>)indices.Select(j => a[i][j]).ToArray()).ToArray();

    /// <summary>The determinant by cofactor expansion (n &lt;= 5 here): independent of the elimination under test.</summary>
    private static BigInteger Determinant(IReadOnlyList<IReadOnlyList<BigInteger>> a)
    {
        var n = a.Count;
        if (n == 0) return BigInteger.One;
        if (n == 1) return a[0][0];
        var sum = BigInteger.Zero;
        for (var j = 0; j < n; j++)
        {
            if (a[0][j].IsZero) continue;
            var rest = Enumerable.Range(1, n - 1).Select(i => (IReadOnlyList<BigInteger>)Enumerable.Range(0, n).Where(k => k != j).Select(k => a[i][k]).ToArray()).ToArray();
            sum += (j % 2 == 0 ? 1 : -1) * a[0][j] * Determinant(rest);
        }
        return sum;
    }
}

using System.Numerics;

namespace CrossMargin.Margin;

/// <summary>
/// The rules a risk parameter set must meet as a whole, beyond each entry's bound
/// (docs/margin-model.md, "Risk parameter sets: the rules beyond the bounds"): the correlation
/// matrix is U x U, symmetric, with unit diagonal and positive semidefinite; the levels are
/// ordered and the maintenance multiplier is at least one; every shock is a positive fraction
/// of the price at most one; the grid reaches the full shock. The first violation is thrown as a
/// <see cref="MarginInputException"/> naming the entry ("parameters.correlation[1][0]") and why.
/// Every entry point calls it: <see cref="PortfolioFile"/> when it reads a set,
/// <see cref="MarginCalculator.Calculate"/> (and so <see cref="MarginStatement"/> and the
/// prover) before it computes anything.
/// </summary>
/// <remarks>
/// The rules are on the parameters as published (the used slots); the configuration's padding
/// (<see cref="Slots"/>) keeps them: an unused underlying is an identity row and column, which
/// adds a unit pivot to the matrix and leaves it positive semidefinite.
/// </remarks>
public static class RiskParameterValidation
{
    /// <summary>Throws unless <paramref name="parameters"/> meets every rule; its entries' bounds are <see cref="MarginBounds"/>'s.</summary>
    public static void Check(RiskParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var underlyings = parameters.Underlyings;
        var rho = parameters.Correlation;
        var n = underlyings.Count;
        string Name(int u) => $"{u} ({underlyings[u].Symbol})";

        // The shape, so that a set checked on its own (not through MarginBounds) is read safely.
        if (rho.Count != n) throw new MarginInputException("parameters.correlation", $"has {rho.Count} rows; the parameters list {n} underlyings");
        for (var u = 0; u < n; u++)
            if (rho[u].Count != n) throw new MarginInputException($"parameters.correlation[{u}]", $"has {rho[u].Count} entries; the parameters list {n} underlyings");

        // Each entry's bound first (MarginBounds's, named alike), so that an entry out of range is
        // reported as such rather than as the asymmetry or indefiniteness it also causes.
        for (var u = 0; u < n; u++)
            for (var w = 0; w < n; w++)
            {
                if (rho[u][w] > FixedPoint.One) throw new MarginInputException($"parameters.correlation[{u}][{w}]", "is above 10^6");
                if (rho[u][w] < -FixedPoint.One) throw new MarginInputException($"parameters.correlation[{u}][{w}]", "is below -10^6");
            }

        // Unit diagonal: an underlying is fully correlated with itself. A smaller diagonal scales
        // its own loss down in Q (0 removes it: R = 0 beside any loss).
        for (var u = 0; u < n; u++)
            if (rho[u][u] != FixedPoint.One)
                throw new MarginInputException($"parameters.correlation[{u}][{u}]", $"is {Ratio(rho[u][u])}; a correlation matrix has 1 on its diagonal (underlying {Name(u)})");

        // Symmetric: rho[u][w] and rho[w][u] are one correlation; the later entry is named.
        for (var u = 0; u < n; u++)
            for (var w = 0; w < u; w++)
                if (rho[u][w] != rho[w][u])
                    throw new MarginInputException($"parameters.correlation[{u}][{w}]", $"is {Ratio(rho[u][w])} but parameters.correlation[{w}][{u}] is {Ratio(rho[w][u])}; a correlation matrix is symmetric");

        var minor = NegativePrincipalMinor(rho);
        if (minor is not null)
            throw new MarginInputException("parameters.correlation",
                $"is not positive semidefinite: the principal submatrix over underlyings {string.Join(", ", minor.Select(Name))} has a negative determinant "
                + "(so some portfolio's Q = sum rho[u][w]*r[u]*r[w] is below 0 and R = 0, whatever its losses)");

        // Shocks: a positive fraction of the price, at most all of it (the grid applies it both
        // ways, and a move of more than -100% prices the underlying below zero).
        for (var u = 0; u < n; u++)
        {
            var shock = underlyings[u].Shock;
            if (shock.Sign <= 0)
                throw new MarginInputException($"parameters.underlyings[{u}] ({underlyings[u].Symbol}).shock", "is 0; every underlying's price shock must be positive (a zero shock margins no price risk)");
            if (shock > FixedPoint.One)
                throw new MarginInputException($"parameters.underlyings[{u}] ({underlyings[u].Symbol}).shock", $"is {Ratio(shock)}, above 1; a down move of more than the whole price is no price");
        }

        // The grid reaches the full shock: otherwise the published shock is never applied.
        if (!parameters.Grid.Contains(FixedPoint.One))
            throw new MarginInputException("parameters.grid", $"is [{string.Join(", ", parameters.Grid.Select(Ratio))}]; one grid point must be 1 (the full shock)");

        // Levels: initial margin is the stricter level, and maintenance covers at least the
        // correlated worst loss R.
        var k = parameters.LevelMultiplier;
        var floor = parameters.LevelFloor;
        if (k.Count != 2) throw new MarginInputException("parameters.levelMultiplier", $"has {k.Count} entries; the parameters list 2 levels");
        if (floor.Count != 2) throw new MarginInputException("parameters.levelFloor", $"has {floor.Count} entries; the parameters list 2 levels");
        if (k[1] > k[0])
            throw new MarginInputException("parameters.levelMultiplier[1]", $"(maintenance) is {Ratio(k[1])}, above the initial multiplier {Ratio(k[0])}; maintenance must not ask more than initial");
        if (floor[1] > floor[0])
            throw new MarginInputException("parameters.levelFloor[1]", $"(maintenance) is {FixedPoint.Usd(floor[1])}, above the initial floor {FixedPoint.Usd(floor[0])}; maintenance must not ask more than initial");
        if (k[1] < FixedPoint.One)
            throw new MarginInputException("parameters.levelMultiplier[1]", $"(maintenance) is {Ratio(k[1])}, below 1; the maintenance requirement must cover the correlated worst loss R");
    }

    /// <summary>
    /// Null when the symmetric matrix <paramref name="a"/> is positive semidefinite, else the
    /// indices of a principal submatrix with a negative determinant. Exact, on the integers:
    /// symmetric fraction-free Gaussian elimination (E. H. Bareiss, "Sylvester's identity and
    /// multistep integer-preserving Gaussian elimination", Math. Comp. 22 (1968) 565-578). After
    /// eliminating the pivots S (each positive), entry (i, j) is the minor det(a[S+i, S+j]); the
    /// update's division by the previous pivot is exact, so every number is a minor of a (no rounding, no growth
    /// beyond Hadamard's bound). A matrix is positive semidefinite iff every pivot is &gt;= 0 and a
    /// zero pivot has a zero row (the semidefinite Cholesky rule: N. J. Higham, "Accuracy and
    /// Stability of Numerical Algorithms", 2nd ed., section 10.3); a zero pivot with a nonzero
    /// entry x in column j makes the minor over S+k+j equal to -x^2 / (previous pivot) &lt; 0
    /// (Sylvester's identity), and an index whose row is zero takes no further part.
    /// </summary>
    public static IReadOnlyList<int>? NegativePrincipalMinor(IReadOnlyList<IReadOnlyList<BigInteger>> a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var n = a.Count;
        var m = new BigInteger[n, n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++) m[i, j] = a[i][j];
        var used = new List<int>();
        var previous = BigInteger.One;
        for (var k = 0; k < n; k++)
        {
            var pivot = m[k, k];
            if (pivot.Sign < 0) return [.. used, k];
            if (pivot.IsZero)
            {
                for (var j = k + 1; j < n; j++)
                    if (!m[k, j].IsZero) return [.. used, k, j];
                continue;
            }
            for (var i = k + 1; i < n; i++)
                for (var j = k + 1; j < n; j++)
                    m[i, j] = (pivot * m[i, j] - m[i, k] * m[k, j]) / previous; // exact (Bareiss)
            previous = pivot;
            used.Add(k);
        }
        return null;
    }

    private static string Ratio(BigInteger x) => FixedPoint.Format(x, FixedPoint.RatioDecimals);
}

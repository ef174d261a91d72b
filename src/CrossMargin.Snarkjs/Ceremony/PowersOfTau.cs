using CrossMargin.Curves.Bn254;

using CrossMargin.Groth16;

namespace CrossMargin.Snarkjs.Ceremony;

/// <summary>
/// The points of a phase-1 (powers of tau) accumulator for 2^power constraints, as snarkjs keeps
/// them in sections 2 to 6 of a .ptau file (powersoftau_new.js):
/// <code>
/// TauG1      tau^i G1         i &lt; 2^(power+1) - 1
/// TauG2      tau^i G2         i &lt; 2^power
/// AlphaTauG1 alpha tau^i G1   i &lt; 2^power
/// BetaTauG1  beta tau^i G1    i &lt; 2^power
/// BetaG2     beta G2
/// </code>
/// A fresh accumulator has tau = alpha = beta = 1: every point is its group's generator.
/// The arrays are owned by this object; the ceremony replaces them in place.
/// </summary>
public sealed class PowersOfTau
{
    /// <summary>The largest power snarkjs accepts: BN254's scalar field has 2-adicity 28.</summary>
    public const int MaxPower = 28;

    public PowersOfTau(int power, G1Affine[] tauG1, G2Affine[] tauG2, G1Affine[] alphaTauG1, G1Affine[] betaTauG1, G2Affine betaG2)
    {
        CheckPower(power);
        CheckLength(tauG1.Length, TauG1Count(power), nameof(tauG1));
        CheckLength(tauG2.Length, 1L << power, nameof(tauG2));
        CheckLength(alphaTauG1.Length, 1L << power, nameof(alphaTauG1));
        CheckLength(betaTauG1.Length, 1L << power, nameof(betaTauG1));
        Power = power;
        TauG1 = tauG1;
        TauG2 = tauG2;
        AlphaTauG1 = alphaTauG1;
        BetaTauG1 = betaTauG1;
        BetaG2 = betaG2;
    }

    public int Power { get; }
    public G1Affine[] TauG1 { get; }
    public G2Affine[] TauG2 { get; }
    public G1Affine[] AlphaTauG1 { get; }
    public G1Affine[] BetaTauG1 { get; }
    public G2Affine BetaG2 { get; internal set; }

    /// <summary>2^(power+1) - 1: enough tau powers for the quotient polynomial of degree 2n - 2.</summary>
    public static long TauG1Count(int power) => (1L << (power + 1)) - 1;

    /// <summary>The accumulator of snarkjs's <c>powersoftau new</c>: every point a generator.</summary>
    public static PowersOfTau New(int power)
    {
        CheckPower(power);
        var n = 1 << power;
        var g1 = G1Curve.Generator;
        var g2 = G2Curve.Generator;
        var tauG1 = new G1Affine[TauG1Count(power)];
        Array.Fill(tauG1, g1);
        var tauG2 = new G2Affine[n];
        Array.Fill(tauG2, g2);
        var alpha = new G1Affine[n];
        Array.Fill(alpha, g1);
        var beta = new G1Affine[n];
        Array.Fill(beta, g1);
        return new PowersOfTau(power, tauG1, tauG2, alpha, beta, g2);
    }

    /// <summary>
    /// Still the state of <see cref="New"/>: every point its group's generator (no contribution
    /// yet), where a contribution's points are known multiples of the generators.
    /// </summary>
    public bool IsNew
    {
        get
        {
            var g1 = G1Curve.Generator;
            var g2 = G2Curve.Generator;
            return BetaG2 == g2 && AllEqual(TauG1, g1) && AllEqual(TauG2, g2) && AllEqual(AlphaTauG1, g1) && AllEqual(BetaTauG1, g1);
        }
    }

    private static bool AllEqual<T>(T[] points, T value) where T : IEquatable<T>
    {
        foreach (var p in points)
            if (!p.Equals(value)) return false;
        return true;
    }

    internal static void CheckPower(int power)
    {
        if (power is < 1 or > MaxPower)
            throw new ArgumentOutOfRangeException(nameof(power), power, $"power must be 1 to {MaxPower}");
    }

    private static void CheckLength(long actual, long expected, string name)
    {
        if (actual != expected) throw new ArgumentException($"{name} has {actual} points; {expected} expected", name);
    }
}

/// <summary>
/// The Lagrange-basis points that snarkjs's <c>powersoftau prepare phase2</c> adds to a .ptau
/// (powersoftau_preparephase2.js, sections 12 to 15): for every k from 0 to power (and, for tau G1
/// only, also k = power + 1), the 2^k points L_i(tau) G, i &lt; 2^k, where L_i is the Lagrange
/// polynomial of the i-th point w^i of the size-2^k domain, concatenated by increasing k. Level k
/// starts at index 2^k - 1. For k = power + 1 the input is tau^0..tau^(2^(k)-2) followed by zero
/// (there is no tau^(2^(power+1)-1)), as snarkjs does.
/// </summary>
public sealed class LagrangeBases
{
    public LagrangeBases(int power, G1Affine[] tauG1, G2Affine[] tauG2, G1Affine[] alphaTauG1, G1Affine[] betaTauG1)
    {
        PowersOfTau.CheckPower(power);
        if (tauG1.Length != TotalCount(power + 1) || tauG2.Length != TotalCount(power)
            || alphaTauG1.Length != TotalCount(power) || betaTauG1.Length != TotalCount(power))
            throw new ArgumentException("Lagrange sections do not match the power");
        Power = power;
        TauG1 = tauG1;
        TauG2 = tauG2;
        AlphaTauG1 = alphaTauG1;
        BetaTauG1 = betaTauG1;
    }

    public int Power { get; }
    public G1Affine[] TauG1 { get; }
    public G2Affine[] TauG2 { get; }
    public G1Affine[] AlphaTauG1 { get; }
    public G1Affine[] BetaTauG1 { get; }

    /// <summary>Points in levels 0..maxLevel: 2^(maxLevel+1) - 1.</summary>
    public static long TotalCount(int maxLevel) => (1L << (maxLevel + 1)) - 1;

    /// <summary>Index of the first point of level k.</summary>
    public static int LevelOffset(int k) => (1 << k) - 1;

    /// <summary>The 2^k tau-G1 Lagrange points of the size-2^k domain.</summary>
    public ReadOnlySpan<G1Affine> TauG1Level(int k) => TauG1.AsSpan(LevelOffset(k), 1 << k);
    public ReadOnlySpan<G2Affine> TauG2Level(int k) => TauG2.AsSpan(LevelOffset(k), 1 << k);
    public ReadOnlySpan<G1Affine> AlphaTauG1Level(int k) => AlphaTauG1.AsSpan(LevelOffset(k), 1 << k);
    public ReadOnlySpan<G1Affine> BetaTauG1Level(int k) => BetaTauG1.AsSpan(LevelOffset(k), 1 << k);
}

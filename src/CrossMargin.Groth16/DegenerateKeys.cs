using System.Globalization;
using System.Runtime.CompilerServices;
using CrossMargin.Curves.Bn254;

namespace CrossMargin.Groth16;

/// <summary>
/// A verification key with an identity point or a cheaply found relation among its points, which
/// lets anyone who reads the key forge proofs (<see cref="DegenerateKeys"/> lists which and how).
/// An invalid statement: nothing can be verified against such a key.
/// </summary>
/// <remarks>
/// Refusing these keys is hygiene against broken or careless keys. It is no protection against
/// the key's maker, who may know its trapdoor and forge proofs for a key that passes every check:
/// a verifier pins the key it trusts (its SHA-256, or a deployment's verifier contract).
/// </remarks>
public sealed class DegenerateKeyException : InvalidStatementException
{
    /// <param name="point">The point at fault, as the key's JSON names it ("delta", "IC[3]").</param>
    /// <param name="relation">What holds: "is the identity", "= -2*gamma".</param>
    /// <param name="consequence">What a forger can do with it.</param>
    public DegenerateKeyException(string point, string relation, string consequence)
        : base($"degenerate verification key: {point} {relation} ({consequence})")
    {
        Point = point;
        Relation = relation;
        Consequence = consequence;
    }

    /// <summary>The same fault, found in <paramref name="file"/> (named first in the message).</summary>
    public DegenerateKeyException(DegenerateKeyException fault, string file)
        : base($"{file}: {fault?.Message}")
    {
        ArgumentNullException.ThrowIfNull(fault);
        Point = fault.Point;
        Relation = fault.Relation;
        Consequence = fault.Consequence;
        File = file;
    }

    /// <summary>The point at fault, as the key's JSON names it ("alpha", "delta", "IC[2]").</summary>
    public string Point { get; }

    /// <summary>What holds of it: "is the identity", "= gamma", "= -3*beta".</summary>
    public string Relation { get; }

    /// <summary>What anyone who reads the key can do because of it.</summary>
    public string Consequence { get; }

    /// <summary>The file the key was read from, when a reader found the fault.</summary>
    public string? File { get; }
}

/// <summary>
/// The one check of a verification key's shape, made by every reader that yields a key for
/// verification (verification_key.json, a .zkey's verification part), by <see cref="Verifier"/>
/// and by the Solidity verifier's generator.
/// </summary>
/// <remarks>
/// <para>
/// Groth16 accepts (A, B, C) for public inputs x when
/// e(A, B) = e(alpha, beta) e(vk_x, gamma) e(C, delta), vk_x = IC[0] + sum x_i IC[i]. Soundness
/// needs alpha, beta, gamma, delta and the IC points to be independent of each other, as far as
/// anyone but the ceremony's contributors knows. Each fault refused here breaks that in a way
/// any reader of the key can use, with a proof made from the key's own points:
/// </para>
/// <list type="bullet">
/// <item>delta = k gamma: e(vk_x, gamma) e(C, delta) = e(vk_x + k C, gamma), so C = -vk_x / k
/// (k inverted mod r) cancels it, and (A, B, C) = (alpha, beta, -vk_x / k) verifies for any x.
/// gamma = delta (k = 1) is a key without a phase-2 contribution.</item>
/// <item>delta = k beta: e(alpha, beta) e(C, delta) = e(alpha + k C, beta); C = -alpha / k,
/// A = vk_x, B = gamma verifies for any x.</item>
/// <item>gamma = k beta: e(alpha, beta) e(vk_x, gamma) = e(alpha + k vk_x, beta); A = alpha + k vk_x,
/// B = beta, C = the identity verifies for any x.</item>
/// <item>an identity alpha or beta: (vk_x, gamma, identity) verifies for any x; an identity gamma:
/// the inputs drop out, one valid proof verifies for every x; an identity delta: the witness
/// term drops out (and no honest prover can use the key); an identity IC[i]: public signal i is
/// not bound by the proof (IC[0]: the constant term is missing, the key is not a circuit's);
/// IC[i] = +-IC[j]: the proof binds x_i +- x_j only, not each.</item>
/// </list>
/// <para>
/// The relations hold for any k the forger knows, not only small ones. A checker finds k only
/// by solving a discrete logarithm in G2 (order r ~ 2^254): generic algorithms take sqrt(|k|)
/// group operations for |k| in a known range and about 2^127 without one. So a key whose
/// contributors chose delta = k gamma for a random secret k cannot be told from a sound key; that
/// a key is free of such relations is what its ceremony (one honest contributor) guarantees, and
/// what a verifier trusts by pinning the key. Checked here: every relation Y = k X between two
/// of beta, gamma and delta with |k| &lt;= <see cref="RelationBound"/> (k = 0 is an identity
/// point), found by baby-step giant-step (Shanks): the relations a careless tool or a
/// hand-edited key produces, and the small ones a forger could hope would go unnoticed.
/// </para>
/// <para>
/// Why B = 2^10: the check runs for every key read (once per key object: the verifier and the
/// reader share the result), so it must cost well under a key's first verify, which also checks
/// the key's points and prepares it (e(alpha, beta) alone, a full pairing, costs about as much as
/// 1,000 G2 additions). Baby-step giant-step covers |k| &lt;= B with
/// m = <see cref="BabySteps"/> baby steps per base point (the multiples jX, j = 1..m, keyed by
/// x, so each stands for +-j) and 2g + 1 giant steps per pair (Y - i (2m + 1) X, |i| &lt;= g =
/// <see cref="GiantSteps"/>): 3m + 6 (2g + 1) G2 additions and as many conversions to affine
/// (batched: one inversion per base); m = 4g balances the two (three bases, six ordered pairs),
/// and the search covers g (2m + 1) + m. m = 45, g = 11: 273 additions, |k| &lt;= 1,046;
/// measured (DegenerateKeysTests) at about a fifth of a key's first verify (1.0-1.3 ms of
/// 5.2-5.5 ms, 2026-12-05). The cost grows as sqrt(B): 2^16 would take 2,190 additions, about
/// two such verifies. The bound is about accidents and lazy
/// forgeries (a copied point, a sign flipped, a point doubled or summed a few times), not about
/// a determined forger, who picks a random 254-bit k that no bound reaches.
/// </para>
/// </remarks>
public static class DegenerateKeys
{
    /// <summary>Every relation Y = k X between two of beta, gamma and delta with |k| at most this is refused (some larger ones too).</summary>
    public const int RelationBound = 1 << 10;

    /// <summary>m: multiples jX, j = 1..m, of each base point.</summary>
    internal const int BabySteps = 45;

    /// <summary>g: targets Y - i (2m + 1) X for |i| &lt;= g.</summary>
    internal const int GiantSteps = 11;

    /// <summary>The largest |k| the search covers: g (2m + 1) + m.</summary>
    internal const int Covered = GiantSteps * (2 * BabySteps + 1) + BabySteps;

    /// <summary>
    /// Throws <see cref="DegenerateKeyException"/> (naming <c>file</c>, when given) for a key with an identity point among alpha,
    /// beta, gamma, delta and the IC points, two public signals' IC points equal or opposite, or
    /// two of beta, gamma, delta related by Y = k X, |k| &lt;= <see cref="RelationBound"/>. Passing says only that no such shape was found,
    /// never that the key is sound: its maker may hold its trapdoor.
    /// </summary>
    /// <remarks>The points are assumed to be on their curves and, in G2, in the order-r subgroup, as every reader ensures.</remarks>
    public static void Refuse(VerificationKey key, string file)
    {
        try
        {
            Refuse(key);
        }
        catch (DegenerateKeyException e)
        {
            throw new DegenerateKeyException(e, file);
        }
    }

    /// <inheritdoc cref="Refuse(VerificationKey, string)"/>
    public static void Refuse(VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Alpha1.IsInfinity) throw new DegenerateKeyException("alpha", "is the identity", "e(alpha, beta) drops out: (vk_x, gamma, identity) verifies for any public inputs");
        if (key.Beta2.IsInfinity) throw new DegenerateKeyException("beta", "is the identity", "e(alpha, beta) drops out: (vk_x, gamma, identity) verifies for any public inputs");
        if (key.Gamma2.IsInfinity) throw new DegenerateKeyException("gamma", "is the identity", "e(vk_x, gamma) drops out: a proof is not bound to its public inputs, one valid proof verifies for any");
        if (key.Delta2.IsInfinity) throw new DegenerateKeyException("delta", "is the identity", "e(C, delta) drops out: nothing of the witness is checked, and no honest proof exists for the key");
        for (var i = 0; i < key.IC.Length; i++)
        {
            if (key.IC[i].IsInfinity)
                throw new DegenerateKeyException($"IC[{i}]", "is the identity", i == 0
                    ? "the constant term of vk_x is missing: this is not a circuit's key"
                    : $"public signal {i} is not bound by the proof: any value verifies");
        }

        // IC[i] = +-IC[j] (public signals i, j >= 1): vk_x sees only x_i +- x_j, so a proof of one
        // statement verifies for every statement with the same sum or difference. snarkjs gives
        // each public signal its own constraint row, so a circuit's key never has it. Keyed by x.
        var icByX = new Dictionary<Fq, int>(key.IC.Length);
        for (var i = 1; i < key.IC.Length; i++)
        {
            if (!icByX.TryAdd(key.IC[i].X, i))
            {
                var j = icByX[key.IC[i].X];
                var sign = key.IC[i].Y == key.IC[j].Y ? "" : "-";
                throw new DegenerateKeyException($"IC[{i}]", $"= {sign}IC[{j}]",
                    $"public signals {j} and {i} are bound only through x_{j} {(sign.Length == 0 ? "+" : "-")} x_{i}: a proof of one statement verifies for others");
            }
        }

        // beta, gamma and delta are init-only fields of an immutable record: a key object that
        // passed the search once passes it again (the IC array, which could be written to, is
        // checked above every time).
        if (Searched.TryGetValue(key, out _)) return;
        ReadOnlySpan<string> names = ["beta", "gamma", "delta"];
        G2Affine[] points = [key.Beta2, key.Gamma2, key.Delta2];
        for (var b = 0; b < 3; b++)
        {
            var targets = new[] { (b + 1) % 3, (b + 2) % 3 };
            var found = SmallMultiples(points[b], [points[targets[0]], points[targets[1]]]);
            for (var t = 0; t < 2; t++)
            {
                if (found[t] is not { } k) continue;
                var (y, x) = (names[targets[t]], names[b]);
                throw new DegenerateKeyException(y, $"= {Multiple(k, x)}", Consequence(x, y, k));
            }
        }
        Searched.AddOrUpdate(key, Passed);
    }

    /// <summary>Key objects whose beta, gamma and delta passed the relation search.</summary>
    private static readonly ConditionalWeakTable<VerificationKey, object> Searched = new();

    private static readonly object Passed = new();

    /// <summary>"gamma", "-gamma", "3*gamma", "-3*gamma".</summary>
    private static string Multiple(long k, string x) => k switch
    {
        1 => x,
        -1 => "-" + x,
        _ => string.Create(CultureInfo.InvariantCulture, $"{k}*{x}"),
    };

    /// <summary>What the relation between <paramref name="x"/> and <paramref name="y"/> lets a forger do (the remarks above show how).</summary>
    private static string Consequence(string x, string y, long k)
    {
        var pair = string.CompareOrdinal(x, y) < 0 ? (x, y) : (y, x);
        var forgery = pair switch
        {
            ("delta", "gamma") => "e(vk_x, gamma) and e(C, delta) cancel for a C made from vk_x: (alpha, beta, C) verifies for any public inputs",
            ("beta", "delta") => "e(alpha, beta) and e(C, delta) cancel for a C made from alpha: (vk_x, gamma, C) verifies for any public inputs",
            _ => "e(alpha, beta) e(vk_x, gamma) is one pairing with beta: (alpha + k*vk_x, beta, identity) verifies for any public inputs",
        };
        return k == 1 && pair == ("delta", "gamma") ? "no phase-2 contribution: " + forgery : forgery;
    }

    /// <summary>
    /// For each target Y, a k with Y = k X and |k| &lt;= <see cref="Covered"/>, or null. Baby steps:
    /// jX for j = 1..m by repeated addition, keyed by x (jX and -jX share it). Giant steps:
    /// Y - i M X, M = 2m + 1, for |i| &lt;= g; one whose x is that of jX is +-jX, so k = i M +- j
    /// (the sign from y), and one that is the identity gives k = i M. Every |k| &lt;= g M + m
    /// is i M + j for exactly one i and one |j| &lt;= m. X must not be the identity.
    /// </summary>
    internal static long?[] SmallMultiples(in G2Affine x, ReadOnlySpan<G2Affine> targets)
    {
        const int m = BabySteps, g = GiantSteps;
        var baby = new G2Jacobian[m];
        baby[0] = x.ToJacobian();
        for (var j = 1; j < m; j++) G2Jacobian.AddMixed(baby[j - 1], x, out baby[j]);
        var babyAffine = new G2Affine[m];
        G2Jacobian.BatchToAffine(baby, babyAffine);
        var byX = new Dictionary<Fq2, int>(m);
        // Distinct x for j = 1..m: jX = +-j'X would give X an order <= 2m, and G2 has prime order r.
        for (var j = 0; j < m; j++) byX.TryAdd(babyAffine[j].X, j + 1);

        // M X = 2 (m X) + X.
        G2Jacobian.Double(baby[m - 1], out var giantJ);
        G2Jacobian.AddMixed(giantJ, x, out giantJ);
        var giant = giantJ.ToAffine();
        var minusGiant = giant.Negate();

        var steps = new G2Jacobian[targets.Length * (2 * g + 1)];
        for (var t = 0; t < targets.Length; t++)
        {
            // Slot t (2g + 1) + g + i holds Y - i M X.
            var centre = t * (2 * g + 1) + g;
            steps[centre] = targets[t].ToJacobian();
            for (var i = 1; i <= g; i++)
            {
                G2Jacobian.AddMixed(steps[centre + i - 1], minusGiant, out steps[centre + i]);
                G2Jacobian.AddMixed(steps[centre - i + 1], giant, out steps[centre - i]);
            }
        }
        var stepsAffine = new G2Affine[steps.Length];
        G2Jacobian.BatchToAffine(steps, stepsAffine);

        var found = new long?[targets.Length];
        for (var t = 0; t < targets.Length; t++)
        {
            for (var i = -g; i <= g && found[t] is null; i++)
            {
                var p = stepsAffine[t * (2 * g + 1) + g + i];
                long iM = (long)i * (2 * m + 1);
                if (p.IsInfinity) found[t] = iM;
                else if (byX.TryGetValue(p.X, out var j)) found[t] = p.Y == babyAffine[j - 1].Y ? iM + j : iM - j;
            }
        }
        return found;
    }
}

using System.Numerics;
using System.Security.Cryptography;

using CrossMargin.Groth16;

namespace CrossMargin.Snarkjs.Ceremony;

/// <summary>
/// The phase-1 steps of snarkjs's ceremony on points in memory (file I/O lives in
/// CrossMargin.Snarkjs.PtauFile): contribute (powersoftau_contribute.js: every point multiplied by
/// the contributor's tau^i, alpha tau^i or beta tau^i) and prepare phase2
/// (powersoftau_preparephase2.js: Lagrange bases by inverse DFTs over the groups).
/// </summary>
public static partial class PowersOfTauCeremony
{
    /// <summary>The secrets of one contribution: tau, alpha, beta, each nonzero.</summary>
    public readonly record struct Secrets(Fr Tau, Fr Alpha, Fr Beta);

    /// <summary>Fresh secrets from the OS CSPRNG, mixed with the user's entropy text (as snarkjs asks for).</summary>
    public static Secrets RandomSecrets(string? entropy = null)
    {
        var seed = RandomNumberGenerator.GetBytes(64);
        if (!string.IsNullOrEmpty(entropy))
            seed = SHA512.HashData([.. seed, .. System.Text.Encoding.UTF8.GetBytes(entropy)]);
        return new Secrets(Derive(seed, 0), Derive(seed, 1), Derive(seed, 2));
    }

    /// <summary>A nonzero scalar from a seed and a label, by SHA-512 reduced mod r (bias below 2^-250).</summary>
    public static Fr Derive(ReadOnlySpan<byte> seed, byte label)
    {
        for (var counter = (byte)0; ; counter++)
        {
            var digest = SHA512.HashData([.. seed, label, counter]);
            var x = Fr.FromBigInteger(new BigInteger(digest, isUnsigned: true) % Fr.Modulus);
            if (!x.IsZero) return x;
        }
    }

    /// <summary>
    /// Applies one contribution in place: tau^i G1 -> (t tau)^i G1, and so on for every section;
    /// betaG2 -> b beta G2.
    /// </summary>
    public static void Contribute(PowersOfTau accumulator, in Secrets secrets, Action<string, long>? progress = null)
    {
        GroupTransforms.ScaleGeometric(accumulator.TauG1, Fr.One, secrets.Tau, Report(progress, "tauG1"));
        GroupTransforms.ScaleGeometric(accumulator.TauG2, Fr.One, secrets.Tau, Report(progress, "tauG2"));
        GroupTransforms.ScaleGeometric(accumulator.AlphaTauG1, secrets.Alpha, secrets.Tau, Report(progress, "alphaTauG1"));
        GroupTransforms.ScaleGeometric(accumulator.BetaTauG1, secrets.Beta, secrets.Tau, Report(progress, "betaTauG1"));
        accumulator.BetaG2 = Curves.Bn254.Bn254ScalarMultiplication.Multiply(accumulator.BetaG2, secrets.Beta).ToAffine();
    }

    /// <summary>
    /// A contribution as snarkjs's powersoftau contribute makes it: the key from
    /// <paramref name="rng"/> (<see cref="PowersOfTauPublicKey.Create"/>), the accumulator
    /// multiplied by its secrets, and the record that proves it (<see cref="PowersOfTauTranscript.Record"/>).
    /// A new accumulator (every point a generator) takes the fixed-base path of
    /// <see cref="FromSecrets"/>; any other is multiplied in place. The challenge is the last
    /// record's nextChallenge, or the first challenge hash when there is none.
    /// </summary>
    public static (PowersOfTau Accumulator, PowersOfTauContributionRecord Record) ContributeRecorded(
        PowersOfTau accumulator, ReadOnlySpan<byte> challenge, SnarkjsRng rng, string? name, Action<string, long>? progress = null) =>
        ContributeRecorded(accumulator, challenge, rng, name, beacon: null, progress);

    /// <summary>
    /// A beacon contribution as snarkjs's powersoftau beacon makes it: <see cref="ContributeRecorded(PowersOfTau, ReadOnlySpan{byte}, SnarkjsRng, string?, Action{string, long}?)"/>
    /// with the key drawn from the beacon's generator, recorded as type 1 with the beacon's parameters.
    /// Deterministic: the same input and beacon give snarkjs's bytes.
    /// </summary>
    public static (PowersOfTau Accumulator, PowersOfTauContributionRecord Record) Beacon(
        PowersOfTau accumulator, ReadOnlySpan<byte> challenge, PowersOfTauBeacon beacon, string? name, Action<string, long>? progress = null) =>
        ContributeRecorded(accumulator, challenge, beacon.Rng(), name, beacon, progress);

    private static (PowersOfTau Accumulator, PowersOfTauContributionRecord Record) ContributeRecorded(
        PowersOfTau accumulator, ReadOnlySpan<byte> challenge, SnarkjsRng rng, string? name, PowersOfTauBeacon? beacon, Action<string, long>? progress)
    {
        var (secrets, key) = PowersOfTauPublicKey.Create(challenge, rng);
        if (accumulator.IsNew)
            accumulator = FromSecrets(accumulator.Power, secrets, preparePhase2: false, progress).Accumulator;
        else
            Contribute(accumulator, secrets, progress);
        return (accumulator, PowersOfTauTranscript.Record(accumulator, challenge, key, name, beacon));
    }

    /// <summary>
    /// The local development ceremony in one process: a new accumulator, one recorded contribution
    /// with the key from <paramref name="rng"/>, and its Lagrange bases, by the fixed-base path of
    /// <see cref="FromSecrets"/>. The secrets never leave this call.
    /// </summary>
    public static (PowersOfTau Accumulator, LagrangeBases Lagrange, PowersOfTauContributionRecord Record) DevelopmentCeremony(
        int power, SnarkjsRng rng, string? name, Action<string, long>? progress = null)
    {
        var challenge = PowersOfTauTranscript.FirstChallengeHash(power);
        var (secrets, key) = PowersOfTauPublicKey.Create(challenge, rng);
        var (accumulator, lagrange) = FromSecrets(power, secrets, preparePhase2: true, progress);
        return (accumulator, lagrange!, PowersOfTauTranscript.Record(accumulator, challenge, key, name));
    }

    /// <summary>
    /// The Lagrange bases of snarkjs's prepare phase2: for each level k the inverse DFT of the
    /// first 2^k points (for tau G1's extra level power + 1: the 2^(power+1) - 1 points and zero).
    /// </summary>
    public static LagrangeBases PreparePhase2(PowersOfTau accumulator, Action<string, long>? progress = null)
    {
        var power = accumulator.Power;
        return new LagrangeBases(power,
            Levels(accumulator.TauG1, power + 1, progress, "tauG1"),
            Levels(accumulator.TauG2, power, progress, "tauG2"),
            Levels(accumulator.AlphaTauG1, power, progress, "alphaTauG1"),
            Levels(accumulator.BetaTauG1, power, progress, "betaTauG1"));
    }

    private static Curves.AffinePoint<TField, TCurve>[] Levels<TField, TCurve>(
        Curves.AffinePoint<TField, TCurve>[] powers, int maxLevel, Action<string, long>? progress, string name)
        where TField : struct, Field.IField<TField>
        where TCurve : struct, Curves.IEndomorphismCurve<TField, TCurve>
    {
        var result = new Curves.AffinePoint<TField, TCurve>[LagrangeBases.TotalCount(maxLevel)];
        for (var k = 0; k <= maxLevel; k++)
        {
            var n = 1 << k;
            var input = new Curves.AffinePoint<TField, TCurve>[n];
            var available = Math.Min(n, powers.Length);
            Array.Copy(powers, input, available);
            for (var i = available; i < n; i++) input[i] = Curves.AffinePoint<TField, TCurve>.Infinity;
            GroupTransforms.InverseDft<TField, TCurve>(input).CopyTo(result, LagrangeBases.LevelOffset(k));
            progress?.Invoke($"{name} level {k}", n);
        }
        return result;
    }

    private static Action<long>? Report(Action<string, long>? progress, string name) =>
        progress is null ? null : done => progress(name, done);
}

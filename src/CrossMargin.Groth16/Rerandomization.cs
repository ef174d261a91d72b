using System.Numerics;
using System.Security.Cryptography;
using CrossMargin.Curves.Bn254;

namespace CrossMargin.Groth16;

/// <summary>
/// Groth16 proof re-randomization: from one proof of a statement, a fresh proof of the same
/// statement that is unlinkable to it (Groth, EUROCRYPT 2016, and the malleability noted there;
/// Fuchsbauer, "Subversion-zero-knowledge SNARKs", PKC 2018, for re-randomization as a feature).
/// </summary>
/// <remarks>
/// For non-zero r and any s, (A', B', C') = (r^-1 A, r B + r s delta, C + s A) satisfies the
/// verification equation exactly when (A, B, C) does:
/// e(A', B') = e(A, B + s delta) = e(A, B) e(s A, delta), and the right-hand side gains the same
/// factor, e(C + s A, delta) = e(C, delta) e(s A, delta). So a valid proof stays valid and an
/// invalid one stays invalid, and with r, s uniform the new proof is a uniform proof of the
/// statement, independent of the old one.
/// </remarks>
public static class Rerandomization
{
    /// <summary>
    /// (r^-1 A, r B + r s delta, C + s A) with r (non-zero) and s drawn from
    /// <see cref="RandomNumberGenerator"/>.
    /// </summary>
    /// <exception cref="MalformedStatementException">The key or the proof has a point off its curve or outside its subgroup, or the key is degenerate.</exception>
    public static Proof Rerandomize(VerificationKey key, Proof proof)
    {
        Span<byte> bytes = stackalloc byte[32];
        Fr r;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            r = Fr.FromBigInteger(new BigInteger(bytes, isUnsigned: true));
        } while (r.IsZero);
        RandomNumberGenerator.Fill(bytes);
        return Rerandomize(key, proof, r, Fr.FromBigInteger(new BigInteger(bytes, isUnsigned: true)));
    }

    /// <summary>(r^-1 A, r B + r s delta, C + s A) for the given r and s: seeded callers (tests, benchmarks) choose them.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="r"/> is zero (r^-1 does not exist).</exception>
    /// <exception cref="MalformedStatementException">The key or the proof has a point off its curve or outside its subgroup, or the key is degenerate.</exception>
    public static Proof Rerandomize(VerificationKey key, Proof proof, Fr r, Fr s)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(proof);
        if (r.IsZero) throw new ArgumentOutOfRangeException(nameof(r), "r must be non-zero: A is scaled by its inverse");
        // The G2 arithmetic below (GLS) is only right inside G2, so the points are checked first.
        Verifier.CheckKey(key);
        Verifier.CheckProof(proof, "proof");

        Fr.Inverse(r, out var rInverse);
        Fr.Mul(r, s, out var rs);
        var a = Bn254ScalarMultiplication.Multiply(proof.A, rInverse).ToAffine();
        G2Jacobian.Add(Bn254ScalarMultiplication.Multiply(proof.B, r), Bn254ScalarMultiplication.Multiply(key.Delta2, rs), out var b);
        G1Jacobian.AddMixed(Bn254ScalarMultiplication.Multiply(proof.A, s), proof.C, out var c);
        return new Proof(a, b.ToAffine(), c.ToAffine());
    }
}

using System.Numerics;
using System.Security.Cryptography;
using CrossMargin.Curves;
using CrossMargin.Curves.Bn254;

namespace CrossMargin.Groth16;

/// <summary>
/// The statement cannot even be checked: a public input &gt;= r, the wrong number of public
/// inputs, a point off the curve or outside the subgroup, or a degenerate key
/// (<see cref="DegenerateKeyException"/>, for example one without a phase-2 contribution).
/// Distinct from a proof that is well-formed but false (a <c>false</c> verdict).
/// </summary>
public sealed class MalformedStatementException(string message) : MalformedInputException(message);

/// <summary>Which proofs of a batch verify, found by <see cref="Verifier.VerifyBatch"/>.</summary>
/// <param name="Valid">Valid[i] is whether proof i verifies on its own.</param>
/// <param name="PairingChecks">How many multi-pairing checks the batch and its bisection took.</param>
public sealed record BatchVerdict(bool[] Valid, int PairingChecks)
{
    public bool AllValid => Valid.All(v => v);
    public IEnumerable<int> Invalid => Valid.Select((v, i) => (v, i)).Where(t => !t.v).Select(t => t.i);
}

/// <summary>
/// Groth16 verification over BN254. A proof (A, B, C) for public inputs x is accepted when
/// e(A, B) = e(alpha, beta) e(vk_x, gamma) e(C, delta), with vk_x = IC[0] + sum x_i IC[i],
/// checked as one multi-Miller loop and one final exponentiation:
/// e(-A, B) e(alpha, beta) e(vk_x, gamma) e(C, delta) = 1.
/// </summary>
public static class Verifier
{
    /// <summary>
    /// Whether <paramref name="proof"/> proves <paramref name="publicInputs"/> under <paramref name="key"/>.
    /// Throws <see cref="MalformedStatementException"/> when the inputs cannot be checked at all.
    /// </summary>
    public static bool Verify(VerificationKey key, IReadOnlyList<BigInteger> publicInputs, Proof proof)
    {
        CheckKey(key);
        var x = CheckInputs(key, publicInputs);
        CheckProof(proof, "proof");
        var vkX = LinearCombinationOfIC(key, x).ToAffine();
        return Bn254Pairing.PairingProductIsOne(
            [proof.A.Negate(), key.Alpha1, vkX, proof.C],
            [proof.B, key.Beta2, key.Gamma2, key.Delta2]);
    }

    /// <summary>
    /// Verifies many proofs under one key at once by a random linear combination (Bellare,
    /// Garay, Rabin, "Fast batch verification for modular exponentiation and digital
    /// signatures", 1998, the small-exponents test; as applied to Groth16 in e.g. zkSync and
    /// gnark): with independent random 128-bit r_j, all proofs are valid (except with
    /// probability about 2^-128) iff
    /// prod_j e(-r_j A_j, B_j) * e(sum r_j alpha, beta) * e(sum r_j vk_x_j, gamma) * e(sum r_j C_j, delta) = 1,
    /// one multi-Miller loop of n + 3 pairs and one final exponentiation. The sum of the vk_x_j
    /// folds into one combination of the IC points. When the batch fails, halves are checked
    /// recursively until the bad proofs are isolated.
    /// </summary>
    public static BatchVerdict VerifyBatch(VerificationKey key, IReadOnlyList<(Proof Proof, IReadOnlyList<BigInteger> PublicInputs)> items)
    {
        CheckKey(key);
        var inputs = new Fr[items.Count][];
        for (var j = 0; j < items.Count; j++)
        {
            inputs[j] = CheckInputs(key, items[j].PublicInputs, j);
            CheckProof(items[j].Proof, $"proof {j}");
        }
        var valid = new bool[items.Count];
        var checks = 0;
        Bisect(0, items.Count);
        return new BatchVerdict(valid, checks);

        void Bisect(int start, int count)
        {
            if (count == 0) return;
            checks++;
            var ok = count == 1
                ? CheckOne(key, inputs[start], items[start].Proof)
                : CheckCombined(key, items, inputs, start, count);
            if (ok)
            {
                Array.Fill(valid, true, start, count);
                return;
            }
            if (count == 1) return;
            var half = count / 2;
            Bisect(start, half);
            Bisect(start + half, count - half);
        }
    }

    private static bool CheckOne(VerificationKey key, Fr[] x, Proof proof) =>
        Bn254Pairing.PairingProductIsOne(
            [proof.A.Negate(), key.Alpha1, LinearCombinationOfIC(key, x).ToAffine(), proof.C],
            [proof.B, key.Beta2, key.Gamma2, key.Delta2]);

    private static bool CheckCombined(VerificationKey key, IReadOnlyList<(Proof Proof, IReadOnlyList<BigInteger> PublicInputs)> items, Fr[][] inputs, int start, int count)
    {
        var g1 = new G1Affine[count + 3];
        var g2 = new G2Affine[count + 3];
        var rSum = Fr.Zero;
        var icWeights = new Fr[key.IC.Length];
        var cSum = G1Jacobian.Infinity;
        Span<byte> randomBytes = stackalloc byte[16];
        for (var j = 0; j < count; j++)
        {
            var item = items[start + j];
            RandomNumberGenerator.Fill(randomBytes);
            var r = Fr.FromBigInteger(new BigInteger(randomBytes, isUnsigned: true));
            if (r.IsZero) r = Fr.One;
            Fr.Add(rSum, r, out rSum);
            // sum_j r_j vk_x_j = (sum r_j) IC[0] + sum_i (sum_j r_j x_ji) IC[i]
            for (var i = 0; i < inputs[start + j].Length; i++)
            {
                Fr.Mul(r, inputs[start + j][i], out var w);
                Fr.Add(icWeights[i + 1], w, out icWeights[i + 1]);
            }
            g1[j] = Bn254ScalarMultiplication.Multiply(item.Proof.A, r).Negate().ToAffine();
            g2[j] = item.Proof.B;
            G1Jacobian.Add(cSum, Bn254ScalarMultiplication.Multiply(item.Proof.C, r), out cSum);
        }
        icWeights[0] = rSum;
        var vkX = G1Jacobian.Infinity;
        for (var i = 0; i < key.IC.Length; i++)
            G1Jacobian.Add(vkX, Bn254ScalarMultiplication.Multiply(key.IC[i], icWeights[i]), out vkX);

        g1[count] = Bn254ScalarMultiplication.Multiply(key.Alpha1, rSum).ToAffine();
        g2[count] = key.Beta2;
        g1[count + 1] = vkX.ToAffine();
        g2[count + 1] = key.Gamma2;
        g1[count + 2] = cSum.ToAffine();
        g2[count + 2] = key.Delta2;
        return Bn254Pairing.PairingProductIsOne(g1, g2);
    }

    /// <summary>IC[0] + sum_i x_i IC[i + 1].</summary>
    private static G1Jacobian LinearCombinationOfIC(VerificationKey key, Fr[] x)
    {
        var acc = key.IC[0].ToJacobian();
        for (var i = 0; i < x.Length; i++)
            G1Jacobian.Add(acc, Bn254ScalarMultiplication.Multiply(key.IC[i + 1], x[i]), out acc);
        return acc;
    }

    private static void CheckKey(VerificationKey key)
    {
        if (key.IC.Length == 0)
            throw new MalformedStatementException("the verification key has no IC points");
        CheckG1(key.Alpha1, "key alpha");
        CheckG2(key.Beta2, "key beta");
        CheckG2(key.Gamma2, "key gamma");
        CheckG2(key.Delta2, "key delta");
        for (var i = 0; i < key.IC.Length; i++) CheckG1(key.IC[i], $"key IC[{i}]");
        DegenerateKeys.Refuse(key);
    }

    private static Fr[] CheckInputs(VerificationKey key, IReadOnlyList<BigInteger> publicInputs, int? proofIndex = null)
    {
        var where = proofIndex is { } j ? $"proof {j}: " : "";
        if (publicInputs.Count != key.PublicCount)
            throw new MalformedStatementException($"{where}{publicInputs.Count} public inputs given; the key expects {key.PublicCount}");
        var x = new Fr[publicInputs.Count];
        for (var i = 0; i < x.Length; i++)
        {
            if (publicInputs[i].Sign < 0 || publicInputs[i] >= Fr.Modulus)
                throw new MalformedStatementException($"{where}public input {i} is not in [0, r): {publicInputs[i]}");
            x[i] = Fr.FromBigInteger(publicInputs[i]);
        }
        return x;
    }

    /// <summary>
    /// Throws <see cref="MalformedStatementException"/> when <paramref name="proof"/> and
    /// <paramref name="publicInputs"/> cannot be checked under <paramref name="key"/> (the
    /// checks <see cref="Verify"/> and <see cref="VerifyBatch"/> make before any pairing), so a
    /// caller with many statements can set the malformed ones aside and verify the rest.
    /// </summary>
    public static void CheckStatement(VerificationKey key, IReadOnlyList<BigInteger> publicInputs, Proof proof)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(publicInputs);
        ArgumentNullException.ThrowIfNull(proof);
        CheckInputs(key, publicInputs);
        CheckProof(proof, "proof");
    }

    private static void CheckProof(Proof proof, string name)
    {
        CheckG1(proof.A, $"{name} A");
        CheckG2(proof.B, $"{name} B");
        CheckG1(proof.C, $"{name} C");
    }

    private static void CheckG1(in G1Affine p, string what)
    {
        if (!p.IsOnCurve) throw new MalformedStatementException($"{what} is not on the curve");
    }

    private static void CheckG2(in G2Affine p, string what)
    {
        if (!p.IsOnCurve) throw new MalformedStatementException($"{what} is not on the twist");
        if (!p.IsInSubgroup) throw new MalformedStatementException($"{what} is not in the prime-order subgroup");
    }
}

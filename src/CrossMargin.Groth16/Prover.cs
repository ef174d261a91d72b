using System.Diagnostics;
using System.Numerics;
using System.Security.Cryptography;
using CrossMargin.Curves;
using CrossMargin.Curves.Bn254;
using CrossMargin.Poly;

namespace CrossMargin.Groth16;

/// <summary>The witness does not fit the proving key: wrong length, or its first value is not 1.</summary>
public sealed class WitnessMismatchException(string message) : MalformedInputException(message);

/// <summary>
/// The witness has the key's shape but breaks the circuit's constraints, so the proof made from
/// it does not verify under the key's own verification key (<see cref="Prover.ProveAndCheck"/>).
/// </summary>
public sealed class UnsatisfiedWitnessException(string message) : InvalidStatementException(message);

/// <summary>A proof and the public signals it proves (w[1..nPublic]).</summary>
public sealed record ProofWithSignals(Proof Proof, BigInteger[] PublicSignals);

/// <summary>
/// The Groth16 prover, step for step as snarkjs's groth16_prove.js (groth16Prove, buildABC1,
/// joinABC), so that its proofs verify wherever snarkjs's do:
/// <list type="number">
/// <item>A_T[i] = sum over the key's A coefficients (i, j, c) of c w_j, likewise B_T; C_T = A_T B_T
/// (values on the domain H of size n).</item>
/// <item>The QAP reduction of the key (<see cref="ProvingKey.Reduction"/>) turns them into the
/// scalars h_i its H bases weight: for snarkjs's keys, A, B, C carried to the odd coset
/// (<see cref="OddCosetReduction"/>).</item>
/// <item>With random r, s:
/// pi_a = alpha1 + sum w_j A_j + r delta1;
/// pi_b = beta2 + sum w_j B2_j + s delta2 (and its G1 twin b1 = beta1 + sum w_j B1_j + s delta1);
/// pi_c = sum over private j of w_j C_j + sum h_i H_i + s pi_a + r b1 - r s delta1.</item>
/// </list>
/// </summary>
/// <remarks>
/// The NTTs and MSMs run on all cores (each parallel inside). The witness is converted once to
/// canonical limbs and shared by the four witness MSMs. Not constant time: the witness steers
/// branches, which is fine on the machine that holds it.
/// </remarks>
public static class Prover
{
    /// <summary>Proves with fresh randomness r, s (from <see cref="RandomNumberGenerator"/>).</summary>
    /// <param name="key">The proving key.</param>
    /// <param name="witness">The full witness, w[0] = 1.</param>
    /// <param name="maxDegreeOfParallelism">-1 for all processors.</param>
    /// <param name="phaseDone">When given, called after each phase with its name and duration (for `--verbose`).</param>
    /// <exception cref="WitnessMismatchException">The witness length is not nVars, or w[0] is not 1.</exception>
    public static ProofWithSignals Prove(ProvingKey key, ReadOnlySpan<Fr> witness, int maxDegreeOfParallelism = -1, Action<string, TimeSpan>? phaseDone = null) =>
        Prove(key, witness, RandomScalar(), RandomScalar(), maxDegreeOfParallelism, phaseDone);

    /// <summary>
    /// Proves, and hands the proof out only when it verifies under the key's own verification
    /// key: a witness that breaks a constraint gives a proof that does not (the QAP quotient is
    /// not a polynomial), and no such proof should ever reach a file. The key is refused first
    /// when degenerate (<see cref="DegenerateKeys"/>), before the proof's seconds. The check is
    /// one verification (a multi-pairing, a few ms). Messages name the witness as
    /// <c>witnessName</c> and the key as <c>keyName</c> (their files).
    /// </summary>
    /// <remarks>
    /// <c>pointsRead</c>: where the key's point arrays are still being read (a key from
    /// <c>ZkeyFile.ReadProvingKeyOverlapped</c>), the task that fills them. The proof waits for
    /// it just before its first MSM, after the NTTs, which need only the key's coefficients, and
    /// rethrows its failure as it is. Null for a key read whole.
    /// </remarks>
    /// <exception cref="DegenerateKeyException">The key is degenerate.</exception>
    /// <exception cref="WitnessMismatchException">The witness is not of the key's circuit (its length, or w[0] != 1).</exception>
    /// <exception cref="UnsatisfiedWitnessException">The proof does not verify: the witness breaks a constraint.</exception>
    public static ProofWithSignals ProveAndCheck(ProvingKey key, ReadOnlySpan<Fr> witness, string witnessName = "the witness", string keyName = "the proving key", int maxDegreeOfParallelism = -1, Action<string, TimeSpan>? phaseDone = null, Task? pointsRead = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        // Malformed input first (a witness of another circuit is that, whatever the key), then
        // the key's own fault.
        CheckShape(key, witness);
        var verificationKey = key.VerificationKey;
        DegenerateKeys.Refuse(verificationKey, keyName);
        var proved = Prove(key, witness, RandomScalar(), RandomScalar(), maxDegreeOfParallelism, phaseDone, pointsRead);
        var clock = Stopwatch.StartNew();
        var valid = Verifier.Verify(verificationKey, proved.PublicSignals, proved.Proof);
        phaseDone?.Invoke("check: the proof verifies under the key", clock.Elapsed);
        if (!valid)
            throw new UnsatisfiedWitnessException($"{witnessName} does not satisfy the circuit's constraints: its proof does not verify under the key's own verification key "
                + "(wtns check <circuit.r1cs> <witness.wtns> names the first violated constraint)");
        return proved;
    }

    /// <summary>Proves with the given blinding scalars (tests compare fixed-randomness runs).</summary>
    internal static ProofWithSignals Prove(ProvingKey key, ReadOnlySpan<Fr> witness, Fr r, Fr s, int maxDegreeOfParallelism = -1, Action<string, TimeSpan>? phaseDone = null, Task? pointsRead = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckShape(key, witness);

        var clock = Stopwatch.StartNew();
        void Done(string phase)
        {
            if (phaseDone is null) return;
            phaseDone(phase, clock.Elapsed);
            clock.Restart();
        }

        // Each phase leaves its scratch behind as garbage (the reduction two buffers of n values and
        // its domain, 10 MB at 2^17; an MSM its pools), and nothing else would collect it before the
        // next phase takes its own: collecting after each keeps the proof's peak memory at its
        // largest phase, not at a sum of them. A collection costs well under a millisecond here:
        // the heap is arrays of plain structs, with no references to trace. The quotient's MSM
        // comes first, so that its n values are gone before the witness's limbs exist.
        var hSum = QuotientSum(key, witness, maxDegreeOfParallelism, Done, pointsRead);
        GC.Collect();

        // The four witness MSMs share one conversion out of Montgomery form.
        var limbs = new ulong[4 * witness.Length];
        for (var i = 0; i < witness.Length; i++) witness[i].ToCanonicalLimbs(limbs.AsSpan(4 * i, 4));
        var privateLimbs = limbs.AsSpan(4 * (key.PublicCount + 1));

        var a = Msm.Multiply(key.A, (ReadOnlySpan<ulong>)limbs, maxDegreeOfParallelism);
        GC.Collect();
        Done("MSM A (G1)");
        var b1 = Msm.Multiply(key.B1, (ReadOnlySpan<ulong>)limbs, maxDegreeOfParallelism);
        GC.Collect();
        Done("MSM B1 (G1)");
        var b2 = Msm.Multiply(key.B2, (ReadOnlySpan<ulong>)limbs, maxDegreeOfParallelism);
        GC.Collect();
        Done("MSM B2 (G2)");
        var c = Msm.Multiply(key.C, (ReadOnlySpan<ulong>)privateLimbs, maxDegreeOfParallelism);
        Done("MSM C (G1)");

        // pi_a = A + alpha1 + r delta1
        G1Jacobian.AddMixed(a, key.Alpha1, out var piA);
        G1Jacobian.Add(piA, Bn254ScalarMultiplication.Multiply(key.Delta1, r), out piA);
        // pi_b = B2 + beta2 + s delta2; b1 = B1 + beta1 + s delta1
        G2Jacobian.AddMixed(b2, key.Beta2, out var piB);
        G2Jacobian.Add(piB, Bn254ScalarMultiplication.Multiply(key.Delta2, s), out piB);
        G1Jacobian.AddMixed(b1, key.Beta1, out var pib1);
        G1Jacobian.Add(pib1, Bn254ScalarMultiplication.Multiply(key.Delta1, s), out pib1);
        // pi_c = C + H + s pi_a + r b1 - r s delta1
        G1Jacobian.Add(c, hSum, out var piC);
        var piAAffine = piA.ToAffine();
        G1Jacobian.Add(piC, Bn254ScalarMultiplication.Multiply(piAAffine, s), out piC);
        G1Jacobian.Add(piC, Bn254ScalarMultiplication.Multiply(pib1.ToAffine(), r), out piC);
        Fr.Mul(r, s, out var rs);
        Fr.Neg(rs, out var minusRs);
        G1Jacobian.Add(piC, Bn254ScalarMultiplication.Multiply(key.Delta1, minusRs), out piC);

        var signals = new BigInteger[key.PublicCount];
        for (var i = 0; i < signals.Length; i++) signals[i] = witness[i + 1].ToBigInteger();
        var proof = new Proof(piAAffine, piB.ToAffine(), piC.ToAffine());
        Done("blinding");
        return new ProofWithSignals(proof, signals);
    }

    /// <summary>
    /// sum_i h_i H_i: the QAP reduction's scalars for the key's H bases, and their MSM. h is this
    /// method's own, so its values become their MSM limbs in place, and the array is garbage once
    /// it returns.
    /// </summary>
    private static G1Jacobian QuotientSum(ProvingKey key, ReadOnlySpan<Fr> witness, int maxDegreeOfParallelism, Action<string> done, Task? pointsRead)
    {
        var h = key.Reduction.QuotientEvaluations(key, witness, maxDegreeOfParallelism, done);
        if (pointsRead is not null)
        {
            pointsRead.GetAwaiter().GetResult();   // the failure itself, not an AggregateException
            done("wait for the key's points (read alongside)");
        }
        GC.Collect();
        var sum = Msm.Multiply(key.H, (ReadOnlySpan<ulong>)Msm.ToCanonicalLimbsInPlace(h, maxDegreeOfParallelism), maxDegreeOfParallelism);
        done("MSM H (G1)");
        return sum;
    }

    private static void CheckShape(ProvingKey key, ReadOnlySpan<Fr> witness)
    {
        if (witness.Length != key.SignalCount)
            throw new WitnessMismatchException($"the witness has {witness.Length} values; the proving key's circuit has {key.SignalCount} signals");
        if (!witness[0].IsOne)
            throw new WitnessMismatchException($"witness value 0 must be the constant 1, not {witness[0]}");
    }

    /// <summary>A uniform scalar in [0, r), by rejection from 254-bit random strings.</summary>
    internal static Fr RandomScalar()
    {
        Span<byte> bytes = stackalloc byte[32];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            bytes[31] &= 0x3f;
            if (Fr.TryReadLittleEndian(bytes, out var value)) return value;
        }
    }
}

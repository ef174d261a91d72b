using System.Numerics;
using CrossMargin.Poly;

namespace CrossMargin.Groth16;

/// <summary>
/// The QAP reduction of Groth16 as a named step (arkworks' R1CSToQAP; circom-compat's
/// CircomReduction is snarkjs's variant): from a witness, the scalars h_i that the proving key's
/// H bases weight in pi_c. The key and the reduction come as a pair: a setup computes its H bases
/// for one reduction (the "instance map"), and the prover must use the same one (the "witness
/// map"), which is why <see cref="ProvingKey.Reduction"/> names it.
/// </summary>
public interface IQapReduction
{
    /// <summary>A name for messages and docs ("snarkjs odd coset").</summary>
    string Name { get; }

    /// <summary>The scalars for the key's H bases at the witness.</summary>
    /// <param name="key">The proving key (its QAP coefficients, its domain).</param>
    /// <param name="witness">The full witness: w[0] = 1, one value per signal.</param>
    /// <param name="maxDegreeOfParallelism">-1 for all processors.</param>
    /// <param name="done">When given, called after each step with its name.</param>
    Fr[] QuotientEvaluations(ProvingKey key, ReadOnlySpan<Fr> witness, int maxDegreeOfParallelism = -1, Action<string>? done = null);
}

/// <summary>
/// snarkjs's reduction (groth16_prove.js buildABC1, then ifft, batchApplyKey by w_{2n}^i, fft,
/// and joinABC): A_T and B_T from the key's QAP coefficients on the domain H of size n, C_T =
/// A_T B_T, all three carried to the odd coset g H (g a primitive 2n-th root of unity: the other
/// half of the doubled domain), where Z_H(x) = x^n - 1 = -2 is constant, and h_i = A_odd B_odd -
/// C_odd. snarkjs's H bases (the odd-indexed Lagrange points of the doubled domain) absorb the
/// 1/Z_H and the change of basis, so h is used as is. No division by Z_H is needed, unlike the
/// textbook reduction (Groth16's own, arkworks' LibsnarkReduction).
/// </summary>
public sealed class OddCosetReduction : IQapReduction
{
    public static OddCosetReduction Instance { get; } = new();

    private OddCosetReduction()
    {
    }

    public string Name => "snarkjs odd coset";

    public unsafe Fr[] QuotientEvaluations(ProvingKey key, ReadOnlySpan<Fr> witness, int maxDegreeOfParallelism = -1, Action<string>? done = null)
    {
        var n = key.DomainSize;
        // Zeroed by writing them, not left as a fresh allocation's untouched pages: the
        // constraints fill only the first part of A_T and B_T, and a page that is first read (the
        // shared zero page) and then written by the NTT takes a second fault and a TLB flush on
        // every core, about a tenth of the NTTs' time.
        var aT = GC.AllocateUninitializedArray<Fr>(n);
        var bT = GC.AllocateUninitializedArray<Fr>(n);
        aT.AsSpan().Clear();
        bT.AsSpan().Clear();
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        // Each coefficient adds into A_T or into B_T, so the two sums run side by side, each over
        // the whole list taking its own matrix's entries (the key's order is kept within each).
        fixed (Fr* pinned = witness)
        {
            var (address, length) = ((nint)pinned, witness.Length);
            Parallel.Invoke(options,
                () => Accumulate(key.Coefficients, matrixA: true, new ReadOnlySpan<Fr>((void*)address, length), aT),
                () => Accumulate(key.Coefficients, matrixA: false, new ReadOnlySpan<Fr>((void*)address, length), bT));
        }
        var cT = new Fr[n];
        ParallelChunks.For(n, PointwiseChunk, (start, count) =>
            Fr.MulMany(aT.AsSpan(start, count), bT.AsSpan(start, count), cT.AsSpan(start, count)), maxDegreeOfParallelism);
        done?.Invoke("A, B, C on the domain");

        // Built for this proof, not taken from the process-wide cache: its twiddle tables (over 2 MB
        // at 2^17) then go with the reduction's other buffers, before the MSMs (a few ms to rebuild).
        var domain = new EvaluationDomain<Fr>(BitOperations.Log2((uint)n));
        var shift = domain.OddCosetShift;
        // The three transforms are independent; each is parallel inside from 2^12 points on.
        Parallel.Invoke(
            options,
            () => domain.ExtendToCoset(aT, shift, maxDegreeOfParallelism),
            () => domain.ExtendToCoset(bT, shift, maxDegreeOfParallelism),
            () => domain.ExtendToCoset(cT, shift, maxDegreeOfParallelism));

        done?.Invoke("NTTs (3 x inverse, coset forward)");
        ParallelChunks.For(n, PointwiseChunk, (start, count) =>
        {
            var ab = aT.AsSpan(start, count);
            Fr.MulMany(ab, bT.AsSpan(start, count), ab);
            var c = cT.AsSpan(start, count);
            for (var i = 0; i < ab.Length; i++) Fr.Sub(ab[i], c[i], out ab[i]);
        }, maxDegreeOfParallelism);
        done?.Invoke("h = A B - C on the coset");
        return aT;
    }

    /// <summary>Elements per work item of the pointwise steps (C_T = A_T B_T, h = A B - C).</summary>
    private const int PointwiseChunk = 1 << 12;

    /// <summary>target[constraint] += value * witness[signal] over the coefficients of matrix A (or of B).</summary>
    private static void Accumulate(QapCoefficient[] coefficients, bool matrixA, ReadOnlySpan<Fr> witness, Fr[] target)
    {
        foreach (var coefficient in coefficients)
        {
            if ((coefficient.Matrix == 0) != matrixA) continue;
            Fr.Mul(coefficient.Value, witness[coefficient.Signal], out var term);
            Fr.Add(target[coefficient.Constraint], term, out target[coefficient.Constraint]);
        }
    }
}

using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
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

/// <summary>Which proofs of a batch verify, found by <see cref="Verifier.VerifyBatch(VerificationKey, IReadOnlyList{CheckedStatement})"/>.</summary>
/// <param name="Valid">Valid[i] is whether proof i verifies on its own.</param>
/// <param name="PairingChecks">How many multi-pairing checks the batch and its bisection took.</param>
public sealed record BatchVerdict(bool[] Valid, int PairingChecks)
{
    public bool AllValid => Valid.All(v => v);
    public IEnumerable<int> Invalid => Valid.Select((v, i) => (v, i)).Where(t => !t.v).Select(t => t.i);
}

/// <summary>
/// A proof and its public inputs that passed every check a verifier makes before a pairing,
/// under one key (<see cref="Verifier.Check"/>): the inputs reduced to F_r, A and C on the curve,
/// B in G2. Only the verifier makes one, so holding one is the proof that the checks were made.
/// </summary>
public sealed class CheckedStatement
{
    internal CheckedStatement(VerificationKey key, Proof proof, Fr[] inputs, string name)
    {
        Verifier.CheckProof(proof, name);
        Key = key;
        Proof = proof;
        Inputs = inputs;
    }

    internal VerificationKey Key { get; }
    public Proof Proof { get; }
    internal Fr[] Inputs { get; }
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
    /// <remarks>
    /// What depends on the key alone is done once per key object (<see cref="PreparedKey"/>): the
    /// checks of alpha, beta, gamma and delta, e(alpha, beta), the Miller loop lines of gamma
    /// and delta, and the IC points' multiples tables. A proof then costs the G2 membership test
    /// of B, vk_x, one Miller loop of (-A, B) with the two prepared pairs riding along, and the
    /// final exponentiation.
    /// </remarks>
    public static bool Verify(VerificationKey key, IReadOnlyList<BigInteger> publicInputs, Proof proof)
    {
        var prepared = CheckKey(key);
        var x = CheckInputs(key, publicInputs);
        CheckProof(proof, "proof");
        return CheckOne(key, prepared, x, proof);
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
    /// <remarks>
    /// Where the time goes, per proof: the G2 membership test of B_j (<see cref="G2Curve.IsInSubgroup"/>),
    /// the 128-bit product r_j A_j, and the pair's share of the Miller loop (its lines and their
    /// products into the accumulator); sum r_j C_j is one multi-scalar multiplication
    /// (<see cref="Msm"/>), and the final exponentiation is paid once. The point checks and the
    /// Miller loop run on every core: the proofs are cut into a few chunks per core, each chunk's
    /// Miller functions multiplied into its own accumulator, and the partial products multiplied
    /// before the one final exponentiation (the Miller loop of a product of pairings is the
    /// product of the Miller loops of its parts). The products r_j A_j of a chunk are made affine
    /// together, with one inversion (<see cref="JacobianPoint{TField, TCurve}.BatchToAffine"/>).
    /// </remarks>
    public static BatchVerdict VerifyBatch(VerificationKey key, IReadOnlyList<(Proof Proof, IReadOnlyList<BigInteger> PublicInputs)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var prepared = CheckKey(key);
        var statements = new CheckedStatement[items.Count];
        // Every proof is checked whole, in index order within a chunk, and ParallelChunks rethrows
        // the lowest chunk's failure: the error names the first malformed proof, as a serial loop would.
        ParallelChunks.For(items.Count, ChunkSize(items.Count, MinimumChecksPerChunk), (first, length) =>
        {
            for (var j = first; j < first + length; j++)
                statements[j] = new CheckedStatement(key, items[j].Proof, CheckInputs(key, items[j].PublicInputs, j), $"proof {j}");
        });
        return VerifyChecked(key, prepared, statements);
    }

    /// <summary>
    /// <see cref="VerifyBatch(VerificationKey, IReadOnlyList{ValueTuple{Proof, IReadOnlyList{BigInteger}}})"/>
    /// over statements already checked under <paramref name="key"/> (<see cref="Check"/>): a caller
    /// that sets malformed statements aside first (an auditor, batchverify) pays for the point
    /// checks once.
    /// </summary>
    /// <exception cref="ArgumentException">A statement was checked under another key.</exception>
    public static BatchVerdict VerifyBatch(VerificationKey key, IReadOnlyList<CheckedStatement> statements)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var prepared = CheckKey(key);
        for (var j = 0; j < statements.Count; j++)
            if (!ReferenceEquals(statements[j].Key, key))
                throw new ArgumentException($"statement {j} was checked under another verification key", nameof(statements));
        return VerifyChecked(key, prepared, statements);
    }

    private static BatchVerdict VerifyChecked(VerificationKey key, PreparedKey prepared, IReadOnlyList<CheckedStatement> statements)
    {
        var count = statements.Count;
        var inputs = new Fr[count][];
        var proofs = new Proof[count];
        for (var j = 0; j < count; j++)
        {
            inputs[j] = statements[j].Inputs;
            proofs[j] = statements[j].Proof;
        }
        var valid = new bool[count];
        var checks = 0;
        Bisect(0, count);
        return new BatchVerdict(valid, checks);

        void Bisect(int start, int length)
        {
            if (length == 0) return;
            checks++;
            var ok = length == 1
                ? CheckOne(key, prepared, inputs[start], proofs[start])
                : CheckCombined(key, proofs.AsSpan(start, length), inputs.AsSpan(start, length));
            if (ok)
            {
                Array.Fill(valid, true, start, length);
                return;
            }
            if (length == 1) return;
            var half = length / 2;
            Bisect(start, half);
            Bisect(start + half, length - half);
        }
    }

    /// <summary>Below this many proofs a chunk of point checks is not worth a task of its own.</summary>
    private const int MinimumChecksPerChunk = 16;

    /// <summary>Below this many pairs a share of the Miller loop is not worth its own accumulator (64 F_p12 squarings).</summary>
    private const int MinimumPairsPerChunk = 32;

    /// <summary>
    /// Chunks per core: more than one, so that a core slowed by other work (a shared machine) hands
    /// its remaining chunks to the others instead of holding up the batch; few, since each Miller
    /// loop chunk costs 64 F_p12 squarings of its own (a few percent of one pair's share each).
    /// </summary>
    private const int ChunksPerCore = 4;

    /// <summary>count cut into <see cref="ChunksPerCore"/> chunks per core, but no chunk under <paramref name="minimum"/> (and never zero).</summary>
    private static int ChunkSize(int count, int minimum)
    {
        var chunks = ChunksPerCore * Environment.ProcessorCount;
        return Math.Max(minimum, (count + chunks - 1) / chunks);
    }

    /// <summary>
    /// e(-A, B) e(vk_x, gamma) e(C, delta) = e(alpha, beta)^-1, the check of <see cref="Verify"/>
    /// with the key's part prepared: one Miller loop, gamma's and delta's lines read from
    /// <paramref name="prepared"/>, and one final exponentiation compared with the stored value.
    /// </summary>
    private static bool CheckOne(VerificationKey key, PreparedKey prepared, Fr[] x, Proof proof)
    {
        var f = Bn254Pairing.MillerLoop(
            [proof.A.Negate()], [proof.B],
            [LinearCombinationOfIC(key, prepared, x).ToAffine(), proof.C], [prepared.Gamma, prepared.Delta]);
        return Bn254Pairing.FinalExponentiation(f).Equals(prepared.AlphaBetaInverse);
    }

    private static bool CheckCombined(VerificationKey key, ReadOnlySpan<Proof> proofs, ReadOnlySpan<Fr[]> inputs)
    {
        var count = proofs.Length;
        var (a, b, r) = RandomScalars(count);

        // sum_j r_j vk_x_j = (sum r_j) IC[0] + sum_i (sum_j r_j x_ji) IC[i]
        var rSum = Fr.Zero;
        var icWeights = new Fr[key.IC.Length];
        // sum_j r_j C_j = sum_j a_j C_j + b_j phi(C_j): 2n points with 64-bit scalars, as cheap as n with 128-bit ones.
        var c = new G1Affine[2 * count];
        var cScalars = new Fr[2 * count];
        for (var j = 0; j < count; j++)
        {
            Fr.Add(rSum, r[j], out rSum);
            for (var i = 0; i < inputs[j].Length; i++)
            {
                Fr.Mul(r[j], inputs[j][i], out var w);
                Fr.Add(icWeights[i + 1], w, out icWeights[i + 1]);
            }
            var cj = proofs[j].C;
            c[j] = cj;
            c[count + j] = cj.IsInfinity ? cj : new G1Affine(cj.X * Bn254Endomorphisms.Beta, cj.Y);
            cScalars[j] = Fr.FromUInt64(a[j]);
            cScalars[count + j] = Fr.FromUInt64(b[j]);
        }
        icWeights[0] = rSum;

        // prod_j e(-r_j A_j, B_j): one Miller loop per chunk, on every core.
        var pairs = proofs.ToArray();
        var chunkSize = ChunkSize(count, MinimumPairsPerChunk);
        var partial = new Fq12[(count + chunkSize - 1) / chunkSize];
        ParallelChunks.For(count, chunkSize, (first, length) =>
        {
            var scaled = new G1Jacobian[length];
            var pointsB = new G2Affine[length];
            for (var j = 0; j < length; j++)
            {
                scaled[j] = ScalarMultiplication.MultiplyGlvHalves(pairs[first + j].A.ToJacobian(), a[first + j], b[first + j]).Negate();
                pointsB[j] = pairs[first + j].B;
            }
            var pointsA = new G1Affine[length];
            G1Jacobian.BatchToAffine(scaled, pointsA);
            partial[first / chunkSize] = Bn254Pairing.MillerLoop(pointsA, pointsB);
        });

        var cSum = Msm.Multiply<Fq, G1Curve>(c, cScalars);
        var vkX = Msm.Multiply<Fq, G1Curve>(key.IC, icWeights);
        var f = Bn254Pairing.MillerLoop(
            [Bn254ScalarMultiplication.Multiply(key.Alpha1, rSum).ToAffine(), vkX.ToAffine(), cSum.ToAffine()],
            [key.Beta2, key.Gamma2, key.Delta2]);
        foreach (var share in partial) Fq12.Mul(f, share, out f);
        return Bn254Pairing.FinalExponentiation(f).IsOne;
    }

    /// <summary>lambda of G1's endomorphism phi (phi(P) = lambda P), as an element of F_r.</summary>
    private static readonly Fr Lambda = Fr.FromBigInteger(Bn254Endomorphisms.G1Lambda % Fr.Modulus);

    /// <summary>
    /// The batch's random scalars r_j = a_j + b_j lambda, with a_j and b_j independent uniform
    /// 64-bit integers from <see cref="RandomNumberGenerator"/> (not both zero), so that r_j A_j
    /// is a 64-bit double-scalar multiplication by GLV (<see cref="ScalarMultiplication.MultiplyGlvHalves{TField, TCurve}"/>).
    /// </summary>
    /// <remarks>
    /// As sound as 128-bit scalars. The map (a, b) -> a + b lambda (mod r) is injective on
    /// [0, 2^64)^2: two pairs with the same image differ by a non-zero vector of the lattice
    /// {(u, v) : u + v lambda = 0 mod r} with both entries below 2^64, and that lattice (GLV's,
    /// determinant r) has a reduced basis of two nearly orthogonal vectors about 2^127 long, so no
    /// such short vector (a test reduces the lattice and checks its shortest vector). So r_j is
    /// uniform on 2^128 - 1 field elements; a false proof j contributes a non-trivial factor
    /// z_j^(r_j) in G_T, and with the other scalars fixed, at most one value of r_j cancels the
    /// rest: a batch holding a false proof passes with probability at most 2^-128.
    /// </remarks>
    private static (ulong[] A, ulong[] B, Fr[] R) RandomScalars(int count)
    {
        var bytes = new byte[16 * count];
        RandomNumberGenerator.Fill(bytes);
        var a = new ulong[count];
        var b = new ulong[count];
        var r = new Fr[count];
        for (var j = 0; j < count; j++)
        {
            a[j] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16 * j));
            b[j] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16 * j + 8));
            // A zero r_j would drop proof j from the check.
            if (a[j] == 0 && b[j] == 0) a[j] = 1;
            Fr.Mul(Fr.FromUInt64(b[j]), Lambda, out var bLambda);
            Fr.Add(Fr.FromUInt64(a[j]), bLambda, out r[j]);
        }
        return (a, b, r);
    }

    /// <summary>
    /// IC[0] + sum_i x_i IC[i + 1], the products interleaved over one chain of doublings with the
    /// IC points' tables kept in <paramref name="prepared"/> (<see cref="ScalarMultiplication.MultiplyManyGlv{TField, TCurve}(GlvTables{TField, TCurve}, ReadOnlySpan{ulong})"/>).
    /// </summary>
    private static G1Jacobian LinearCombinationOfIC(VerificationKey key, PreparedKey prepared, Fr[] x)
    {
        Span<ulong> limbs = x.Length <= 64 ? stackalloc ulong[4 * x.Length] : new ulong[4 * x.Length];
        for (var i = 0; i < x.Length; i++) x[i].ToCanonicalLimbs(limbs.Slice(4 * i, 4));
        var sum = ScalarMultiplication.MultiplyManyGlv(prepared.InputTables(key), limbs);
        G1Jacobian.AddMixed(sum, key.IC[0], out sum);
        return sum;
    }

    /// <summary>
    /// Checks the key (its points on their curves, the G2 ones in G2, not degenerate) and returns
    /// what verifying under it needs of it alone. The key's alpha, beta, gamma and delta are
    /// init-only members of an immutable record, so their checks and what is derived from them are
    /// made once per key object and kept while the object lives; the IC array, which could be
    /// written to, is checked every time.
    /// </summary>
    internal static PreparedKey CheckKey(VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.IC.Length == 0)
            throw new MalformedStatementException("the verification key has no IC points");
        if (!Prepared.TryGetValue(key, out var prepared))
        {
            CheckG1(key.Alpha1, "key alpha");
            CheckG2(key.Beta2, "key beta");
            CheckG2(key.Gamma2, "key gamma");
            CheckG2(key.Delta2, "key delta");
        }
        for (var i = 0; i < key.IC.Length; i++) CheckG1(key.IC[i], $"key IC[{i}]");
        DegenerateKeys.Refuse(key);
        if (prepared is null)
        {
            prepared = new PreparedKey(key);
            Prepared.AddOrUpdate(key, prepared);
        }
        return prepared;
    }

    /// <summary>Keys whose alpha, beta, gamma and delta passed <see cref="CheckKey"/>, with what was derived from them.</summary>
    private static readonly ConditionalWeakTable<VerificationKey, PreparedKey> Prepared = new();

    /// <summary>
    /// What a verification depends on of the key alone: e(alpha, beta)^-1 (its conjugate, since it
    /// lies in the order-r subgroup of the unit circle), gamma's and delta's Miller loop lines
    /// (<see cref="Bn254Pairing.Prepare"/>), and the tables of the public inputs' IC points
    /// (<see cref="GlvTables{TField, TCurve}"/>). Made by <see cref="CheckKey"/>, after the checks.
    /// </summary>
    internal sealed class PreparedKey
    {
        public PreparedKey(VerificationKey key)
        {
            Fq12.Conjugate(Bn254Pairing.Pair(key.Alpha1, key.Beta2), out var inverse);
            AlphaBetaInverse = inverse;
            Gamma = Bn254Pairing.Prepare(key.Gamma2);
            Delta = Bn254Pairing.Prepare(key.Delta2);
        }

        public Fq12 AlphaBetaInverse { get; }
        public G2Prepared Gamma { get; }
        public G2Prepared Delta { get; }

        /// <summary>
        /// The tables of IC[1..]: those made for the points the array holds now. The array can be
        /// written to, so the tables keep a copy of the points they were made of and are made
        /// again when the array no longer matches it (a comparison, against a table's build).
        /// </summary>
        public GlvTables<Fq, G1Curve> InputTables(VerificationKey key)
        {
            var inputs = key.IC.AsSpan(1);
            var tables = _inputTables;
            if (tables is null || !tables.AreOf(inputs))
            {
                tables = ScalarMultiplication.PrepareGlvTables(inputs);
                _inputTables = tables;
            }
            return tables;
        }

        private volatile GlvTables<Fq, G1Curve>? _inputTables;
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
    /// The checks <see cref="Verify"/> and <see cref="VerifyBatch(VerificationKey, IReadOnlyList{ValueTuple{Proof, IReadOnlyList{BigInteger}}})"/>
    /// make before any pairing (inputs in [0, r) and as many as the key takes, A and C on the
    /// curve, B in G2), as a value: a caller with many statements sets the malformed ones aside
    /// and verifies the rest with <see cref="VerifyBatch(VerificationKey, IReadOnlyList{CheckedStatement})"/>
    /// without checking the points twice.
    /// </summary>
    /// <exception cref="MalformedStatementException">What cannot be checked, and where.</exception>
    public static CheckedStatement Check(VerificationKey key, IReadOnlyList<BigInteger> publicInputs, Proof proof)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(publicInputs);
        ArgumentNullException.ThrowIfNull(proof);
        return new CheckedStatement(key, proof, CheckInputs(key, publicInputs), "proof");
    }

    internal static void CheckProof(Proof proof, string name)
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

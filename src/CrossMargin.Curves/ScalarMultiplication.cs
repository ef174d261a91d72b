using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using CrossMargin.Field;

namespace CrossMargin.Curves;

/// <summary>
/// Scalar multiplication k P for any curve of <see cref="ICurve{TField, TSelf}"/>: width-w NAF
/// double-and-add, and its GLV/GLS form that splits k in two halves of half the length and
/// interleaves them over P and phi(P). <see cref="JacobianPoint{TField, TCurve}.MultiplyPlain"/>
/// is the plain twin both are tested against.
/// </summary>
/// <remarks>
/// <para>
/// Width-w NAF (Hankerson, Menezes, Vanstone, "Guide to Elliptic Curve Cryptography",
/// algorithms 3.35 and 3.36): write k = sum d_i 2^i with every non-zero digit odd, |d_i| &lt; 2^(w-1),
/// and any w consecutive digits holding at most one non-zero. Precompute P, 3P, ..., (2^(w-1)-1)P;
/// then scan the digits from the top, doubling each step and adding (or subtracting, negation
/// being free) the table entry for a non-zero digit. On average one addition per w+1 bits instead
/// of one per two bits.
/// </para>
/// <para>
/// Interleaving (Guide, algorithm 3.51; Gallant, Lambert, Vanstone 2001): for k = k1 + k2 lambda
/// with phi(P) = lambda P, k P = k1 P + k2 phi(P); the two NAFs share one run of doublings, of
/// length about log2(n)/2. The table for phi(P) is phi applied to the table for P, which costs
/// one F_q multiplication per entry for BN254's G1.
/// </para>
/// <para>
/// Width 5 (tables of 8 points) minimises doublings + additions + table building for 128- and
/// 256-bit scalars. A single product keeps its tables in Jacobian coordinates: normalising them
/// to affine for the cheaper mixed addition would need an inversion, which costs more than it
/// saves. Fixed points multiplied again and again keep wider tables, made affine once
/// (<see cref="GlvTables{TField, TCurve}"/>), so that their entries go in by mixed addition. Not
/// constant time.
/// </para>
/// </remarks>
public static class ScalarMultiplication
{
    /// <summary>The NAF width w.</summary>
    internal const int Width = 5;

    /// <summary>Entries of an odd-multiples table: P, 3P, ..., (2^(w-1) - 1)P.</summary>
    internal const int TableSize = 1 << (Width - 2);

    /// <summary>
    /// The NAF width of <see cref="GlvTables{TField, TCurve}"/>: tables built once can be wider,
    /// 32 entries where a product's own have 8, for one addition per 8 bits instead of per 6.
    /// </summary>
    internal const int GlvTablesWidth = 7;

    /// <summary>
    /// k P by width-5 NAF, for any point of the curve (in the subgroup or not) and a non-negative
    /// k given as little-endian 64-bit limbs, of any length.
    /// </summary>
    [SkipLocalsInit]
    public static JacobianPoint<TField, TCurve> MultiplyWnaf<TField, TCurve>(in JacobianPoint<TField, TCurve> p, ReadOnlySpan<ulong> k)
        where TField : struct, IField<TField>
        where TCurve : struct, ICurve<TField, TCurve>
    {
        var digitCapacity = k.Length * 64 + 1;
        var digits = digitCapacity <= 1024 ? stackalloc sbyte[digitCapacity] : new sbyte[digitCapacity];
        var length = ComputeWnaf(k, digits);
        if (length == 0 || p.IsInfinity) return JacobianPoint<TField, TCurve>.Infinity;

        var table = new OddMultiples<TField, TCurve>();
        BuildTable(p, ref table);
        var acc = JacobianPoint<TField, TCurve>.Infinity;
        for (var i = length - 1; i >= 0; i--)
        {
            JacobianPoint<TField, TCurve>.Double(acc, out acc);
            AddDigit(ref acc, ref table, digits[i]);
        }
        return acc;
    }

    /// <summary>k P by width-5 NAF for any integer k (a negative k multiplies -P).</summary>
    public static JacobianPoint<TField, TCurve> MultiplyWnaf<TField, TCurve>(in JacobianPoint<TField, TCurve> p, BigInteger k)
        where TField : struct, IField<TField>
        where TCurve : struct, ICurve<TField, TCurve>
    {
        if (k.Sign < 0) return MultiplyWnaf(p.Negate(), -k);
        var limbs = new ulong[((int)k.GetBitLength() + 63) / 64];
        for (var i = 0; i < limbs.Length; i++) limbs[i] = (ulong)((k >> (64 * i)) & ulong.MaxValue);
        return MultiplyWnaf(p, limbs);
    }

    /// <summary>
    /// k P by the GLV method: split k = k1 + k2 lambda with the curve's decomposition, then
    /// interleave the width-5 NAFs of k1 over P and of k2 over phi(P). k is any integer below
    /// 2^256, as little-endian limbs (at most four).
    /// </summary>
    /// <remarks>
    /// Correct only where phi acts as lambda: on the prime-order subgroup. For BN254's G1 that is
    /// every point of the curve; for G2, every point a decoder accepted (they check the subgroup).
    /// For an arbitrary point of the twist use <see cref="MultiplyWnaf{TField, TCurve}(in JacobianPoint{TField, TCurve}, ReadOnlySpan{ulong})"/>.
    /// </remarks>
    [SkipLocalsInit]
    public static JacobianPoint<TField, TCurve> MultiplyGlv<TField, TCurve>(in JacobianPoint<TField, TCurve> p, ReadOnlySpan<ulong> k)
        where TField : struct, IField<TField>
        where TCurve : struct, IEndomorphismCurve<TField, TCurve>
    {
        if (p.IsInfinity) return JacobianPoint<TField, TCurve>.Infinity;
        var halves = TCurve.Decomposition.Decompose(k);
        return MultiplyHalves(p, [(ulong)halves.K1, (ulong)(halves.K1 >> 64)], halves.K1IsNegative,
            [(ulong)halves.K2, (ulong)(halves.K2 >> 64)], halves.K2IsNegative);
    }

    /// <summary>
    /// k1 P + k2 phi(P) = (k1 + k2 lambda) P for a scalar already split: the GLV interleaving of
    /// <see cref="MultiplyGlv{TField, TCurve}"/> without the decomposition, for a caller that draws
    /// its scalar in that form (a batch verifier's random k1 + k2 lambda with 64-bit halves: 64
    /// doublings where a 128-bit scalar's halves would need 127). Same domain as MultiplyGlv.
    /// </summary>
    public static JacobianPoint<TField, TCurve> MultiplyGlvHalves<TField, TCurve>(in JacobianPoint<TField, TCurve> p, ulong k1, ulong k2)
        where TField : struct, IField<TField>
        where TCurve : struct, IEndomorphismCurve<TField, TCurve> =>
        p.IsInfinity ? JacobianPoint<TField, TCurve>.Infinity : MultiplyHalves(p, [k1, 0], false, [k2, 0], false);

    /// <summary>
    /// sum_i k_i P_i for a few points (a verification key's public-input points): every k_i split
    /// by GLV, and all 2n width-5 NAFs interleaved over one chain of doublings, Straus's method as
    /// Moller's interleaving (Guide to Elliptic Curve Cryptography, algorithm 3.51): about 128
    /// doublings in all, where n products one by one take 128 each. The scalars are canonical
    /// little-endian limbs, four a point (below 2^256). For hundreds of points and more,
    /// <see cref="Msm"/> is faster. Same domain as <see cref="MultiplyGlv{TField, TCurve}"/>.
    /// </summary>
    /// <remarks>
    /// Each call builds width-5 tables of its own, in Jacobian coordinates. A caller that
    /// multiplies the same points again and again keeps wider affine tables instead
    /// (<see cref="PrepareGlvTables{TField, TCurve}"/>) and calls
    /// <see cref="MultiplyManyGlv{TField, TCurve}(GlvTables{TField, TCurve}, ReadOnlySpan{ulong})"/>:
    /// for seven points, about 0.18 ms a product against 0.27-0.32 ms here, for a build of about 0.3 ms.
    /// </remarks>
    /// <exception cref="ArgumentException">The scalars are not four limbs a point.</exception>
    public static JacobianPoint<TField, TCurve> MultiplyManyGlv<TField, TCurve>(ReadOnlySpan<AffinePoint<TField, TCurve>> points, ReadOnlySpan<ulong> canonicalScalars)
        where TField : struct, IField<TField>
        where TCurve : struct, IEndomorphismCurve<TField, TCurve>
    {
        if (canonicalScalars.Length != 4L * points.Length)
            throw new ArgumentException($"{canonicalScalars.Length} scalar limbs for {points.Length} points (4 limbs a scalar)", nameof(canonicalScalars));
        var terms = new GlvTerm<TField, TCurve>[2 * points.Length];
        var count = 0;
        for (var i = 0; i < points.Length; i++)
        {
            if (points[i].IsInfinity) continue;
            var halves = TCurve.Decomposition.Decompose(canonicalScalars.Slice(4 * i, 4));
            AddTerms(terms, ref count, points[i].ToJacobian(), [(ulong)halves.K1, (ulong)(halves.K1 >> 64)], halves.K1IsNegative,
                [(ulong)halves.K2, (ulong)(halves.K2 >> 64)], halves.K2IsNegative);
        }
        return Interleave<TField, TCurve>(terms.AsSpan(0, count));
    }

    /// <summary>
    /// The affine odd-multiples tables of <paramref name="points"/> and of their endomorphism
    /// images, for <see cref="MultiplyManyGlv{TField, TCurve}(GlvTables{TField, TCurve}, ReadOnlySpan{ulong})"/>:
    /// built in Jacobian coordinates and made affine together, with one inversion.
    /// </summary>
    public static GlvTables<TField, TCurve> PrepareGlvTables<TField, TCurve>(ReadOnlySpan<AffinePoint<TField, TCurve>> points)
        where TField : struct, IField<TField>
        where TCurve : struct, IEndomorphismCurve<TField, TCurve>
    {
        const int size = GlvTables<TField, TCurve>.TableSize;
        var jacobian = new JacobianPoint<TField, TCurve>[GlvTables<TField, TCurve>.EntriesPerPoint * points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            var table = jacobian.AsSpan(GlvTables<TField, TCurve>.EntriesPerPoint * i, GlvTables<TField, TCurve>.EntriesPerPoint);
            if (points[i].IsInfinity)
            {
                table.Fill(JacobianPoint<TField, TCurve>.Infinity);
                continue;
            }
            table[0] = points[i].ToJacobian();
            JacobianPoint<TField, TCurve>.Double(table[0], out var twoP);
            for (var k = 1; k < size; k++) JacobianPoint<TField, TCurve>.Add(table[k - 1], twoP, out table[k]);
            for (var k = 0; k < size; k++) TCurve.Endomorphism(table[k], out table[size + k]);
        }
        var entries = new AffinePoint<TField, TCurve>[jacobian.Length];
        JacobianPoint<TField, TCurve>.BatchToAffine(jacobian, entries);
        return new GlvTables<TField, TCurve>([.. points], entries);
    }

    /// <summary>
    /// <see cref="MultiplyManyGlv{TField, TCurve}(ReadOnlySpan{AffinePoint{TField, TCurve}}, ReadOnlySpan{ulong})"/>
    /// over prepared tables: the table entries go in by mixed addition (7M + 4S, against 11M + 5S
    /// for Jacobian entries), and no table is built.
    /// </summary>
    /// <exception cref="ArgumentException">The scalars are not four limbs a point of the tables.</exception>
    public static JacobianPoint<TField, TCurve> MultiplyManyGlv<TField, TCurve>(GlvTables<TField, TCurve> tables, ReadOnlySpan<ulong> canonicalScalars)
        where TField : struct, IField<TField>
        where TCurve : struct, IEndomorphismCurve<TField, TCurve>
    {
        ArgumentNullException.ThrowIfNull(tables);
        var count = tables.Points.Length;
        if (canonicalScalars.Length != 4L * count)
            throw new ArgumentException($"{canonicalScalars.Length} scalar limbs for {count} points (4 limbs a scalar)", nameof(canonicalScalars));
        var terms = new AffineGlvTerm[2 * count];
        var termCount = 0;
        var length = 0;
        for (var i = 0; i < count; i++)
        {
            if (tables.Points[i].IsInfinity) continue;
            var halves = TCurve.Decomposition.Decompose(canonicalScalars.Slice(4 * i, 4));
            var first = GlvTables<TField, TCurve>.EntriesPerPoint * i;
            length = Math.Max(length, AddAffineTerm(ref terms[termCount++], [(ulong)halves.K1, (ulong)(halves.K1 >> 64)], halves.K1IsNegative, first));
            length = Math.Max(length, AddAffineTerm(ref terms[termCount++], [(ulong)halves.K2, (ulong)(halves.K2 >> 64)], halves.K2IsNegative, first + GlvTables<TField, TCurve>.TableSize));
        }
        var entries = tables.Entries;
        var acc = JacobianPoint<TField, TCurve>.Infinity;
        for (var i = length - 1; i >= 0; i--)
        {
            JacobianPoint<TField, TCurve>.Double(acc, out acc);
            foreach (ref readonly var term in terms.AsSpan(0, termCount))
            {
                if (i >= term.Length) continue;
                var digit = term.Digits[i];
                if (digit > 0) JacobianPoint<TField, TCurve>.AddMixed(acc, entries[term.Table + (digit >> 1)], out acc);
                else if (digit < 0) JacobianPoint<TField, TCurve>.AddMixed(acc, entries[term.Table + (-digit >> 1)].Negate(), out acc);
            }
        }
        return acc;
    }

    /// <summary>One term k Q of <see cref="MultiplyManyGlv{TField, TCurve}(GlvTables{TField, TCurve}, ReadOnlySpan{ulong})"/>: k's digits, and where Q's table starts; returns the digits' count.</summary>
    private static int AddAffineTerm(ref AffineGlvTerm term, ReadOnlySpan<ulong> k, bool kIsNegative, int table)
    {
        term.Length = ComputeWnaf(k, term.Digits, GlvTablesWidth);
        if (kIsNegative) NegateDigits(term.Digits[..term.Length]);
        term.Table = table;
        return term.Length;
    }

    /// <summary>k1 P + k2 phi(P) for |k1|, |k2| below 2^128 (two limbs each, with their signs): the width-5 NAFs interleaved.</summary>
    private static JacobianPoint<TField, TCurve> MultiplyHalves<TField, TCurve>(in JacobianPoint<TField, TCurve> p,
        ReadOnlySpan<ulong> k1, bool k1IsNegative, ReadOnlySpan<ulong> k2, bool k2IsNegative)
        where TField : struct, IField<TField>
        where TCurve : struct, IEndomorphismCurve<TField, TCurve>
    {
        // On the stack: a product by one scalar allocates nothing.
        var terms = new TwoGlvTerms<TField, TCurve>();
        var count = 0;
        AddTerms(terms, ref count, p, k1, k1IsNegative, k2, k2IsNegative);
        return Interleave<TField, TCurve>(terms);
    }

    /// <summary>The terms k1 P and k2 phi(P): their digits and odd-multiples tables.</summary>
    private static void AddTerms<TField, TCurve>(Span<GlvTerm<TField, TCurve>> terms, ref int count, in JacobianPoint<TField, TCurve> p,
        ReadOnlySpan<ulong> k1, bool k1IsNegative, ReadOnlySpan<ulong> k2, bool k2IsNegative)
        where TField : struct, IField<TField>
        where TCurve : struct, IEndomorphismCurve<TField, TCurve>
    {
        ref var first = ref terms[count++];
        ref var second = ref terms[count++];
        first.Length = ComputeWnaf(k1, first.Digits);
        second.Length = ComputeWnaf(k2, second.Digits);
        if (k1IsNegative) NegateDigits(first.Digits[..first.Length]);
        if (k2IsNegative) NegateDigits(second.Digits[..second.Length]);
        BuildTable(p, ref first.Table);
        for (var i = 0; i < TableSize; i++) TCurve.Endomorphism(first.Table[i], out second.Table[i]);
    }

    /// <summary>sum of the terms: one doubling a digit position, each term adding its digit's table entry.</summary>
    private static JacobianPoint<TField, TCurve> Interleave<TField, TCurve>(Span<GlvTerm<TField, TCurve>> terms)
        where TField : struct, IField<TField>
        where TCurve : struct, ICurve<TField, TCurve>
    {
        var length = 0;
        foreach (ref readonly var term in terms) length = Math.Max(length, term.Length);
        var acc = JacobianPoint<TField, TCurve>.Infinity;
        for (var i = length - 1; i >= 0; i--)
        {
            JacobianPoint<TField, TCurve>.Double(acc, out acc);
            foreach (ref var term in terms)
                if (i < term.Length) AddDigit(ref acc, ref term.Table, term.Digits[i]);
        }
        return acc;
    }

    /// <summary>
    /// The width-w NAF digits (w = <paramref name="width"/>, 2..7) of the non-negative integer in
    /// <paramref name="scalar"/> (limbs little-endian), least significant first; returns how many
    /// (0 for k = 0). digits needs room for 64 * limbs + 1.
    /// </summary>
    /// <remarks>
    /// Guide, algorithm 3.35: while k &gt; 0, if k is odd take d = k mods 2^w (the residue in
    /// (-2^(w-1), 2^(w-1)]) and subtract it, which makes k divisible by 2^w; then halve k.
    /// </remarks>
    [SkipLocalsInit]
    internal static int ComputeWnaf(ReadOnlySpan<ulong> scalar, Span<sbyte> digits, int width = Width)
    {
        Debug.Assert(width is >= 2 and <= 7, "digits below 2^6 fit a signed byte");
        // One spare limb takes the carry when a negative digit is subtracted from a k near 2^(64m).
        var k = scalar.Length <= 16 ? stackalloc ulong[scalar.Length + 1] : new ulong[scalar.Length + 1];
        scalar.CopyTo(k);
        k[^1] = 0;
        var top = k.Length - 1;
        while (top >= 0 && k[top] == 0) top--;

        var window = 1 << width;
        var count = 0;
        while (top >= 0)
        {
            sbyte digit = 0;
            if ((k[0] & 1) != 0)
            {
                var d = (int)(k[0] & (ulong)(window - 1));
                if (d >= window / 2) d -= window;
                digit = (sbyte)d;
                if (d > 0)
                {
                    SubtractSmall(k, (ulong)d);
                }
                else
                {
                    AddSmall(k, (ulong)(-d));
                    if (top + 1 < k.Length && k[top + 1] != 0) top++;
                }
            }
            Debug.Assert(count < digits.Length, "digits span too short");
            digits[count++] = digit;
            ShiftRightOne(k[..(top + 1)]);
            while (top >= 0 && k[top] == 0) top--;
        }
        return count;
    }

    /// <summary>table[i] = (2i + 1) P.</summary>
    private static void BuildTable<TField, TCurve>(in JacobianPoint<TField, TCurve> p, ref OddMultiples<TField, TCurve> table)
        where TField : struct, IField<TField>
        where TCurve : struct, ICurve<TField, TCurve>
    {
        table[0] = p;
        JacobianPoint<TField, TCurve>.Double(p, out var twoP);
        for (var i = 1; i < TableSize; i++) JacobianPoint<TField, TCurve>.Add(table[i - 1], twoP, out table[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddDigit<TField, TCurve>(ref JacobianPoint<TField, TCurve> acc, ref OddMultiples<TField, TCurve> table, sbyte digit)
        where TField : struct, IField<TField>
        where TCurve : struct, ICurve<TField, TCurve>
    {
        if (digit > 0) JacobianPoint<TField, TCurve>.Add(acc, table[digit >> 1], out acc);
        else if (digit < 0) JacobianPoint<TField, TCurve>.Add(acc, table[-digit >> 1].Negate(), out acc);
    }

    private static void NegateDigits(Span<sbyte> digits)
    {
        for (var i = 0; i < digits.Length; i++) digits[i] = (sbyte)-digits[i];
    }

    private static void SubtractSmall(Span<ulong> k, ulong d)
    {
        var before = k[0];
        k[0] = before - d;
        if (before >= d) return;
        for (var i = 1; i < k.Length && k[i]-- == 0; i++) { }
    }

    private static void AddSmall(Span<ulong> k, ulong d)
    {
        var sum = k[0] + d;
        k[0] = sum;
        if (sum >= d) return;
        for (var i = 1; i < k.Length && ++k[i] == 0; i++) { }
    }

    private static void ShiftRightOne(Span<ulong> k)
    {
        for (var i = 0; i < k.Length - 1; i++) k[i] = (k[i] >> 1) | (k[i + 1] << 63);
        k[^1] >>= 1;
    }
}

/// <summary>An inline buffer for one odd-multiples table, so that scalar multiplication does not allocate.</summary>
[InlineArray(ScalarMultiplication.TableSize)]
internal struct OddMultiples<TField, TCurve>
    where TField : struct, IField<TField>
    where TCurve : struct, ICurve<TField, TCurve>
{
    private JacobianPoint<TField, TCurve> _first;
}

/// <summary>One term k Q of an interleaved multiplication: the width-5 NAF of k (up to 129 digits for |k| &lt; 2^128) and Q's odd multiples.</summary>
internal struct GlvTerm<TField, TCurve>
    where TField : struct, IField<TField>
    where TCurve : struct, ICurve<TField, TCurve>
{
    public HalfScalarDigits Digits;
    public int Length;
    public OddMultiples<TField, TCurve> Table;
}

/// <summary>The width-5 NAF digits of a GLV half-scalar, inline.</summary>
[InlineArray(129)]
internal struct HalfScalarDigits
{
    private sbyte _digit;
}

/// <summary>One term k Q with Q's table in a <see cref="GlvTables{TField, TCurve}"/>: the width-5 NAF of k, and the index of Q's first entry.</summary>
internal struct AffineGlvTerm
{
    public HalfScalarDigits Digits;
    public int Length;
    public int Table;
}

/// <summary>
/// Fixed points made ready for <see cref="ScalarMultiplication.MultiplyManyGlv{TField, TCurve}(GlvTables{TField, TCurve}, ReadOnlySpan{ulong})"/>
/// (<see cref="ScalarMultiplication.PrepareGlvTables{TField, TCurve}"/>): for each point P, the
/// affine odd multiples P, 3P, ..., 63P and phi(P), 3 phi(P), ..., 63 phi(P), for width-7 NAFs.
/// Immutable; 64 points a point (4 KiB for BN254's G1).
/// </summary>
public sealed class GlvTables<TField, TCurve>
    where TField : struct, IField<TField>
    where TCurve : struct, IEndomorphismCurve<TField, TCurve>
{
    /// <summary>Entries of a point's table: P, 3P, ..., (2^(w-1) - 1)P for w = <see cref="ScalarMultiplication.GlvTablesWidth"/>.</summary>
    internal const int TableSize = 1 << (ScalarMultiplication.GlvTablesWidth - 2);

    /// <summary>Entries a point: its table, then its image's.</summary>
    internal const int EntriesPerPoint = 2 * TableSize;

    internal GlvTables(AffinePoint<TField, TCurve>[] points, AffinePoint<TField, TCurve>[] entries)
    {
        Points = points;
        Entries = entries;
    }

    /// <summary>The points the tables are of, in order (a copy: the tables cannot go stale).</summary>
    internal AffinePoint<TField, TCurve>[] Points { get; }

    /// <summary>Entries[EntriesPerPoint i + k] = (2k + 1) P_i, Entries[EntriesPerPoint i + TableSize + k] = (2k + 1) phi(P_i); all infinity for an infinite P_i.</summary>
    internal AffinePoint<TField, TCurve>[] Entries { get; }

    /// <summary>Whether these are the tables of exactly <paramref name="points"/>.</summary>
    public bool AreOf(ReadOnlySpan<AffinePoint<TField, TCurve>> points) => points.SequenceEqual(Points);
}

/// <summary>The two terms of one GLV product, inline.</summary>
[InlineArray(2)]
internal struct TwoGlvTerms<TField, TCurve>
    where TField : struct, IField<TField>
    where TCurve : struct, ICurve<TField, TCurve>
{
    private GlvTerm<TField, TCurve> _term;
}

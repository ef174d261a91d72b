namespace CrossMargin.Field;

/// <summary>
/// The arithmetic every algorithm over a field needs (tower, curves, NTT, MSM, pairing), written
/// once against this interface so that a new curve is a parameter set, not a copy.
/// Implementations are value types; the JIT specialises generic code for each, so calls through
/// these static members cost nothing.
/// </summary>
/// <remarks>
/// Operations take inputs by <c>in</c> and write <c>out</c>; the output may alias any input
/// (<c>T.Mul(in x, in y, out x)</c> is valid): implementations read all inputs before writing.
/// </remarks>
public interface IField<T> : IEquatable<T> where T : struct, IField<T>
{
    static abstract T Zero { get; }
    static abstract T One { get; }

    bool IsZero { get; }
    bool IsOne { get; }

    /// <summary>r = a + b</summary>
    static abstract void Add(in T a, in T b, out T r);
    /// <summary>r = a - b</summary>
    static abstract void Sub(in T a, in T b, out T r);
    /// <summary>r = -a</summary>
    static abstract void Neg(in T a, out T r);
    /// <summary>r = 2a</summary>
    static abstract void Double(in T a, out T r);
    /// <summary>r = a * b</summary>
    static abstract void Mul(in T a, in T b, out T r);
    /// <summary>r = a^2</summary>
    static abstract void Square(in T a, out T r);
    /// <summary>r = a^-1, and 0^-1 = 0 (callers that must reject zero check first).</summary>
    static abstract void Inverse(in T a, out T r);

    /// <summary>
    /// result[k] = a[k] * b[k] for every k: the throughput-bound form of <see cref="Mul"/>, for
    /// loops of independent products (NTT butterflies, pointwise steps). A field may run it on a
    /// wide kernel; this plain loop is the default. The spans have one length; result may be a
    /// or b (not a shifted overlap of one).
    /// </summary>
    static virtual void MulMany(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> result)
    {
        if (a.Length != b.Length || a.Length != result.Length) throw new ArgumentException("the spans differ in length");
        for (var k = 0; k < result.Length; k++) T.Mul(a[k], b[k], out result[k]);
    }

    /// <summary>
    /// The address of the parameters of the prime field under this one, as the native kernel reads
    /// them, where the kernel is loaded and takes this field's elements (<see cref="NativeKernel"/>):
    /// a four-limb prime field it takes, or F_p[u]/(u^2 + 1) over one. 0 otherwise. Extensions
    /// and point formulas ask it before calling the kernel.
    /// </summary>
    internal static virtual nint NativeKernelModulus => 0;

    /// <summary>F_p coefficients an element has, where <see cref="NativeKernelModulus"/> is not 0: 1 or 2.</summary>
    internal static virtual int NativeKernelDegree => 0;

    /// <summary>
    /// Whether the kernel's IFMA entry points (eight products at once) take this field's elements
    /// too, where <see cref="NativeKernelModulus"/> is not 0: the processor has IFMA and p &lt; 2^254.
    /// </summary>
    internal static virtual bool NativeKernelIfma => false;
}

/// <summary>A prime field F_p: conversions to and from integers, and square roots.</summary>
public interface IPrimeField<T> : IField<T> where T : struct, IPrimeField<T>
{
    static abstract System.Numerics.BigInteger Modulus { get; }

    /// <summary>Bytes of a canonical big-endian encoding (the modulus's byte length).</summary>
    static abstract int ByteLength { get; }

    /// <summary>x mod p for any integer x (negative ones included).</summary>
    static abstract T FromBigInteger(System.Numerics.BigInteger x);

    /// <summary>The canonical representative in [0, p).</summary>
    System.Numerics.BigInteger ToBigInteger();

    /// <summary>A square root of a when a is a square (which root is unspecified).</summary>
    static abstract bool TrySqrt(in T a, out T root);
}

/// <summary>
/// A prime field with a large power-of-two subgroup in its multiplicative group, as NTTs need:
/// p - 1 = 2^TwoAdicity * odd.
/// </summary>
public interface ITwoAdicField<T> : IPrimeField<T> where T : struct, ITwoAdicField<T>
{
    static abstract int TwoAdicity { get; }

    /// <summary>A primitive 2^logN-th root of unity, 0 &lt;= logN &lt;= TwoAdicity.</summary>
    static abstract T RootOfUnity(int logN);

    /// <summary>A generator of the multiplicative group, used as the coset shift.</summary>
    static abstract T MultiplicativeGenerator { get; }
}

namespace CrossMargin.Field.Wide;

/// <summary>
/// <see cref="Count"/> independent elements of a field whose scalar type is
/// <typeparamref name="TScalar"/>, held so that one operation works on all of them at once: what
/// an algorithm written once over lanes of elements (the MSM's batch-affine additions) needs of
/// a prime field (<see cref="FieldBatch{TParams, TLanes}"/>) or of its quadratic extension
/// (<see cref="QuadraticBatch{TParams, TExtension, TLanes}"/>).
/// </summary>
/// <remarks>
/// Results may be lazily reduced: equal elements may differ in representation until
/// <see cref="ToScalar"/>, which writes canonical scalars. Every operation takes lazily reduced
/// inputs, and its result may be one of its inputs.
/// </remarks>
public interface IWideElement<TScalar, TSelf>
    where TScalar : struct
    where TSelf : struct, IWideElement<TScalar, TSelf>
{
    /// <summary>Elements per batch.</summary>
    static abstract int Count { get; }

    /// <summary>Lane i from source[i], for i &lt; source.Length (at most <see cref="Count"/>; the other lanes are zero).</summary>
    static abstract void FromScalar(ReadOnlySpan<TScalar> source, out TSelf r);

    /// <summary>Lane i, canonical, to destination[i], for i &lt; destination.Length (at most <see cref="Count"/>).</summary>
    static abstract void ToScalar(in TSelf a, Span<TScalar> destination);

    static abstract void Mul(in TSelf a, in TSelf b, out TSelf r);
    static abstract void Square(in TSelf a, out TSelf r);
    static abstract void Sub(in TSelf a, in TSelf b, out TSelf r);

    /// <summary>Replaces every lane of every batch by its inverse; no lane may be zero.</summary>
    static abstract void InvertInPlace(Span<TSelf> values);
}

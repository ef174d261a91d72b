using CrossMargin.Field;

namespace CrossMargin.Curves;

/// <summary>
/// A point (X, Y) of the curve <typeparamref name="TCurve"/> in affine coordinates, or the point
/// at infinity, which is explicit (<see cref="IsInfinity"/>) rather than a coordinate convention;
/// encoders map it to the (0, 0) that the EVM and snarkjs use.
/// </summary>
/// <remarks>
/// A value of this type is not necessarily on the curve: constructors do not check, and decoders
/// of untrusted bytes must call <see cref="IsOnCurve"/> and, where the cofactor is not one,
/// <see cref="IsInSubgroup"/>.
/// </remarks>
public readonly struct AffinePoint<TField, TCurve> : IEquatable<AffinePoint<TField, TCurve>>
    where TField : struct, IField<TField>
    where TCurve : struct, ICurve<TField, TCurve>
{
    public readonly TField X;
    public readonly TField Y;
    private readonly bool _isInfinity;

    public AffinePoint(TField x, TField y)
    {
        X = x;
        Y = y;
        _isInfinity = false;
    }

    private AffinePoint(bool infinity)
    {
        X = default;
        Y = default;
        _isInfinity = infinity;
    }

    public static AffinePoint<TField, TCurve> Infinity { get; } = new(true);

    public bool IsInfinity => _isInfinity;

    /// <summary>y^2 = x^3 + B; the point at infinity is on the curve.</summary>
    public bool IsOnCurve
    {
        get
        {
            if (_isInfinity) return true;
            TField.Square(Y, out var lhs);
            TField.Square(X, out var x2);
            TField.Mul(x2, X, out var rhs);
            TField.Add(rhs, TCurve.B, out rhs);
            return lhs.Equals(rhs);
        }
    }

    /// <summary>In the prime-order subgroup (assumes <see cref="IsOnCurve"/>).</summary>
    public bool IsInSubgroup => _isInfinity || TCurve.IsInSubgroup(this);

    public AffinePoint<TField, TCurve> Negate()
    {
        if (_isInfinity) return this;
        TField.Neg(Y, out var y);
        return new AffinePoint<TField, TCurve>(X, y);
    }

    public JacobianPoint<TField, TCurve> ToJacobian() =>
        _isInfinity ? JacobianPoint<TField, TCurve>.Infinity : new JacobianPoint<TField, TCurve>(X, Y, TField.One);

    public bool Equals(AffinePoint<TField, TCurve> other) =>
        _isInfinity ? other._isInfinity : !other._isInfinity && X.Equals(other.X) && Y.Equals(other.Y);

    public override bool Equals(object? obj) => obj is AffinePoint<TField, TCurve> other && Equals(other);
    public override int GetHashCode() => _isInfinity ? 0 : HashCode.Combine(X, Y);
    public override string ToString() => _isInfinity ? "infinity" : $"({X}, {Y})";

    public static bool operator ==(AffinePoint<TField, TCurve> a, AffinePoint<TField, TCurve> b) => a.Equals(b);
    public static bool operator !=(AffinePoint<TField, TCurve> a, AffinePoint<TField, TCurve> b) => !a.Equals(b);
}

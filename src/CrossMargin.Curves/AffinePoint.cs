using CrossMargin.Field;

namespace CrossMargin.Curves;

/// <summary>
/// A point (X, Y) of the curve <typeparamref name="TCurve"/> in affine coordinates, or the point
/// at infinity, written (0, 0): the two coordinates and nothing else, so that an array of points
/// is the snarkjs section layout (64 bytes a G1 point, 128 a G2 one) with no flag to pad it.
/// </summary>
/// <remarks>
/// (0, 0) is free for the purpose: it lies on y^2 = x^3 + B only when B = 0, and every curve of
/// this library has B != 0 (<see cref="ICurve{TField, TSelf}.B"/>; a test holds it). The EVM and
/// snarkjs's binary files write infinity the same way. So <c>new AffinePoint(0, 0)</c> and
/// <c>default</c> are the point at infinity; a decoder that reads a finite point in a format with
/// its own infinity marker (snarkjs JSON's z = 0) refuses an explicit (0, 0) as not on the curve.
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

    /// <summary>The point (x, y); (0, 0) is the point at infinity.</summary>
    public AffinePoint(TField x, TField y)
    {
        X = x;
        Y = y;
    }

    public static AffinePoint<TField, TCurve> Infinity => default;

    public bool IsInfinity => X.IsZero && Y.IsZero;

    /// <summary>y^2 = x^3 + B; the point at infinity is on the curve.</summary>
    public bool IsOnCurve
    {
        get
        {
            if (IsInfinity) return true;
            TField.Square(Y, out var lhs);
            TField.Square(X, out var x2);
            TField.Mul(x2, X, out var rhs);
            TField.Add(rhs, TCurve.B, out rhs);
            return lhs.Equals(rhs);
        }
    }

    /// <summary>In the prime-order subgroup (assumes <see cref="IsOnCurve"/>).</summary>
    public bool IsInSubgroup => IsInfinity || TCurve.IsInSubgroup(this);

    public AffinePoint<TField, TCurve> Negate()
    {
        if (IsInfinity) return this;
        TField.Neg(Y, out var y);
        return new AffinePoint<TField, TCurve>(X, y);
    }

    public JacobianPoint<TField, TCurve> ToJacobian() =>
        IsInfinity ? JacobianPoint<TField, TCurve>.Infinity : new JacobianPoint<TField, TCurve>(X, Y, TField.One);

    public bool Equals(AffinePoint<TField, TCurve> other) => X.Equals(other.X) && Y.Equals(other.Y);

    public override bool Equals(object? obj) => obj is AffinePoint<TField, TCurve> other && Equals(other);
    public override int GetHashCode() => IsInfinity ? 0 : HashCode.Combine(X, Y);
    public override string ToString() => IsInfinity ? "infinity" : $"({X}, {Y})";

    public static bool operator ==(AffinePoint<TField, TCurve> a, AffinePoint<TField, TCurve> b) => a.Equals(b);
    public static bool operator !=(AffinePoint<TField, TCurve> a, AffinePoint<TField, TCurve> b) => !a.Equals(b);
}

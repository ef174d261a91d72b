using System.Runtime.InteropServices;
using CrossMargin.Field;

namespace CrossMargin.Curves.Encodings;

/// <summary>
/// Decoding a whole array of points whose bytes are their own layout (snarkjs's binary sections:
/// Montgomery limbs, little-endian) on the native kernel's IFMA entry points: the bytes are copied
/// as they are, then every point is checked eight at a time (coordinates below q, on the curve, or
/// (0, 0)). The per-point decoders (<see cref="PointDecoding"/>) stay the reference: where a point
/// fails here, the caller decodes the array again point by point, which names the first bad one.
/// </summary>
internal static unsafe class IfmaPointCheck<TField, TCurve>
    where TField : unmanaged, IField<TField>
    where TCurve : struct, ICurve<TField, TCurve>
{
    /// <summary>Whether the kernel takes the curve's field: F_p or F_p2 over one, with the IFMA entry points in use, on a little-endian machine.</summary>
    public static bool IsAvailable => BitConverter.IsLittleEndian && IfmaAffineBatch<TField>.IsAvailable;

    /// <summary>
    /// Copies <paramref name="source"/> (exactly destination.Length points' bytes) into
    /// <paramref name="destination"/> and returns whether every point is canonical and on the
    /// curve; false also where the kernel is not available. On false the destination holds
    /// whatever was copied, to be overwritten.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, Span<AffinePoint<TField, TCurve>> destination)
    {
        if (!IsAvailable) return false;
        var bytes = MemoryMarshal.AsBytes(destination);
        if (source.Length != bytes.Length) throw new ArgumentException("the source holds a different number of points than the destination", nameof(source));
        source.CopyTo(bytes);
        return AllValid(destination);
    }

    /// <summary>Whether every point has canonical coordinates and lies on the curve (or is (0, 0)); the kernel must be available.</summary>
    public static bool AllValid(ReadOnlySpan<AffinePoint<TField, TCurve>> points)
    {
        if (!IsAvailable) throw new InvalidOperationException($"the native kernel's IFMA entry points do not take {typeof(TField).Name}");
        var b = TCurve.B;
        var modulus = (ulong*)TField.NativeKernelModulus;
        fixed (AffinePoint<TField, TCurve>* p = points)
        {
            var valid = TField.NativeKernelDegree == 1
                ? NativeKernel.IfmaFpPointsValid((ulong*)p, (ulong)points.Length, (ulong*)&b, modulus)
                : NativeKernel.IfmaFp2PointsValid((ulong*)p, (ulong)points.Length, (ulong*)&b, modulus);
            return valid != 0;
        }
    }
}

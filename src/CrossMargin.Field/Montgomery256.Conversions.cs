using System.Buffers.Binary;
using System.Numerics;

namespace CrossMargin.Field;

public readonly partial struct Montgomery256<TParams>
{
    /// <summary>x mod p, for any integer x.</summary>
    public static Montgomery256<TParams> FromBigInteger(BigInteger x)
    {
        var reduced = BigInteger.Remainder(x, Constants.Modulus);
        if (reduced.Sign < 0) reduced += Constants.Modulus;
        Span<byte> bytes = stackalloc byte[32];
        reduced.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return FromCanonicalLimbs(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]));
    }

    public static Montgomery256<TParams> FromUInt64(ulong x) => FromCanonicalLimbs(x, 0, 0, 0);

    /// <summary>The element with canonical value given by limbs (which must be &lt; p): times R^2, then reduced.</summary>
    internal static Montgomery256<TParams> FromCanonicalLimbs(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        Mul(new Montgomery256<TParams>(l0, l1, l2, l3), Constants.RSquared, out var r);
        return r;
    }

    /// <summary>The canonical value's limbs, least significant first (Montgomery form removed).</summary>
    public void ToCanonicalLimbs(Span<ulong> limbs)
    {
        Mul(this, new Montgomery256<TParams>(1, 0, 0, 0), out var c);
        limbs[0] = c.L0;
        limbs[1] = c.L1;
        limbs[2] = c.L2;
        limbs[3] = c.L3;
    }

    public BigInteger ToBigInteger()
    {
        Span<byte> bytes = stackalloc byte[32];
        WriteLittleEndian(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
    }

    /// <summary>Whether limbs (little-endian) encode an integer &lt; p.</summary>
    private static bool IsBelowModulus(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        SubBorrow(l0, TParams.P0, 0, out var borrow);
        SubBorrow(l1, TParams.P1, borrow, out borrow);
        SubBorrow(l2, TParams.P2, borrow, out borrow);
        SubBorrow(l3, TParams.P3, borrow, out borrow);
        return borrow == 1;
    }

    // ---- canonical encodings (the value itself) -------------------------------------------

    /// <summary>Writes the canonical value, 32 bytes big-endian (EVM, JSON hex).</summary>
    public void WriteBigEndian(Span<byte> destination)
    {
        Span<ulong> l = stackalloc ulong[4];
        ToCanonicalLimbs(l);
        BinaryPrimitives.WriteUInt64BigEndian(destination, l[3]);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], l[2]);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], l[1]);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], l[0]);
    }

    /// <summary>Writes the canonical value, 32 bytes little-endian (.wtns, .r1cs coefficients).</summary>
    public void WriteLittleEndian(Span<byte> destination)
    {
        Span<ulong> l = stackalloc ulong[4];
        ToCanonicalLimbs(l);
        for (var i = 0; i < 4; i++) BinaryPrimitives.WriteUInt64LittleEndian(destination[(8 * i)..], l[i]);
    }

    /// <summary>Reads 32 big-endian bytes; false unless the value is canonical (&lt; p).</summary>
    public static bool TryReadBigEndian(ReadOnlySpan<byte> source, out Montgomery256<TParams> value)
    {
        var l3 = BinaryPrimitives.ReadUInt64BigEndian(source);
        var l2 = BinaryPrimitives.ReadUInt64BigEndian(source[8..]);
        var l1 = BinaryPrimitives.ReadUInt64BigEndian(source[16..]);
        var l0 = BinaryPrimitives.ReadUInt64BigEndian(source[24..32]);
        return TryFromCanonical(l0, l1, l2, l3, out value);
    }

    /// <summary>Reads 32 little-endian bytes; false unless the value is canonical (&lt; p).</summary>
    public static bool TryReadLittleEndian(ReadOnlySpan<byte> source, out Montgomery256<TParams> value)
    {
        var l0 = BinaryPrimitives.ReadUInt64LittleEndian(source);
        var l1 = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]);
        var l2 = BinaryPrimitives.ReadUInt64LittleEndian(source[16..]);
        var l3 = BinaryPrimitives.ReadUInt64LittleEndian(source[24..32]);
        return TryFromCanonical(l0, l1, l2, l3, out value);
    }

    private static bool TryFromCanonical(ulong l0, ulong l1, ulong l2, ulong l3, out Montgomery256<TParams> value)
    {
        if (!IsBelowModulus(l0, l1, l2, l3))
        {
            value = default;
            return false;
        }
        value = FromCanonicalLimbs(l0, l1, l2, l3);
        return true;
    }

    // ---- Montgomery-form encoding (snarkjs .zkey and .ptau sections) -----------------------

    /// <summary>Writes the Montgomery form a*R mod p, 32 bytes little-endian, as snarkjs stores keys.</summary>
    public void WriteMontgomeryLittleEndian(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, L0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], L1);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], L2);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], L3);
    }

    /// <summary>Reads a Montgomery-form value (32 bytes little-endian); false unless it is &lt; p.</summary>
    public static bool TryReadMontgomeryLittleEndian(ReadOnlySpan<byte> source, out Montgomery256<TParams> value)
    {
        var l0 = BinaryPrimitives.ReadUInt64LittleEndian(source);
        var l1 = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]);
        var l2 = BinaryPrimitives.ReadUInt64LittleEndian(source[16..]);
        var l3 = BinaryPrimitives.ReadUInt64LittleEndian(source[24..32]);
        if (!IsBelowModulus(l0, l1, l2, l3))
        {
            value = default;
            return false;
        }
        value = new Montgomery256<TParams>(l0, l1, l2, l3);
        return true;
    }

    // ---- square roots and roots of unity ---------------------------------------------------

    /// <summary>
    /// A square root of a, by Tonelli-Shanks (Cohen, "A Course in Computational Algebraic Number
    /// Theory", algorithm 1.5.1); for p = 3 mod 4 (two-adicity 1) it is the single
    /// exponentiation a^((p+1)/4). Returns false when a is not a square.
    /// </summary>
    public static bool TrySqrt(in Montgomery256<TParams> a, out Montgomery256<TParams> root)
    {
        if (a.IsZero)
        {
            root = default;
            return true;
        }
        // p - 1 = 2^S * Q. w = a^((Q-1)/2), x = a*w = a^((Q+1)/2), b = x*w = a^Q.
        Pow(a, Constants.SqrtExponent, out var w);
        Mul(a, w, out var x);
        Mul(x, w, out var b);
        var z = Constants.Roots[Constants.TwoAdicity];
        var v = Constants.TwoAdicity;
        while (!b.IsOne)
        {
            // Least k with b^(2^k) = 1; k = v means a is a non-residue.
            var k = 0;
            var b2k = b;
            while (!b2k.IsOne)
            {
                Square(b2k, out b2k);
                if (++k == v)
                {
                    root = default;
                    return false;
                }
            }
            var t = z;
            for (var i = 0; i < v - k - 1; i++) Square(t, out t);
            Square(t, out z);
            Mul(b, z, out b);
            Mul(x, t, out x);
            v = k;
        }
        root = x;
        return true;
    }

    /// <summary>A primitive 2^logN-th root of unity: g^((p-1)/2^logN) for the parameter set's generator g.</summary>
    public static Montgomery256<TParams> RootOfUnity(int logN)
    {
        if ((uint)logN > (uint)Constants.TwoAdicity)
            throw new ArgumentOutOfRangeException(nameof(logN), $"{TParams.Name} has 2-adicity {Constants.TwoAdicity}: no root of unity of order 2^{logN}");
        return Constants.Roots[logN];
    }

    /// <summary>
    /// Everything derived from the parameter set, computed once with BigInteger and checked: a
    /// wrong limb or constant in a parameter set fails here, not as wrong arithmetic later.
    /// </summary>
    internal static class Constants
    {
        public static readonly BigInteger Modulus;
        public static readonly Montgomery256<TParams> One;
        public static readonly Montgomery256<TParams> RSquared;
        /// <summary>R^3 mod p as stored limbs: a product with it turns A^-1 into (A/R)^-1's Montgomery form.</summary>
        public static readonly Montgomery256<TParams> RCubed;
        public static readonly Montgomery256<TParams> Generator;
        public static readonly ulong[] PMinus2;
        public static readonly ulong[] SqrtExponent;
        public static readonly int TwoAdicity;
        /// <summary>Roots[k] is a primitive 2^k-th root of unity.</summary>
        public static readonly Montgomery256<TParams>[] Roots;

        static Constants()
        {
            Modulus = ToBig(TParams.P0, TParams.P1, TParams.P2, TParams.P3);
            if (TParams.P3 >= 0x7FFFFFFFFFFFFFFE)
                throw new InvalidOperationException($"{TParams.Name}: top limb too large for the no-carry multiplication");
            if (unchecked(TParams.P0 * TParams.NegInvP0) != ulong.MaxValue)
                throw new InvalidOperationException($"{TParams.Name}: NegInvP0 is not -p^-1 mod 2^64");

            var r = BigInteger.One << 256;
            One = Raw(r % Modulus);
            RSquared = Raw(r * r % Modulus);
            RCubed = Raw(r * r % Modulus * r % Modulus);
            PMinus2 = Limbs(Modulus - 2);

            var odd = Modulus - 1;
            while (odd.IsEven)
            {
                odd >>= 1;
                TwoAdicity++;
            }
            SqrtExponent = Limbs((odd - 1) / 2);

            Generator = FromUInt64(TParams.MultiplicativeGenerator);
            // z = g^odd has order exactly 2^S iff g is a quadratic non-residue.
            var g = new BigInteger(TParams.MultiplicativeGenerator);
            if (BigInteger.ModPow(g, (Modulus - 1) / 2, Modulus) != Modulus - 1)
                throw new InvalidOperationException($"{TParams.Name}: the generator {g} is a quadratic residue");
            // Roots[k] = g^((p - 1) / 2^k) = z^(2^(S - k)) for z = g^odd: one power, then squarings
            // (a power per k cost a few milliseconds of every process's start).
            Roots = new Montgomery256<TParams>[TwoAdicity + 1];
            var root = BigInteger.ModPow(g, odd, Modulus);
            for (var k = TwoAdicity; k >= 0; k--)
            {
                Roots[k] = Raw(root * r % Modulus);
                root = root * root % Modulus;
            }
        }

        private static BigInteger ToBig(ulong l0, ulong l1, ulong l2, ulong l3) =>
            new BigInteger(l0) | (new BigInteger(l1) << 64) | (new BigInteger(l2) << 128) | (new BigInteger(l3) << 192);

        private static ulong[] Limbs(BigInteger x)
        {
            var limbs = new ulong[4];
            for (var i = 0; i < 4; i++) limbs[i] = (ulong)((x >> (64 * i)) & ulong.MaxValue);
            return limbs;
        }

        private static Montgomery256<TParams> Raw(BigInteger montgomeryForm)
        {
            var l = Limbs(montgomeryForm);
            return new Montgomery256<TParams>(l[0], l[1], l[2], l[3]);
        }
    }
}

using System.Buffers.Binary;
using System.Numerics;
using CrossMargin.Curves;
using CrossMargin.Curves.Bn254;
using CrossMargin.Field;

using CrossMargin.Groth16;

namespace CrossMargin.Snarkjs.Ceremony;

/// <summary>
/// snarkjs's hashToG2 (keypair.js), which its verifiers recompute to check a contribution's proof
/// of knowledge: the first 32 bytes of a 64-byte hash, read as eight big-endian u32, seed
/// ffjavascript's ChaCha20 generator (chacha.js); the point is ffjavascript's G2.fromRng
/// (wasm_curve.js): x from F2.fromRng until x^3 + b is a square, y the root whose sign
/// (wasmcurves f2m_isNegative: of c1, or of c0 when c1 = 0; negative means above (q-1)/2)
/// matches a random bit, then multiplied by G2's cofactor.
/// </summary>
public static class SnarkjsHashToG2
{
    public static G2Affine Hash(ReadOnlySpan<byte> hash) => SnarkjsRng.FromHash(hash).NextG2();
}

/// <summary>
/// ffjavascript's deterministic generator (chacha.js, ChaCha20 over a 256-bit seed, 128-bit
/// counter in words 12..15) and the draws snarkjs makes from it: Fr/Fq.fromRng (wasm_field1.js:
/// four u64, high u32 first, masked to 254 bits, retried until below the prime, the bytes taken
/// as the Montgomery form), G1/G2.fromRng (wasm_curve.js). snarkjs seeds it from a hash
/// (hashToG2) or from a beacon (misc.js rngFromBeaconParams: 2^numIterationsExp SHA-256 rounds).
/// </summary>
public sealed class SnarkjsRng
{
    private static readonly BigInteger G2Cofactor = BigInteger.Parse("030644e72e131a029b85045b68181585e06ceecda572a2489345f2299c0f9fa8d", System.Globalization.NumberStyles.HexNumber);
    private static readonly BigInteger Mask = (BigInteger.One << 254) - 1;

    private readonly uint[] _state = new uint[16];
    private readonly uint[] _buffer = new uint[16];
    private int _index = 16;

    private SnarkjsRng(ReadOnlySpan<byte> seed32)
    {
        _state[0] = 0x61707865;
        _state[1] = 0x3320646E;
        _state[2] = 0x79622D32;
        _state[3] = 0x6B206574;
        for (var i = 0; i < 8; i++) _state[4 + i] = BinaryPrimitives.ReadUInt32BigEndian(seed32[(4 * i)..]);
    }

    /// <summary>Seeded by the first 32 bytes of <paramref name="hash"/>, as eight big-endian u32.</summary>
    public static SnarkjsRng FromHash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length < 32) throw new ArgumentException("at least 32 bytes", nameof(hash));
        return new SnarkjsRng(hash[..32]);
    }

    /// <summary>
    /// misc.js getRandomRng: seeded by Blake2b-512(64 bytes from the OS CSPRNG | UTF-8 entropy text).
    /// </summary>
    public static SnarkjsRng FromEntropy(string? entropy)
    {
        var h = new Blake2b();
        h.Update(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
        h.Update(System.Text.Encoding.UTF8.GetBytes(entropy ?? ""));
        return FromHash(h.Digest());
    }

    /// <summary>misc.js rngFromBeaconParams: SHA-256 iterated 2^numIterationsExp times (10..63).</summary>
    public static SnarkjsRng FromBeacon(ReadOnlySpan<byte> beaconHash, int numIterationsExp)
    {
        if (numIterationsExp is < 10 or > 63) throw new ArgumentOutOfRangeException(nameof(numIterationsExp), "10 to 63");
        if (beaconHash.Length is 0 or > 255) throw new ArgumentException("1 to 255 bytes", nameof(beaconHash));
        var current = beaconHash.ToArray();
        var next = new byte[32];
        for (var i = 0UL; i < 1UL << numIterationsExp; i++)
        {
            System.Security.Cryptography.SHA256.HashData(current, next);
            if (current.Length != 32) current = new byte[32];
            (current, next) = (next, current);
        }
        return new SnarkjsRng(current);
    }

    public uint NextU32()
    {
        if (_index == 16) Update();
        return _buffer[_index++];
    }

    public ulong NextU64() => ((ulong)NextU32() << 32) | NextU32();

    public bool NextBool() => (NextU32() & 1) == 1;

    public Fr NextFr() => FromRng<Fr>(Fr.Modulus, static (ReadOnlySpan<byte> b, out Fr f) => Fr.TryReadMontgomeryLittleEndian(b, out f));

    public Fq NextFq() => FromRng<Fq>(Fq.Modulus, static (ReadOnlySpan<byte> b, out Fq f) => Fq.TryReadMontgomeryLittleEndian(b, out f));

    /// <summary>G1.fromRng: x until x^3 + 3 is a square, y of the drawn sign (cofactor 1).</summary>
    public G1Affine NextG1()
    {
        while (true)
        {
            var x = NextFq();
            var greatest = NextBool();
            var x3b = x * x * x + G1Curve.B;
            if (!Fq.TrySqrt(x3b, out var y)) continue;
            if (greatest ^ IsNegative(y)) y = -y;
            return new G1Affine(x, y);
        }
    }

    /// <summary>G2.fromRng: x = (c0, c1) until x^3 + b is a square, y of the drawn sign, times the cofactor.</summary>
    public G2Affine NextG2()
    {
        Fq2 x, y;
        bool greatest;
        while (true)
        {
            var c0 = NextFq();
            var c1 = NextFq();
            x = new Fq2(c0, c1);
            greatest = NextBool();
            var x3b = x * x * x + G2Curve.B;
            if (QuadraticExtensionSqrt.TrySqrt(x3b, out y)) break;
        }
        if (greatest ^ (y.C1.IsZero ? IsNegative(y.C0) : IsNegative(y.C1))) Fq2.Neg(y, out y);
        return ScalarMultiplication.MultiplyWnaf(new G2Affine(x, y).ToJacobian(), G2Cofactor).ToAffine();
    }

    private delegate bool Reader<T>(ReadOnlySpan<byte> bytes, out T value);

    private T FromRng<T>(BigInteger modulus, Reader<T> read)
    {
        Span<byte> bytes = stackalloc byte[32];
        while (true)
        {
            var v = BigInteger.Zero;
            for (var i = 0; i < 4; i++) v += (BigInteger)NextU64() << (64 * i);
            v &= Mask;
            if (v >= modulus) continue;
            bytes.Clear();
            v.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
            if (read(bytes, out var f)) return f;
        }
    }

    /// <summary>wasmcurves f1m_isNegative: the canonical value is above (q-1)/2.</summary>
    private static bool IsNegative(in Fq a) => a.ToBigInteger() > (Fq.Modulus - 1) / 2;

    private void Update()
    {
        Array.Copy(_state, _buffer, 16);
        for (var i = 0; i < 10; i++)
        {
            Quarter(0, 4, 8, 12);
            Quarter(1, 5, 9, 13);
            Quarter(2, 6, 10, 14);
            Quarter(3, 7, 11, 15);
            Quarter(0, 5, 10, 15);
            Quarter(1, 6, 11, 12);
            Quarter(2, 7, 8, 13);
            Quarter(3, 4, 9, 14);
        }
        for (var i = 0; i < 16; i++) _buffer[i] += _state[i];
        _index = 0;
        for (var w = 12; w < 16; w++)
            if (++_state[w] != 0) break;
    }

    private void Quarter(int a, int b, int c, int d)
    {
        var s = _buffer;
        s[a] += s[b]; s[d] = BitOperations.RotateLeft(s[d] ^ s[a], 16);
        s[c] += s[d]; s[b] = BitOperations.RotateLeft(s[b] ^ s[c], 12);
        s[a] += s[b]; s[d] = BitOperations.RotateLeft(s[d] ^ s[a], 8);
        s[c] += s[d]; s[b] = BitOperations.RotateLeft(s[b] ^ s[c], 7);
    }
}

using System.Buffers.Binary;
using System.Numerics;
using CrossMargin.Curves;
using CrossMargin.Curves.Bn254;
using CrossMargin.Field;

namespace CrossMargin.Groth16.Setup;

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
    private static readonly BigInteger Cofactor = BigInteger.Parse("030644e72e131a029b85045b68181585e06ceecda572a2489345f2299c0f9fa8d", System.Globalization.NumberStyles.HexNumber);
    private static readonly BigInteger Mask = (BigInteger.One << 254) - 1;

    public static G2Affine Hash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length < 32) throw new ArgumentException("at least 32 bytes", nameof(hash));
        var seed = new uint[8];
        for (var i = 0; i < 8; i++) seed[i] = BinaryPrimitives.ReadUInt32BigEndian(hash[(4 * i)..]);
        var rng = new ChaCha(seed);
        Fq2 x, y;
        bool greatest;
        while (true)
        {
            x = new Fq2(FqFromRng(rng), FqFromRng(rng));
            greatest = rng.NextBool();
            var x3b = x * x * x + G2Curve.B;
            if (QuadraticExtensionSqrt.TrySqrt(x3b, out y)) break;
        }
        if (greatest ^ IsNegative(y)) Fq2.Neg(y, out y);
        var point = new G2Affine(x, y).ToJacobian();
        return ScalarMultiplication.MultiplyWnaf(point, Cofactor).ToAffine();
    }

    /// <summary>wasm_field1.js fromRng: four u64 (high word first), masked to 254 bits, below q, taken as the Montgomery form.</summary>
    private static Fq FqFromRng(ChaCha rng)
    {
        Span<byte> bytes = stackalloc byte[32];
        while (true)
        {
            var v = BigInteger.Zero;
            for (var i = 0; i < 4; i++) v += (BigInteger)rng.NextU64() << (64 * i);
            v &= Mask;
            if (v >= Fq.Modulus) continue;
            v.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
            for (var k = v.GetByteCount(isUnsigned: true); k < 32; k++) bytes[k] = 0;
            if (Fq.TryReadMontgomeryLittleEndian(bytes, out var f)) return f;
        }
    }

    private static bool IsNegative(in Fq2 a) => IsNegative(a.C1.IsZero ? a.C0 : a.C1);

    private static bool IsNegative(in Fq a) => a.ToBigInteger() > (Fq.Modulus - 1) / 2;

    /// <summary>ffjavascript's chacha.js: the ChaCha20 block function over a 256-bit key, a 128-bit counter at words 12..15.</summary>
    private sealed class ChaCha
    {
        private readonly uint[] _state = new uint[16];
        private readonly uint[] _buffer = new uint[16];
        private int _index = 16;

        public ChaCha(uint[] seed)
        {
            _state[0] = 0x61707865;
            _state[1] = 0x3320646E;
            _state[2] = 0x79622D32;
            _state[3] = 0x6B206574;
            for (var i = 0; i < 8; i++) _state[4 + i] = seed[i];
        }

        public uint NextU32()
        {
            if (_index == 16) Update();
            return _buffer[_index++];
        }

        public ulong NextU64() => ((ulong)NextU32() << 32) | NextU32();

        public bool NextBool() => (NextU32() & 1) == 1;

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
}

using System.Numerics;

namespace CrossMargin.Field.Bn254;

/// <summary>
/// BN254's pairing tower: F_q6 = F_q2[v]/(v^3 - xi), F_q12 = F_q6[w]/(w^2 - v) with xi = 9 + u,
/// the tower of EIP-197, go-ethereum, snarkjs and arkworks. The Frobenius coefficients are derived
/// from xi (and xi is checked to be neither a square nor a cube) when the tower is first used.
/// </summary>
public readonly struct Bn254TowerParams : ISexticTowerParams<Fq2>
{
    /// <summary>xi's coefficient at 1: xi = 9 + u.</summary>
    private const ulong XiReal = 9;

    private static readonly Fq2 Xi = new(Fq.FromUInt64(XiReal), Fq.One);

    /// <summary>u^2 = -1 and xi = c + u, the shape the native kernel's tower takes.</summary>
    private static readonly nint NativeParameters = NativeModulus<FqParams>.Tower(XiReal);

    public static Fq2 NonResidue => Xi;

    /// <summary>(a0 + a1 u)(9 + u) = (9 a0 - a1) + (a0 + 9 a1) u, with 9a = 8a + a by three doublings.</summary>
    public static void MulByNonResidue(in Fq2 a, out Fq2 r)
    {
        Fq.Double(a.C0, out var nine0);
        Fq.Double(nine0, out nine0);
        Fq.Double(nine0, out nine0);
        Fq.Add(nine0, a.C0, out nine0);
        Fq.Double(a.C1, out var nine1);
        Fq.Double(nine1, out nine1);
        Fq.Double(nine1, out nine1);
        Fq.Add(nine1, a.C1, out nine1);
        Fq.Sub(nine0, a.C1, out var c0);
        Fq.Add(nine1, a.C0, out var c1);
        r = new Fq2(c0, c1);
    }

    public static BigInteger Characteristic => Fq.Modulus;

    /// <summary>u^q = -u (u^2 = -1 and q = 3 mod 4), so the q-power map is conjugation.</summary>
    public static void FrobeniusOfBase(in Fq2 a, out Fq2 r) => Fq2.Conjugate(a, out r);

    public static string Name => "BN254 Fq12";

    static nint ISexticTowerParams<Fq2>.NativeTowerParameters => NativeParameters;
}

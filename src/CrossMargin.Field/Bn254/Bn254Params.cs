namespace CrossMargin.Field.Bn254;

/// <summary>
/// BN254's base field modulus
/// q = 21888242871839275222246405745257275088696311157297823662689037894645226208583
///   = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47.
/// q = 3 mod 4, so square roots are a single exponentiation.
/// </summary>
public readonly struct FqParams : IMontgomery256Params
{
    public static ulong P0 => 0x3c208c16d87cfd47;
    public static ulong P1 => 0x97816a916871ca8d;
    public static ulong P2 => 0xb85045b68181585d;
    public static ulong P3 => 0x30644e72e131a029;
    public static ulong NegInvP0 => 0x87d20782e4866389;
    public static ulong MultiplicativeGenerator => 3;
    public static string Name => "BN254 Fq";
}

/// <summary>
/// BN254's scalar field modulus (the order of G1 and G2, circom's prime)
/// r = 21888242871839275222246405745257275088548364400416034343698204186575808495617
///   = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001.
/// r - 1 = 2^28 * odd, so NTTs of every size up to 2^28 exist; 5 generates F_r^*.
/// </summary>
public readonly struct FrParams : IMontgomery256Params
{
    public static ulong P0 => 0x43e1f593f0000001;
    public static ulong P1 => 0x2833e84879b97091;
    public static ulong P2 => 0xb85045b68181585d;
    public static ulong P3 => 0x30644e72e131a029;
    public static ulong NegInvP0 => 0xc2e1f593efffffff;
    public static ulong MultiplicativeGenerator => 5;
    public static string Name => "BN254 Fr";
}

/// <summary>F_q2 = F_q[u]/(u^2 + 1): beta = -1, a non-residue since q = 3 mod 4.</summary>
public readonly struct Fq2Params : IQuadraticExtensionParams<Montgomery256<FqParams>>
{
    public static void MulByNonResidue(in Montgomery256<FqParams> a, out Montgomery256<FqParams> r) =>
        Montgomery256<FqParams>.Neg(a, out r);

    public static string Name => "BN254 Fq2";
    public static bool NonResidueIsMinusOne => true;
}

using CrossMargin.Field.Wide;

namespace CrossMargin.Field.Tests.Wide;

// The wide kernel takes everything from the parameter set, so a second field is a second set:
// two more moduli at the ends of the range it accepts, run through the same suite.

/// <summary>p = 2^130 - 5 (Poly1305's prime): most limbs of p are zero.</summary>
public readonly struct Poly1305Params : IMontgomery256Params
{
    public static ulong P0 => 0xfffffffffffffffb;
    public static ulong P1 => 0xffffffffffffffff;
    public static ulong P2 => 0x3;
    public static ulong P3 => 0x0;
    public static ulong NegInvP0 => 0xcccccccccccccccd;
    public static ulong MultiplicativeGenerator => 2;
    public static string Name => "2^130 - 5";
}

/// <summary>
/// p = 2^254 - 245, the largest prime below 2^254, the kernel's bound: lazily reduced values
/// reach 2^255, and (2p)^2 / 2^256 comes within a hair of p.
/// </summary>
public readonly struct Near254Params : IMontgomery256Params
{
    public static ulong P0 => 0xffffffffffffff0b;
    public static ulong P1 => 0xffffffffffffffff;
    public static ulong P2 => 0xffffffffffffffff;
    public static ulong P3 => 0x3fffffffffffffff;
    public static ulong NegInvP0 => 0x1913da62386cab5d;
    public static ulong MultiplicativeGenerator => 2;
    public static string Name => "2^254 - 245";
}

public sealed class WideKernelTestsPoly1305x256 : WideKernelTests<Poly1305Params, Lanes256>;
public sealed class WideKernelTestsPoly1305x1 : WideKernelTests<Poly1305Params, Lanes1>;
public sealed class WideKernelTestsNear254x256 : WideKernelTests<Near254Params, Lanes256>;
public sealed class WideKernelTestsNear254x1 : WideKernelTests<Near254Params, Lanes1>;

using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace CrossMargin.Field;

/// <summary>
/// The native field kernel, libcrossmargin_native.so (Native/montgomery_x86_64.S, built by this
/// project when the machine has a C compiler driver, and copied next to every program that uses
/// the field): Montgomery multiplication of four-limb elements with mulx, adcx and adox, which
/// the JIT cannot emit. <see cref="Montgomery256{TParams}.Mul"/> calls it where it is loaded and
/// falls back to its own C# otherwise; the C# stays the reference the tests hold it to.
/// </summary>
/// <remarks>
/// Loaded once, at first use, when all of these hold: the process runs on x86-64 Linux; the
/// processor has BMI2 and ADX (CPUID leaf 7: EBX bits 8 and 19), as the .NET runtime reports
/// them (so <c>DOTNET_EnableHWIntrinsic=0</c> and <c>DOTNET_EnableBMI2=0</c> turn it off too);
/// the environment does not set <c>CROSSMARGIN_NATIVE_KERNEL=0</c>; and the library is in the
/// program's folder. <see cref="Status"/> says which held. The calls suppress the GC transition:
/// the function is a few dozen instructions that neither block nor call back.
/// </remarks>
public static unsafe class NativeKernel
{
    /// <summary>The library's file name, beside the program's assemblies (or its native executable).</summary>
    public const string LibraryName = "libcrossmargin_native.so";

    /// <summary>The environment variable that turns the kernel off when set to 0 (the test command's managed pass).</summary>
    public const string DisableVariable = "CROSSMARGIN_NATIVE_KERNEL";

    /// <summary>cm_montgomery_mul4(a, b, params = {p0, p1, p2, p3, n0}, r): r = a b / 2^256 mod p, limbs little-endian.</summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, void> MontgomeryMul4;

    /// <summary>cm_fp2_mul(a, b, params, r): r = a b in F_p[u]/(u^2 + 1), elements as (c0, c1), each four Montgomery limbs.</summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, void> Fp2Mul;

    /// <summary>cm_fp2_square(a, params, r): r = a^2 in F_p[u]/(u^2 + 1).</summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, void> Fp2Square;

    /// <summary>Whether the kernel is loaded and used.</summary>
    public static bool IsLoaded => MontgomeryMul4 != null;

    /// <summary>Why the kernel is or is not in use (the tests print it when they find it missing).</summary>
    public static string Status { get; }

    static NativeKernel()
    {
        Status = Load(out var library);
        if (library == 0) return;
        MontgomeryMul4 = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_montgomery_mul4");
        Fp2Mul = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_fp2_mul");
        Fp2Square = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_fp2_square");
    }

    /// <summary>The library's entry points; a library without all of them is not used.</summary>
    private static readonly string[] Exports = ["cm_montgomery_mul4", "cm_fp2_mul", "cm_fp2_square"];

    private static string Load(out nint library)
    {
        library = 0;
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return $"not used: the kernel is built for x86-64 Linux, not {RuntimeInformation.OSDescription} on {RuntimeInformation.ProcessArchitecture}";
        if (Environment.GetEnvironmentVariable(DisableVariable) == "0")
            return $"not used: {DisableVariable}=0";
        if (!Bmi2.X64.IsSupported || !HasAdx())
            return "not used: the processor (as the runtime reports it) lacks BMI2 or ADX";
        var path = Path.Combine(AppContext.BaseDirectory, LibraryName);
        if (!File.Exists(path))
            return $"not used: {path} was not built (no C compiler driver when the project was built)";
        if (!NativeLibrary.TryLoad(path, out library))
        {
            library = 0;
            return $"not used: {path} could not be loaded";
        }
        foreach (var name in Exports)
        {
            if (NativeLibrary.TryGetExport(library, name, out _)) continue;
            library = 0;
            return $"not used: {path} lacks {name}";
        }
        return $"loaded from {path}";
    }

    /// <summary>ADX (adcx, adox): CPUID leaf 7, sub-leaf 0, EBX bit 19. .NET has no intrinsic class for it.</summary>
    private static bool HasAdx() => X86Base.IsSupported && (X86Base.CpuId(7, 0).Ebx & (1 << 19)) != 0;
}

/// <summary>
/// A four-limb modulus's parameters in the layout the native kernel reads (p0..p3, n0), in native
/// memory that never moves; and whether the kernel may take this modulus at all: its "no carry"
/// rounds need the top limb of p below 2^63 - 1 (BN254's Fq and Fr: 0x30644e72...).
/// </summary>
internal static unsafe class NativeModulus<TParams> where TParams : struct, IMontgomery256Params
{
    public static readonly ulong* Parameters;

    public static readonly bool UseKernel;

    static NativeModulus()
    {
        Parameters = (ulong*)NativeMemory.Alloc(5, sizeof(ulong));
        Parameters[0] = TParams.P0;
        Parameters[1] = TParams.P1;
        Parameters[2] = TParams.P2;
        Parameters[3] = TParams.P3;
        Parameters[4] = TParams.NegInvP0;
        UseKernel = NativeKernel.IsLoaded && TParams.P3 < 0x7FFF_FFFF_FFFF_FFFFUL;
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace CrossMargin.Field;

/// <summary>
/// The native field kernel, libcrossmargin_native.so (Native/montgomery_x86_64.S and the C files
/// beside it, built by this project when the machine has a C compiler driver, and copied next to
/// every program that uses the field): Montgomery multiplication of four-limb elements with mulx,
/// adcx and adox, which the JIT cannot emit; F_p2's product and square on it; and around those,
/// the pairing tower's F_p12 products, the Miller loop's steps on the twist, Jacobian point
/// doubling and addition, the NTT's butterflies and span products, and modular inversion.
/// <see cref="Montgomery256{TParams}.Mul"/>, <see cref="QuadraticExtension{TBase, TParams}"/>,
/// <see cref="Fp12{TFp2, TTower}"/>, in CrossMargin.Curves MillerSteps and JacobianPoint, and in
/// CrossMargin.Poly NttKernels call it where it is loaded and fall back to their own C#
/// otherwise; the C# stays the reference the tests hold it to.
/// </summary>
/// <remarks>
/// Loaded once, at first use, when all of these hold: the process runs on x86-64 Linux; the
/// processor has BMI2 and ADX (CPUID leaf 7: EBX bits 8 and 19), as the .NET runtime reports
/// them (so <c>DOTNET_EnableHWIntrinsic=0</c> and <c>DOTNET_EnableBMI2=0</c> turn it off too);
/// the environment does not set <c>CROSSMARGIN_NATIVE_KERNEL=0</c>; and the library is in the
/// program's folder. <see cref="Status"/> says which held. The calls on single elements suppress
/// the GC transition: each such function is straight-line arithmetic (at most about a
/// microsecond, an F_p12 product) that neither blocks nor calls back. The calls on runs of
/// elements (the NTT's) do not.
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

    /// <summary>
    /// cm_modular_inverse(x, params, r): r = x^-1 mod p for 0 &lt; x &lt; p (Native/inverse.c, Bernstein
    /// and Yang's division steps); returns 1, or 0 with r untouched where the steps did not end as
    /// they must (the caller then takes <see cref="Montgomery256{TParams}"/>'s own inversion).
    /// </summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, int> ModularInverse;

    // The tower (Native/tower_x86_64.c): F_p12 = F_p6[w]/(w^2 - v), F_p6 = F_p2[v]/(v^3 - xi),
    // xi = c + u, elements laid out as Fp12 and Fp6 lay them out; the last argument but one is the
    // parameter block of NativeModulus<TParams>.Tower (p0..p3, n0, c). Each is its C# twin's formula.

    /// <summary>cm_fp12_mul(a, b, params, r): <see cref="Fp12{TFp2, TTower}.Mul"/>.</summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, void> Fp12Mul;

    /// <summary>cm_fp12_square(a, params, r): <see cref="Fp12{TFp2, TTower}.Square"/>.</summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, void> Fp12Square;

    /// <summary>cm_fp12_cyclotomic_square(a, params, r): <see cref="Fp12{TFp2, TTower}.CyclotomicSquare"/>.</summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, void> Fp12CyclotomicSquare;

    /// <summary>cm_fp12_mul_by_034(a, b0, b3, b4, params, r): <see cref="Fp12{TFp2, TTower}.MulBy034"/>.</summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, ulong*, ulong*, void> Fp12MulBy034;

    /// <summary>cm_fp12_mul_034_by_034(a0, a3, a4, b0, b3, b4, params, r): <see cref="Fp12{TFp2, TTower}.Mul034By034"/>.</summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, ulong*, ulong*, ulong*, ulong*, void> Fp12Mul034By034;

    /// <summary>cm_fp12_mul_by_line_product(a, l, params, r): <see cref="Fp12{TFp2, TTower}.MulByLineProduct"/>.</summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, void> Fp12MulByLineProduct;

    /// <summary>cm_twist_double_step(t, threeB, px, py, params, line): MillerSteps.Double (CrossMargin.Curves) with the tangent evaluated at P.</summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, ulong*, ulong*, void> TwistDoubleStep;

    /// <summary>cm_twist_add_step(t, qx, qy, px, py, params, line): MillerSteps.Add (CrossMargin.Curves) with the chord evaluated at P.</summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, ulong*, ulong*, ulong*, void> TwistAddStep;

    // Jacobian points on y^2 = x^3 + b (Native/points_x86_64.c), over F_p (Fp...) and over
    // F_p[u]/(u^2 + 1) (Fp2...), with the field's NativeKernelModulus: the formulas of
    // JacobianPoint (CrossMargin.Curves) for finite points; an addition returns 1 where the sum
    // is infinity, which it leaves to the caller to write.

    /// <summary>cm_fp_jacobian_double(p, params, r).</summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, void> FpJacobianDouble;

    /// <summary>cm_fp_jacobian_add(p, q, params, r): 1 where p = -q.</summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, int> FpJacobianAdd;

    /// <summary>cm_fp_jacobian_add_mixed(p, affine q, params, r): 1 where p = -q.</summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, int> FpJacobianAddMixed;

    /// <summary>cm_fp2_jacobian_double(p, params, r).</summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, void> Fp2JacobianDouble;

    /// <summary>cm_fp2_jacobian_add(p, q, params, r): 1 where p = -q.</summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, int> Fp2JacobianAdd;

    /// <summary>cm_fp2_jacobian_add_mixed(p, affine q, params, r): 1 where p = -q.</summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, int> Fp2JacobianAddMixed;

    // The NTT's butterflies over F_p and span products (Native/ntt_x86_64.c), on elements of a
    // field whose NativeKernelModulus is the last argument: the twins of NttKernels' butterfly
    // runs (CrossMargin.Poly) and of Montgomery256.MulMany. Counts are elements, not bytes. These
    // take the ordinary GC transition: one call is a run of tens to thousands of products (a
    // cache block's stages take over a hundred microseconds), too long to hold off a collection
    // for, and the transition's few nanoseconds are nothing beside it.

    /// <summary>cm_fp_dif_butterflies(lo, hi, count, table, tableLength, j0, stride, inverse, params): NttKernels.DifButterfliesManaged.</summary>
    internal static readonly delegate* unmanaged<ulong*, ulong*, ulong, ulong*, ulong, ulong, ulong, int, ulong*, void> FpDifButterflies;

    /// <summary>cm_fp_dit_butterflies(lo, hi, count, table, j0, stride, params): NttKernels.DitButterfliesManaged.</summary>
    internal static readonly delegate* unmanaged<ulong*, ulong*, ulong, ulong*, ulong, ulong, ulong*, void> FpDitButterflies;

    /// <summary>cm_fp_dif_block(block, blockLength, compactTwiddles, inverse, params): NttKernels.DifBlockManaged.</summary>
    internal static readonly delegate* unmanaged<ulong*, ulong, ulong*, int, ulong*, void> FpDifBlock;

    /// <summary>cm_fp_dit_block(block, blockLength, compactTwiddles, params): NttKernels.DitBlockManaged.</summary>
    internal static readonly delegate* unmanaged<ulong*, ulong, ulong*, ulong*, void> FpDitBlock;

    /// <summary>cm_fp_mul_many(a, b, r, count, params): r[k] = a[k] b[k], Montgomery products; r may alias a or b.</summary>
    internal static readonly delegate* unmanaged<ulong*, ulong*, ulong*, ulong, ulong*, void> FpMulMany;

    // Eight products at once on AVX-512 IFMA (Native/ifma_x86_64.c): span products, the NTT's
    // butterflies (same arguments as the four-limb runs above), decoded points' checks and
    // batch-affine additions, on
    // elements of a field whose
    // modulus is below 2^254 (NativeModulus.UseIfma), parameters last as above. Handed out only
    // where the processor has IFMA (HasIfma); ordinary GC transition, like the runs above.

    /// <summary>cm_ifma_fp_mul_many(a, b, r, count, params): <see cref="FpMulMany"/> eight at a time.</summary>
    internal static readonly delegate* unmanaged<ulong*, ulong*, ulong*, ulong, ulong*, void> IfmaFpMulMany;

    /// <summary>cm_ifma_fp_dif_butterflies: <see cref="FpDifButterflies"/> eight butterflies at a time.</summary>
    internal static readonly delegate* unmanaged<ulong*, ulong*, ulong, ulong*, ulong, ulong, ulong, int, ulong*, void> IfmaFpDifButterflies;

    /// <summary>cm_ifma_fp_dit_butterflies: <see cref="FpDitButterflies"/> eight butterflies at a time.</summary>
    internal static readonly delegate* unmanaged<ulong*, ulong*, ulong, ulong*, ulong, ulong, ulong*, void> IfmaFpDitButterflies;

    /// <summary>cm_ifma_fp_dif_block: <see cref="FpDifBlock"/> with the block in 52-bit lanes through all its stages (16 to 1,024 elements; other lengths four-limb).</summary>
    internal static readonly delegate* unmanaged<ulong*, ulong, ulong*, int, ulong*, void> IfmaFpDifBlock;

    /// <summary>cm_ifma_fp_dit_block: <see cref="FpDitBlock"/> with the block in 52-bit lanes through all its stages (16 to 1,024 elements; other lengths four-limb).</summary>
    internal static readonly delegate* unmanaged<ulong*, ulong, ulong*, ulong*, void> IfmaFpDitBlock;

    /// <summary>cm_ifma_fp_points_valid(points, count, b, params): 1 where every point (x, y) has canonical coordinates and y^2 = x^3 + b, or is (0, 0); else 0.</summary>
    internal static readonly delegate* unmanaged<ulong*, ulong, ulong*, ulong*, int> IfmaFpPointsValid;

    /// <summary>cm_ifma_fp2_points_valid: <see cref="IfmaFpPointsValid"/> over F_p2.</summary>
    internal static readonly delegate* unmanaged<ulong*, ulong, ulong*, ulong*, int> IfmaFp2PointsValid;

    // The batch-affine additions targets[index[j]] += addends[j] (AffineXY points, CrossMargin.Curves'
    // WideAffineBatch), over F_p (Fp...) and over F_p[u]/(u^2 + 1) (Fp2...), in two halves around
    // the caller's inversion of sixteen chain products (Native/affine_batch_ifma.inc).

    /// <summary>cm_ifma_fp_affine_batch_begin(targets, index, addends, count, records, params, products): stores an 80-word record per block of eight (prefix product, denominator), writes the sixteen chains' products.</summary>
    internal static readonly delegate* unmanaged<ulong*, int*, ulong*, ulong, ulong*, ulong*, ulong*, void> IfmaFpAffineBatchBegin;

    /// <summary>cm_ifma_fp_affine_batch_end(targets, index, addends, count, records, inverses, params): the additions, given the products' inverses.</summary>
    internal static readonly delegate* unmanaged<ulong*, int*, ulong*, ulong, ulong*, ulong*, ulong*, void> IfmaFpAffineBatchEnd;

    /// <summary>cm_ifma_fp2_affine_batch_begin: as <see cref="IfmaFpAffineBatchBegin"/> over F_p2, 160 words per block.</summary>
    internal static readonly delegate* unmanaged<ulong*, int*, ulong*, ulong, ulong*, ulong*, ulong*, void> IfmaFp2AffineBatchBegin;

    /// <summary>cm_ifma_fp2_affine_batch_end: as <see cref="IfmaFpAffineBatchEnd"/> over F_p2.</summary>
    internal static readonly delegate* unmanaged<ulong*, int*, ulong*, ulong, ulong*, ulong*, ulong*, void> IfmaFp2AffineBatchEnd;

    /// <summary>
    /// cm_ifma_fp_window_add(state, digits, members, points, start, end): AffineBuckets.Add
    /// (CrossMargin.Curves) over members [start, end) of one MSM window, batches run on the IFMA
    /// additions with their inversion in the kernel too (affine_batch_ifma.inc, its last part).
    /// Returns end; the first member not taken where the queue filled (the caller empties it and
    /// calls again); or -1 where a digit named a bucket past the window's or a batch had no inverse.
    /// </summary>
    internal static readonly delegate* unmanaged<NativeWindowState*, ushort*, int*, ulong*, long, long, long> IfmaFpWindowAdd;

    /// <summary>cm_ifma_fp2_window_add: as <see cref="IfmaFpWindowAdd"/> over F_p2.</summary>
    internal static readonly delegate* unmanaged<NativeWindowState*, ushort*, int*, ulong*, long, long, long> IfmaFp2WindowAdd;

    /// <summary>
    /// cm_ifma_fp_weighted_sum_steps(state, running, total, buckets, segments, length): the
    /// batched steps of AffineBuckets.SegmentedWeightedSum (CrossMargin.Curves) on the state's
    /// batch arrays; 0, or -1 where a batch had no inverse.
    /// </summary>
    internal static readonly delegate* unmanaged<NativeWindowState*, ulong*, ulong*, ulong*, long, long, long> IfmaFpWeightedSumSteps;

    /// <summary>cm_ifma_fp2_weighted_sum_steps: as <see cref="IfmaFpWeightedSumSteps"/> over F_p2.</summary>
    internal static readonly delegate* unmanaged<NativeWindowState*, ulong*, ulong*, ulong*, long, long, long> IfmaFp2WeightedSumSteps;

    /// <summary>Whether the kernel is loaded and used.</summary>
    public static bool IsLoaded => MontgomeryMul4 != null;

    /// <summary>
    /// The environment variable that turns off only the IFMA entry points when set to 0, leaving
    /// the rest of the kernel in use (to compare the two on one machine).
    /// </summary>
    public const string DisableIfmaVariable = "CROSSMARGIN_NATIVE_IFMA";

    /// <summary>
    /// Whether the IFMA entry points are used: the kernel is loaded, the runtime reports AVX-512F
    /// usable (so <c>DOTNET_EnableAVX512F=0</c> turns them off), CPUID reports AVX512_IFMA (leaf 7,
    /// sub-leaf 0, EBX bit 21; .NET 10 has no intrinsic class for it), and
    /// <see cref="DisableIfmaVariable"/> is not 0.
    /// </summary>
    public static bool HasIfma { get; }

    /// <summary>Why the kernel is or is not in use (the tests print it when they find it missing).</summary>
    public static string Status { get; }

    static NativeKernel()
    {
        Status = Load(out var library);
        if (library == 0) return;
        MontgomeryMul4 = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_montgomery_mul4");
        Fp2Mul = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_fp2_mul");
        Fp2Square = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_fp2_square");
        ModularInverse = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, int>)NativeLibrary.GetExport(library, "cm_modular_inverse");
        Fp12Mul = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_fp12_mul");
        Fp12Square = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_fp12_square");
        Fp12CyclotomicSquare = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_fp12_cyclotomic_square");
        Fp12MulBy034 = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_fp12_mul_by_034");
        Fp12Mul034By034 = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, ulong*, ulong*, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_fp12_mul_034_by_034");
        Fp12MulByLineProduct = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_fp12_mul_by_line_product");
        TwistDoubleStep = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_twist_double_step");
        TwistAddStep = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, ulong*, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_twist_add_step");
        FpJacobianDouble = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_fp_jacobian_double");
        FpJacobianAdd = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, int>)NativeLibrary.GetExport(library, "cm_fp_jacobian_add");
        FpJacobianAddMixed = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, int>)NativeLibrary.GetExport(library, "cm_fp_jacobian_add_mixed");
        Fp2JacobianDouble = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_fp2_jacobian_double");
        Fp2JacobianAdd = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, int>)NativeLibrary.GetExport(library, "cm_fp2_jacobian_add");
        Fp2JacobianAddMixed = (delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, int>)NativeLibrary.GetExport(library, "cm_fp2_jacobian_add_mixed");
        FpDifButterflies = (delegate* unmanaged<ulong*, ulong*, ulong, ulong*, ulong, ulong, ulong, int, ulong*, void>)NativeLibrary.GetExport(library, "cm_fp_dif_butterflies");
        FpDitButterflies = (delegate* unmanaged<ulong*, ulong*, ulong, ulong*, ulong, ulong, ulong*, void>)NativeLibrary.GetExport(library, "cm_fp_dit_butterflies");
        FpDifBlock = (delegate* unmanaged<ulong*, ulong, ulong*, int, ulong*, void>)NativeLibrary.GetExport(library, "cm_fp_dif_block");
        FpDitBlock = (delegate* unmanaged<ulong*, ulong, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_fp_dit_block");
        FpMulMany = (delegate* unmanaged<ulong*, ulong*, ulong*, ulong, ulong*, void>)NativeLibrary.GetExport(library, "cm_fp_mul_many");
        HasIfma = Avx512F.IsSupported && (X86Base.CpuId(7, 0).Ebx & (1 << 21)) != 0 && Environment.GetEnvironmentVariable(DisableIfmaVariable) != "0";
        if (!HasIfma) return;
        IfmaFpMulMany = (delegate* unmanaged<ulong*, ulong*, ulong*, ulong, ulong*, void>)NativeLibrary.GetExport(library, "cm_ifma_fp_mul_many");
        IfmaFpDifButterflies = (delegate* unmanaged<ulong*, ulong*, ulong, ulong*, ulong, ulong, ulong, int, ulong*, void>)NativeLibrary.GetExport(library, "cm_ifma_fp_dif_butterflies");
        IfmaFpDitButterflies = (delegate* unmanaged<ulong*, ulong*, ulong, ulong*, ulong, ulong, ulong*, void>)NativeLibrary.GetExport(library, "cm_ifma_fp_dit_butterflies");
        IfmaFpDifBlock = (delegate* unmanaged<ulong*, ulong, ulong*, int, ulong*, void>)NativeLibrary.GetExport(library, "cm_ifma_fp_dif_block");
        IfmaFpDitBlock = (delegate* unmanaged<ulong*, ulong, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_ifma_fp_dit_block");
        IfmaFpPointsValid = (delegate* unmanaged<ulong*, ulong, ulong*, ulong*, int>)NativeLibrary.GetExport(library, "cm_ifma_fp_points_valid");
        IfmaFp2PointsValid = (delegate* unmanaged<ulong*, ulong, ulong*, ulong*, int>)NativeLibrary.GetExport(library, "cm_ifma_fp2_points_valid");
        IfmaFpAffineBatchBegin = (delegate* unmanaged<ulong*, int*, ulong*, ulong, ulong*, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_ifma_fp_affine_batch_begin");
        IfmaFpAffineBatchEnd = (delegate* unmanaged<ulong*, int*, ulong*, ulong, ulong*, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_ifma_fp_affine_batch_end");
        IfmaFp2AffineBatchBegin = (delegate* unmanaged<ulong*, int*, ulong*, ulong, ulong*, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_ifma_fp2_affine_batch_begin");
        IfmaFp2AffineBatchEnd = (delegate* unmanaged<ulong*, int*, ulong*, ulong, ulong*, ulong*, ulong*, void>)NativeLibrary.GetExport(library, "cm_ifma_fp2_affine_batch_end");
        IfmaFpWindowAdd = (delegate* unmanaged<NativeWindowState*, ushort*, int*, ulong*, long, long, long>)NativeLibrary.GetExport(library, "cm_ifma_fp_window_add");
        IfmaFp2WindowAdd = (delegate* unmanaged<NativeWindowState*, ushort*, int*, ulong*, long, long, long>)NativeLibrary.GetExport(library, "cm_ifma_fp2_window_add");
        IfmaFpWeightedSumSteps = (delegate* unmanaged<NativeWindowState*, ulong*, ulong*, ulong*, long, long, long>)NativeLibrary.GetExport(library, "cm_ifma_fp_weighted_sum_steps");
        IfmaFp2WeightedSumSteps = (delegate* unmanaged<NativeWindowState*, ulong*, ulong*, ulong*, long, long, long>)NativeLibrary.GetExport(library, "cm_ifma_fp2_weighted_sum_steps");
    }

    /// <summary>The library's entry points; a library without all of them is not used.</summary>
    private static readonly string[] Exports =
    [
        "cm_montgomery_mul4", "cm_fp2_mul", "cm_fp2_square", "cm_modular_inverse",
        "cm_fp12_mul", "cm_fp12_square", "cm_fp12_cyclotomic_square", "cm_fp12_mul_by_034", "cm_fp12_mul_034_by_034", "cm_fp12_mul_by_line_product",
        "cm_twist_double_step", "cm_twist_add_step",
        "cm_fp_jacobian_double", "cm_fp_jacobian_add", "cm_fp_jacobian_add_mixed",
        "cm_fp2_jacobian_double", "cm_fp2_jacobian_add", "cm_fp2_jacobian_add_mixed",
        "cm_fp_dif_butterflies", "cm_fp_dit_butterflies", "cm_fp_dif_block", "cm_fp_dit_block", "cm_fp_mul_many",
        "cm_ifma_fp_mul_many", "cm_ifma_fp_dif_butterflies", "cm_ifma_fp_dit_butterflies", "cm_ifma_fp_dif_block", "cm_ifma_fp_dit_block",
        "cm_ifma_fp_affine_batch_begin", "cm_ifma_fp_affine_batch_end",
        "cm_ifma_fp2_affine_batch_begin", "cm_ifma_fp2_affine_batch_end", "cm_ifma_fp_points_valid", "cm_ifma_fp2_points_valid",
        "cm_ifma_fp_window_add", "cm_ifma_fp2_window_add", "cm_ifma_fp_weighted_sum_steps", "cm_ifma_fp2_weighted_sum_steps",
    ];

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

    /// <summary>
    /// The first limb of an element, for <c>fixed</c>: the kernel takes elements by address, laid
    /// out as their structs are (four limbs an F_p element, coefficients in order), and fixed pins
    /// whatever the element lives in for the call.
    /// </summary>
    internal static ref ulong Limbs<T>(ref readonly T element) where T : struct =>
        ref Unsafe.As<T, ulong>(ref Unsafe.AsRef(in element));

    /// <summary>ADX (adcx, adox): CPUID leaf 7, sub-leaf 0, EBX bit 19. .NET has no intrinsic class for it.</summary>
    private static bool HasAdx() => X86Base.IsSupported && (X86Base.CpuId(7, 0).Ebx & (1 << 19)) != 0;
}

/// <summary>
/// A four-limb modulus's parameters in the layout the native kernel reads (p0..p3, n0, then
/// R^3 mod p, R = 2^256, for the kernel's inversions), in native memory that never moves; and whether the kernel may take this modulus at all: its "no carry"
/// rounds need the top limb of p below 2^63 - 1 (BN254's Fq and Fr: 0x30644e72...), and its IFMA
/// entry points p below 2^254.
/// </summary>
internal static unsafe class NativeModulus<TParams> where TParams : struct, IMontgomery256Params
{
    public static readonly ulong* Parameters;

    public static readonly bool UseKernel;

    /// <summary>Whether the IFMA entry points take this modulus: the kernel's IFMA is in use and p &lt; 2^254 (their bounds' condition).</summary>
    public static readonly bool UseIfma;

    static NativeModulus()
    {
        Parameters = (ulong*)NativeMemory.Alloc(9, sizeof(ulong));
        Parameters[0] = TParams.P0;
        Parameters[1] = TParams.P1;
        Parameters[2] = TParams.P2;
        Parameters[3] = TParams.P3;
        Parameters[4] = TParams.NegInvP0;
        // From the integers, not Montgomery256's constants, whose products may ask this class.
        var p = TParams.P0 + ((BigInteger)TParams.P1 << 64) + ((BigInteger)TParams.P2 << 128) + ((BigInteger)TParams.P3 << 192);
        var rCubed = BigInteger.ModPow(BigInteger.One << 256, 3, p);
        for (var i = 0; i < 4; i++) Parameters[5 + i] = (ulong)((rCubed >> (64 * i)) & ulong.MaxValue);
        UseKernel = NativeKernel.IsLoaded && TParams.P3 < 0x7FFF_FFFF_FFFF_FFFFUL;
        UseIfma = UseKernel && NativeKernel.HasIfma && TParams.P3 < 1UL << 62;
    }

    /// <summary>
    /// The tower's parameter block (p0..p3, n0, c) for F_p2 = F_p[u]/(u^2 + 1) over this field and
    /// xi = c + u, in native memory that never moves; 0 where the kernel does not take this field.
    /// A tower's parameter set asks once and keeps it (<see cref="ISexticTowerParams{TFp2}.NativeTowerParameters"/>).
    /// </summary>
    public static nint Tower(ulong xiReal)
    {
        if (!UseKernel) return 0;
        if (xiReal == 0) throw new ArgumentOutOfRangeException(nameof(xiReal), "the kernel's product by xi = c + u takes c >= 1");
        var block = (ulong*)NativeMemory.Alloc(6, sizeof(ulong));   // p0..p3, n0, c
        for (var i = 0; i < 5; i++) block[i] = Parameters[i];
        block[5] = xiReal;
        return (nint)block;
    }
}

/// <summary>
/// One MSM window's batch-affine buckets as the kernel's window loop reads and updates them
/// (window_state in Native/ifma_x86_64.c, field for field): the arrays of AffineBuckets
/// (CrossMargin.Curves), pinned by the caller for the call, and its counts, written back.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeWindowState
{
    /// <summary>The buckets, as AffineXY: (x, y), (0, 0) for an empty one.</summary>
    public void* Buckets;
    /// <summary>One byte a bucket: 1 where the batch being gathered has taken it.</summary>
    public bool* InBatch;
    public int* BatchTarget;
    public void* BatchAddend;
    public int* QueueTarget;
    public void* QueueAddend;
    /// <summary>The batch's scratch: 80 words a coefficient for each block of eight additions.</summary>
    public ulong* Records;
    /// <summary><see cref="NativeModulus{TParams}.Parameters"/>.</summary>
    public ulong* Parameters;
    /// <summary>Of the batch and of the queue.</summary>
    public int Capacity;
    public int BatchCount;
    public int QueueCount;
    public int BucketCount;
    /// <summary>
    /// The kernel's own: each batched addition's point by address (plus 1 where it enters negated),
    /// one word a batch slot; the kernel copies the points into BatchAddend before it hands back.
    /// </summary>
    public ulong* BatchRef;
}

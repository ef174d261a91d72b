using System.Numerics;
using CrossMargin.Curves.Encodings;
using CrossMargin.Groth16;
using CrossMargin.Snarkjs;

namespace CrossMargin.Chain.Actors.Auditor;

/// <summary>The verification key is not the one the deployed verifier holds: proofs checked under it say nothing about what the gate accepted.</summary>
public sealed class KeyNotDeployedException(string message) : InvalidStatementException(message);

/// <summary>
/// The deployed verifier contract is the key's pin. The generated verifier
/// (Groth16VerifierGenerator, contracts/src/generated) holds the key as constants: alpha and each
/// IC point as (x, y), beta, gamma and delta negated, each G2 coordinate pair imaginary part
/// first (the precompile's order). solc emits each constant as a PUSH immediate of its
/// significant bytes (PUSH32 for all but about one in 256) where the code uses it, and the code
/// uses each point's words together and the IC points in index order: a key is the deployed
/// one when each of those groups appears in the runtime code as one run of immediates (smaller
/// pushes between them aside). The count of IC points is pinned by the caller (the key's public
/// count against the gate's statement).
/// </summary>
public static class VerifierKeyPin
{
    /// <summary>
    /// The key's words the verifier must hold, in groups that its code pushes one after the
    /// other (alpha; -beta; -gamma; -delta; every IC point in index order), each word named.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<(string Name, BigInteger Value)>> Constants(VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> g1 = stackalloc byte[EvmPointEncoding.G1Size];
        Span<byte> g2 = stackalloc byte[EvmPointEncoding.G2Size];
        var groups = new List<IReadOnlyList<(string, BigInteger)>>();
        EvmPointEncoding.WriteG1(key.Alpha1, g1);
        groups.Add(Words("alpha", g1));
        EvmPointEncoding.WriteG2(key.Beta2.Negate(), g2);
        groups.Add(Words("-beta", g2));
        EvmPointEncoding.WriteG2(key.Gamma2.Negate(), g2);
        groups.Add(Words("-gamma", g2));
        EvmPointEncoding.WriteG2(key.Delta2.Negate(), g2);
        groups.Add(Words("-delta", g2));
        var ic = new List<(string, BigInteger)>();
        for (var i = 0; i < key.IC.Length; i++)
        {
            EvmPointEncoding.WriteG1(key.IC[i], g1);
            ic.AddRange(Words($"IC[{i}]", g1));
        }
        groups.Add(ic);
        return groups;
    }

    /// <summary>
    /// What <paramref name="runtimeCode"/> lacks of the key (empty: the key is the deployed one):
    /// a constant it does not push at all, or a group whose constants it pushes but never as one
    /// run in this order (IC points permuted, say). Pushes of values below 2^64 (offsets, sizes,
    /// counts) are skipped; a key coordinate below 2^64 would be a 2^-190 accident.
    /// </summary>
    public static IReadOnlyList<string> Missing(VerificationKey key, ReadOnlySpan<byte> runtimeCode)
    {
        var pushed = PushImmediates(runtimeCode).Where(v => v >> 64 != 0).ToList();
        var present = pushed.ToHashSet();
        var missing = new List<string>();
        foreach (var group in Constants(key))
        {
            var absent = group.Where(w => !present.Contains(w.Value)).Select(w => w.Name).ToList();
            if (absent.Count > 0) missing.AddRange(absent);
            else if (!ContainsRun(pushed, group)) missing.Add($"{group[0].Name}..{group[^1].Name} (each present, not in the verifier's order)");
        }
        return missing;
    }

    private static bool ContainsRun(List<BigInteger> pushed, IReadOnlyList<(string Name, BigInteger Value)> run)
    {
        for (var start = 0; start + run.Count <= pushed.Count; start++)
        {
            var j = 0;
            while (j < run.Count && pushed[start + j] == run[j].Value) j++;
            if (j == run.Count) return true;
        }
        return false;
    }

    /// <summary>
    /// Refuses <paramref name="key"/> unless the verifier at <paramref name="verifierCode"/> holds
    /// it: <see cref="KeyNotDeployedException"/> naming the verifier, the key's SHA-256 and the
    /// first constants missing.
    /// </summary>
    public static void Require(VerificationKey key, string verifier, ReadOnlySpan<byte> verifierCode)
    {
        if (verifierCode.IsEmpty)
            throw new KeyNotDeployedException($"the gate's verifier {verifier} has no code: nothing pins the key");
        var missing = Missing(key, verifierCode);
        if (missing.Count > 0)
            throw new KeyNotDeployedException(
                $"the verification key (sha256 {KeyDigest.Of(key)}) is not the one the gate's verifier {verifier} holds: "
                + $"{missing.Count} of its constants are not in the verifier's code ({string.Join(", ", missing.Take(6))}{(missing.Count > 6 ? ", ..." : "")})");
    }

    private static List<(string, BigInteger)> Words(string name, ReadOnlySpan<byte> bytes)
    {
        string[] parts = bytes.Length == EvmPointEncoding.G1Size ? ["x", "y"] : ["x.c1", "x.c0", "y.c1", "y.c0"];
        var words = new List<(string, BigInteger)>(parts.Length);
        for (var i = 0; i < parts.Length; i++)
            words.Add(($"{name}.{parts[i]}", new BigInteger(bytes.Slice(32 * i, 32), isUnsigned: true, isBigEndian: true)));
        return words;
    }

    /// <summary>Every PUSH1..PUSH32 immediate of the code in code order, walked instruction by instruction (so that data inside an immediate is never read as an opcode).</summary>
    private static List<BigInteger> PushImmediates(ReadOnlySpan<byte> code)
    {
        const byte push1 = 0x60, push32 = 0x7f;
        var values = new List<BigInteger>();
        for (var pc = 0; pc < code.Length; pc++)
        {
            var op = code[pc];
            if (op is < push1 or > push32) continue;
            var size = op - push1 + 1;
            var end = Math.Min(code.Length, pc + 1 + size);
            values.Add(new BigInteger(code[(pc + 1)..end], isUnsigned: true, isBigEndian: true));
            pc += size;
        }
        return values;
    }
}

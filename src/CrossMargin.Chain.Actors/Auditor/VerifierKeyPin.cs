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
/// significant bytes (PUSH32 for all but about one in 256), so a key is the deployed one when
/// every one of those words appears in the runtime code as such an immediate. The count of IC
/// points is pinned too: the key's public count must be the verifier's.
/// </summary>
public static class VerifierKeyPin
{
    /// <summary>The key's words the verifier must hold, in the generator's order, each named.</summary>
    public static IReadOnlyList<(string Name, BigInteger Value)> Constants(VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var words = new List<(string, BigInteger)>();
        Span<byte> g1 = stackalloc byte[EvmPointEncoding.G1Size];
        Span<byte> g2 = stackalloc byte[EvmPointEncoding.G2Size];
        EvmPointEncoding.WriteG1(key.Alpha1, g1);
        AddWords(words, "alpha", g1);
        EvmPointEncoding.WriteG2(key.Beta2.Negate(), g2);
        AddWords(words, "-beta", g2);
        EvmPointEncoding.WriteG2(key.Gamma2.Negate(), g2);
        AddWords(words, "-gamma", g2);
        EvmPointEncoding.WriteG2(key.Delta2.Negate(), g2);
        AddWords(words, "-delta", g2);
        for (var i = 0; i < key.IC.Length; i++)
        {
            EvmPointEncoding.WriteG1(key.IC[i], g1);
            AddWords(words, $"IC[{i}]", g1);
        }
        return words;
    }

    /// <summary>The key's constants that <paramref name="runtimeCode"/> does not hold as PUSH immediates (empty: the key is the deployed one).</summary>
    public static IReadOnlyList<string> Missing(VerificationKey key, ReadOnlySpan<byte> runtimeCode)
    {
        var immediates = PushImmediates(runtimeCode);
        var missing = new List<string>();
        foreach (var (name, value) in Constants(key))
            if (!immediates.Contains(value)) missing.Add(name);
        return missing;
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

    private static void AddWords(List<(string, BigInteger)> words, string name, ReadOnlySpan<byte> bytes)
    {
        string[] parts = bytes.Length == EvmPointEncoding.G1Size ? ["x", "y"] : ["x.c1", "x.c0", "y.c1", "y.c0"];
        for (var i = 0; i < parts.Length; i++)
            words.Add(($"{name}.{parts[i]}", new BigInteger(bytes.Slice(32 * i, 32), isUnsigned: true, isBigEndian: true)));
    }

    /// <summary>Every PUSH1..PUSH32 immediate of the code, walked instruction by instruction (so that data inside an immediate is never read as an opcode).</summary>
    private static HashSet<BigInteger> PushImmediates(ReadOnlySpan<byte> code)
    {
        const byte push1 = 0x60, push32 = 0x7f;
        var values = new HashSet<BigInteger>();
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

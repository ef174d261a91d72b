using System.Security.Cryptography;
using CrossMargin.Groth16;

namespace CrossMargin.Snarkjs;

/// <summary>
/// The name a verifier pins a key by: the SHA-256 (lowercase hex) of the key as
/// `zkey export verificationkey` writes verification_key.json (snarkjs's bytes, which ours
/// match). The same key gives the same digest whether it came from a .zkey or a JSON file, and
/// `sha256sum verification_key.json` of an exported key shows it. The one implementation: the
/// CLI's --vk-hash, `margin prove`'s report and the Solidity verifier's header all use it.
/// </summary>
/// <remarks>
/// Pinning is what protects a verifier from a key whose maker knows its trapdoor: a key that
/// passes <see cref="DegenerateKeys.Refuse(VerificationKey)"/> may still be one its maker can
/// forge proofs for; a verifier accepts proofs only under the key its ceremony produced.
/// </remarks>
public static class KeyDigest
{
    /// <summary>Hex digits in a digest.</summary>
    public const int HexLength = 64;

    /// <summary>SHA-256 of <see cref="SnarkjsJson.VerificationKeyBytes"/>, lowercase hex.</summary>
    public static string Of(VerificationKey key) => Convert.ToHexStringLower(SHA256.HashData(SnarkjsJson.VerificationKeyBytes(key)));

    /// <summary>
    /// <paramref name="text"/> as a digest (64 hex digits, either case), lowercase; false for
    /// anything else (a "0x" prefix, a shorter or longer string, a non-hex character).
    /// </summary>
    public static bool TryParse(string? text, out string digest)
    {
        digest = "";
        if (text is null || text.Length != HexLength || !text.All(char.IsAsciiHexDigit)) return false;
        digest = text.ToLowerInvariant();
        return true;
    }
}

using System.Numerics;
using CrossMargin.Chain.Contracts;
using Nethereum.ABI.EIP712;
using Nethereum.Signer;

namespace CrossMargin.Chain.Actors.Relay;

/// <summary>
/// The committee members whose keys one relay holds, signing attestations as the destination
/// registry's mirrorCommitment checks them: the EIP-712 digest of the Attestation under the
/// registry's domain (name "CrossMargin CollateralRegistry", version "1", the destination chain
/// id, the registry's address), each signature 65 bytes (r, s, v with v 27 or 28), the
/// signatures in strictly ascending order of signer address.
/// </summary>
/// <remarks>
/// The digest is computed here with Nethereum's EIP-712 encoder rather than asked of the
/// registry (its attestationDigest view): signing what a node says is signing whatever a broken
/// or hostile endpoint hands over. A test holds the two equal.
/// </remarks>
public sealed class CommitteeSigner
{
    public const string DomainName = "CrossMargin CollateralRegistry";
    public const string DomainVersion = "1";

    private readonly IReadOnlyList<EthECKey> _keys;
    private readonly TypedData<Domain> _typedData;

    /// <summary>
    /// Signers for the registry at <paramref name="destinationRegistry"/> on chain
    /// <paramref name="destinationChainId"/>, holding <paramref name="keys"/> (at least one, no
    /// two of the same member), kept in ascending order of their addresses.
    /// </summary>
    public CommitteeSigner(IEnumerable<EthECKey> keys, ulong destinationChainId, string destinationRegistry)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentException.ThrowIfNullOrEmpty(destinationRegistry);
        // Addresses are 40 hex digits, so comparing them lowercased as text orders them as numbers.
        _keys = [.. keys.OrderBy(k => k.GetPublicAddress().ToLowerInvariant(), StringComparer.Ordinal)];
        if (_keys.Count == 0) throw new ArgumentException("a committee signer needs at least one key", nameof(keys));
        Members = [.. _keys.Select(k => k.GetPublicAddress())];
        if (Members.Distinct(StringComparer.OrdinalIgnoreCase).Count() != Members.Count)
            throw new ArgumentException("two keys are of the same member", nameof(keys));
        _typedData = new TypedData<Domain>
        {
            Domain = new Domain
            {
                Name = DomainName,
                Version = DomainVersion,
                ChainId = destinationChainId,
                VerifyingContract = destinationRegistry,
            },
            Types = MemberDescriptionFactory.GetTypesMemberDescription(typeof(Domain), typeof(Attestation)),
            PrimaryType = nameof(Attestation),
        };
    }

    /// <summary>The members' addresses, ascending: the order of the signatures.</summary>
    public IReadOnlyList<string> Members { get; }

    /// <summary>The EIP-712 digest of <paramref name="attestation"/> that the registry recovers each signer from.</summary>
    public byte[] Digest(Attestation attestation)
    {
        ArgumentNullException.ThrowIfNull(attestation);
        return Eip712TypedDataEncoder.Current.EncodeAndHashTypedData(attestation, _typedData);
    }

    /// <summary>One 65-byte signature of <paramref name="attestation"/> per held key, in ascending signer order.</summary>
    public List<byte[]> Sign(Attestation attestation)
    {
        var digest = Digest(attestation);
        return [.. _keys.Select(key => Signature(key.SignAndCalculateV(digest)))];
    }

    // r and s are integers that Nethereum gives in their shortest big-endian form; the registry
    // reads each as a 32-byte word.
    private static byte[] Signature(EthECDSASignature signature)
    {
        var bytes = new byte[65];
        signature.R.CopyTo(bytes, 32 - signature.R.Length);
        signature.S.CopyTo(bytes, 64 - signature.S.Length);
        bytes[64] = signature.V.Single();
        return bytes;
    }

    /// <summary>The key for <paramref name="hex"/> (32 bytes, 0x optional), refused unless it is a valid secp256k1 private key.</summary>
    public static bool TryParseKey(string hex, out EthECKey? key)
    {
        key = null;
        var digits = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        if (digits.Length != 64 || !digits.All(char.IsAsciiHexDigit)) return false;
        var value = BigInteger.Parse("0" + digits, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        if (value.IsZero || value >= Secp256k1Order) return false;
        key = new EthECKey(digits);
        return true;
    }

    private static readonly BigInteger Secp256k1Order =
        BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
}

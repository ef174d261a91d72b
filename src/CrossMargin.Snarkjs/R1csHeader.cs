using System.Numerics;

namespace CrossMargin.Snarkjs;

/// <summary>
/// The header section (type 1) of a circom .r1cs file (iden3/r1csfile, version 1):
/// <code>
/// n8:u32 | prime[n8] (little-endian) | nWires:u32 | nPubOut:u32 | nPubIn:u32 | nPrvIn:u32
///        | nLabels:u64 | nConstraints:u32
/// </code>
/// Wire 0 is the constant 1; then come the public outputs, the public inputs and the private
/// inputs, in that order, then the intermediate signals.
/// </summary>
public sealed record R1csHeader(
    int FieldSize,
    BigInteger Prime,
    uint Wires,
    uint PublicOutputs,
    uint PublicInputs,
    uint PrivateInputs,
    ulong Labels,
    uint Constraints)
{
    public const string Magic = "r1cs";
    public const uint SectionType = 1;

    /// <summary>Public signals as snarkjs counts them (outputs, then public inputs).</summary>
    public uint PublicSignals => PublicOutputs + PublicInputs;

    /// <summary>Opens <paramref name="path"/> and reads its header.</summary>
    public static R1csHeader Read(string path)
    {
        using var file = BinFile.Open(path, Magic, maxVersion: 1);
        return Read(file);
    }

    public static R1csHeader Read(BinFile file)
    {
        var r = file.Read(SectionType, "header");
        var n8 = r.ReadUInt32("field size n8");
        // Field elements are whole 64-bit words in every format that follows; 8..64 bytes covers
        // every pairing-friendly curve circom supports.
        if (n8 == 0 || n8 % 8 != 0 || n8 > 64)
            throw r.Error(-4, $"field size {n8} bytes is not a positive multiple of 8 up to 64");
        var prime = new BigInteger(r.ReadBytes((int)n8, "prime"), isUnsigned: true, isBigEndian: false);
        if (prime < 2)
            throw r.Error(-(int)n8, $"prime {prime} is not a field modulus");
        var wires = r.ReadUInt32("wire count");
        var outputs = r.ReadUInt32("public output count");
        var publicInputs = r.ReadUInt32("public input count");
        var privateInputs = r.ReadUInt32("private input count");
        var labels = r.ReadUInt64("label count");
        var constraints = r.ReadUInt32("constraint count");
        r.EnsureConsumed();

        // Wire 0 (the constant one) and the public signals (outputs, then public inputs) are the
        // first wires. Private inputs need not be: circom drops the wire of a private input that
        // no constraint uses (--O2 also substitutes some away) and still counts it in nPrvIn.
        if ((ulong)outputs + publicInputs + 1 > wires)
            throw r.Error(-28, $"{wires} wires cannot hold the constant one, {outputs} outputs and {publicInputs} public inputs");
        // Every signal has a label, wired or not: the constant one, main's outputs and inputs
        // (public and private, including those circom dropped) take the first labels, so nPrvIn
        // is bounded by the labels even where the wires cannot bound it; every wire is a signal,
        // so nWires <= nLabels. (A header claiming 2^31 private inputs beside 1,390 wires made
        // the audit count every wire an input.) The map section ties nLabels to the wires.
        if ((ulong)outputs + publicInputs + privateInputs + 1 > labels)
            throw r.Error(-12, $"{labels} labels cannot hold the constant one, {outputs} outputs, {publicInputs} public and {privateInputs} private inputs");
        if (wires > labels)
            throw r.Error(-12, $"{wires} wires but only {labels} labels; every wire is a labelled signal");

        return new R1csHeader((int)n8, prime, wires, outputs, publicInputs, privateInputs, labels, constraints);
    }
}

using System.Buffers.Binary;
using CrossMargin.Snarkjs;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Snarkjs.Tests;

/// <summary>
/// A .r1cs header is cross-checked against itself and its sections, and an unknown section is
/// refused by number (issue 11: nPrvIn = 2^31 beside 1,390 wires was accepted, and the audit then
/// counted every wire an input). Each case edits one field of a real compiled circuit.
/// </summary>
public class R1csConsistencyTests
{
    // Offsets inside the header section's body (R1csHeader): n8, prime[32], then the counts.
    private const int Wires = 36, PublicOutputs = 40, PublicInputs = 44, PrivateInputs = 48, Labels = 52, Constraints = 60;

    private static byte[] Original(string circuit = "smoke/poseidon_preimage") => File.ReadAllBytes(RepoLayout.Circuit(circuit).R1cs);

    /// <summary>Offset and size of each section's body, by type.</summary>
    private static Dictionary<uint, (int Offset, int Size)> Sections(byte[] file)
    {
        var sections = new Dictionary<uint, (int, int)>();
        var count = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(8));
        var at = 12;
        for (var i = 0; i < count; i++)
        {
            var type = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at));
            var size = (int)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(at + 4));
            sections[type] = (at + 12, size);
            at += 12 + size;
        }
        return sections;
    }

    private static byte[] WithHeaderU32(byte[] file, int field, uint value)
    {
        var copy = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(Sections(file)[1].Offset + field), value);
        return copy;
    }

    private static byte[] WithHeaderU64(byte[] file, int field, ulong value)
    {
        var copy = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(Sections(file)[1].Offset + field), value);
        return copy;
    }

    private static uint U32(byte[] file, int field) => BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(Sections(file)[1].Offset + field));

    private static ulong U64(byte[] file, int field) => BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(Sections(file)[1].Offset + field));

    /// <summary>Reads <paramref name="bytes"/> as a .r1cs, whole and header only, expecting a refusal containing <paramref name="problem"/> from the whole read.</summary>
    private static CircomFormatException Refused(byte[] bytes, string problem, bool headerAlso = true)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, bytes);
            var e = Assert.Throws<CircomFormatException>(() => R1csFile.Read(path));
            Assert.Contains(problem, e.Message, StringComparison.Ordinal);
            if (headerAlso) Assert.Throws<CircomFormatException>(() => R1csHeader.Read(path));
            return e;
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheIssuesHeader_2To31PrivateInputs_IsRefused_AgainstTheLabels()
    {
        var original = Original();
        Refused(WithHeaderU32(original, PrivateInputs, 1u << 31), "labels cannot hold");
        Refused(WithHeaderU32(original, PrivateInputs, uint.MaxValue), "labels cannot hold");
        // One more private input than the labels can hold, and exactly as many as they can.
        var labels = U64(original, Labels);
        var room = (uint)labels - 1 - U32(original, PublicOutputs) - U32(original, PublicInputs);
        Refused(WithHeaderU32(original, PrivateInputs, room + 1), "labels cannot hold");
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, WithHeaderU32(original, PrivateInputs, room));
            Assert.Equal(room, R1csFile.Read(path).Header.PrivateInputs);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void PublicCountsBeyondTheLabels_AreRefused()
    {
        var original = Original();
        var labels = (uint)U64(original, Labels);
        Refused(WithHeaderU32(original, PublicOutputs, labels), "cannot hold");
        Refused(WithHeaderU32(original, PublicInputs, labels - 1), "cannot hold");
    }

    [Fact]
    public void FewerLabelsThanWires_IsRefused()
    {
        var original = Original();
        var wires = U32(original, Wires);
        Refused(WithHeaderU64(original, Labels, wires - 1), "labels");
        Refused(WithHeaderU64(original, Labels, 1), "labels");
        Refused(WithHeaderU64(original, Labels, 0), "labels");
    }

    [Fact]
    public void TheWireAndConstraintCounts_AreCheckedAgainstTheirSections()
    {
        var original = Original();
        var wires = U32(original, Wires);
        var constraints = U32(original, Constraints);
        // nWires against the map's length (its labels stay within the header's count).
        Refused(WithHeaderU32(original, Wires, wires + 1), "wires need", headerAlso: false);
        Refused(WithHeaderU32(original, Wires, wires - 1), "beyond the", headerAlso: false); // a constraint's wire, before the map
        // nConstraints against section 2, read exactly.
        Refused(WithHeaderU32(original, Constraints, constraints + 1), "", headerAlso: false);
        Refused(WithHeaderU32(original, Constraints, constraints - 1), "", headerAlso: false);
        Refused(WithHeaderU32(original, Constraints, 0), "", headerAlso: false);
    }

    [Fact]
    public void AWireToLabelMap_OutOfSignalOrder_IsRefused()
    {
        var original = Original();
        var map = Sections(original)[3].Offset;
        var publicSignals = U32(original, PublicOutputs) + U32(original, PublicInputs);
        Assert.True(publicSignals >= 1);

        // The public output's wire mapped to another label.
        var moved = (byte[])original.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(moved.AsSpan(map + 8), 2);
        Refused(moved, "public signals are wires 0 to", headerAlso: false);

        // Wire 0 is the constant one, label 0.
        var one = (byte[])original.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(one.AsSpan(map), 1);
        Refused(one, "wire 0 maps to label 1", headerAlso: false);

        // Two private wires swapped, then two wires on one label.
        var last = U32(original, Wires) - 1;
        var swapped = (byte[])original.Clone();
        var a = original.AsSpan(map + 8 * (int)(last - 1), 8).ToArray();
        original.AsSpan(map + 8 * (int)last, 8).CopyTo(swapped.AsSpan(map + 8 * (int)(last - 1)));
        a.CopyTo(swapped.AsSpan(map + 8 * (int)last));
        Refused(swapped, "circom numbers wires in label order", headerAlso: false);
        var shared = (byte[])original.Clone();
        original.AsSpan(map + 8 * (int)(last - 1), 8).CopyTo(shared.AsSpan(map + 8 * (int)last));
        Refused(shared, "circom numbers wires in label order", headerAlso: false);
    }

    [Theory]
    [InlineData(6u)]
    [InlineData(7u)]
    [InlineData(0u)]
    [InlineData(0xFFFFFFFFu)]
    public void AnUnknownSection_IsRefusedByNumber(uint type)
    {
        var original = Original();
        var extra = new byte[12 + 5];
        BinaryPrimitives.WriteUInt32LittleEndian(extra, type);
        BinaryPrimitives.WriteUInt64LittleEndian(extra.AsSpan(4), 5);
        var bytes = original.Concat(extra).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), BinaryPrimitives.ReadUInt32LittleEndian(original.AsSpan(8)) + 1);
        Refused(bytes, $"unknown section {type} (5 bytes) in a .r1cs", headerAlso: false);
    }

    [Fact]
    public void AnUnknownSection_InAWitness_IsRefusedByNumber()
    {
        var original = File.ReadAllBytes(RepoLayout.Vectors("snarkjs-groth16", "witness.wtns"));
        var extra = new byte[12 + 3];
        BinaryPrimitives.WriteUInt32LittleEndian(extra, 3);
        BinaryPrimitives.WriteUInt64LittleEndian(extra.AsSpan(4), 3);
        var bytes = original.Concat(extra).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), BinaryPrimitives.ReadUInt32LittleEndian(original.AsSpan(8)) + 1);
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, bytes);
            var e = Assert.Throws<CircomFormatException>(() => WtnsFile.Read(path));
            Assert.Contains("unknown section 3 (3 bytes) in a .wtns", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("smoke/poseidon_preimage")]
    [InlineData("margin/solvency_small")]
    [InlineData("testing/formats/dropped_input")]
    [InlineData("testing/underconstrained/num2bits")]
    public void EveryCompiledCircuit_MeetsTheCrossChecks(string circuit)
    {
        var r1cs = R1csFile.Read(RepoLayout.Circuit(circuit).R1cs);
        Assert.True(r1cs.Header.Labels >= 1UL + r1cs.Header.PublicSignals + r1cs.Header.PrivateInputs);
        Assert.Equal((int)r1cs.Header.Constraints, r1cs.System.Constraints.Count);
    }
}

using System.Globalization;
using CrossMargin.R1cs;

namespace CrossMargin.Snarkjs;

/// <summary>
/// A circom .r1cs file (iden3/r1csfile version 1), read whole and checked:
/// <code>
/// section 1 header       see <see cref="R1csHeader"/>
/// section 2 constraints  per constraint, A, B, C as { nTerms:u32, { wire:u32, coeff[n8] }* }
///                        (coefficients little-endian, canonical)
/// section 3 wire->label  nWires x u64
/// sections 4, 5          custom gates (PLONK only): refused, Groth16 cannot use them
/// </code>
/// Every count is checked against the bytes that remain before anything is allocated, every
/// wire index against the wire count, every coefficient for canonical form, and every section
/// must be consumed exactly. The header's counts are cross-checked: against each other
/// (<see cref="R1csHeader"/>), against the sections (the constraint count against section 2
/// consumed exactly, nWires against section 3's length), and the map against the signal order
/// (wires 0..nPublic are labels 0..nPublic, labels increase with wires). Unknown sections are
/// refused by number.
/// </summary>
public sealed class R1csFile
{
    private R1csFile(R1csHeader header, ConstraintSystem system, ulong[] wireToLabel)
    {
        Header = header;
        System = system;
        WireToLabel = wireToLabel;
    }

    public R1csHeader Header { get; }

    /// <summary>The constraints with the header's wire layout.</summary>
    public ConstraintSystem System { get; }

    /// <summary>The .sym label id of each wire (circom's optimiser may leave labels without wires).</summary>
    public IReadOnlyList<ulong> WireToLabel { get; }

    public static R1csFile Read(string path)
    {
        using var file = BinFile.Open(path, R1csHeader.Magic, maxVersion: 1);
        var header = R1csHeader.Read(file);
        if (header.Prime != Fr.Modulus)
            throw new CircomFormatException(path, "header", 0, $"prime {header.Prime} is not BN254's scalar field");
        if (file.Has(4) || file.Has(5))
            throw new CircomFormatException(path, "custom gates", 0, "the circuit uses custom gates (circom --O2 with PLONK gates), which Groth16 cannot prove");
        // Sections 1 to 3 are the format; an unknown one is named and refused, as the .ptau,
        // .zkey and .wtns readers refuse sections they do not know.
        foreach (var section in file.Sections)
            if (section.Type is not (1 or 2 or 3))
                throw new CircomFormatException(path, null, section.Offset - 12, $"unknown section {section.Type} ({section.Size} bytes) in a .r1cs; the format has sections 1 (header), 2 (constraints), 3 (wire to label map)");

        var reader = file.Read(2, "constraints");
        // Each constraint holds at least three term counts.
        if ((ulong)header.Constraints * 12 > (ulong)reader.Remaining)
            throw reader.Error(0, $"{header.Constraints} constraints cannot fit in {reader.Remaining} bytes");
        var constraints = new Constraint[header.Constraints];
        for (var i = 0; i < constraints.Length; i++)
            constraints[i] = new Constraint(ReadCombination(reader, header), ReadCombination(reader, header), ReadCombination(reader, header));
        reader.EnsureConsumed();

        var map = file.Read(3, "wire to label map");
        if ((ulong)map.Remaining != (ulong)header.Wires * 8)
            throw map.Error(0, $"{header.Wires} wires need {(ulong)header.Wires * 8} bytes, the section has {map.Remaining}");
        var labels = new ulong[header.Wires];
        for (var w = 0; w < labels.Length; w++)
        {
            labels[w] = map.ReadUInt64("label id");
            if (labels[w] >= header.Labels)
                throw map.Error(-8, $"wire {w} maps to label {labels[w]}, beyond the {header.Labels} labels");
            // Wire 0 (the one) and the public signals are never dropped or substituted: wire w is
            // label w up to the last public input. Two wires never share a signal.
            if (w <= header.PublicSignals && labels[w] != (ulong)w)
                throw map.Error(-8, $"wire {w} maps to label {labels[w]}; the constant one and the {header.PublicSignals} public signals are wires 0 to {header.PublicSignals} with labels 0 to {header.PublicSignals}");
            if (w > 0 && labels[w] <= labels[w - 1])
                throw map.Error(-8, $"wire {w} maps to label {labels[w]}, not after wire {w - 1}'s label {labels[w - 1]}; circom numbers wires in label order");
        }
        var system = new ConstraintSystem((int)header.Wires, (int)header.PublicOutputs, (int)header.PublicInputs, (int)Math.Min(header.PrivateInputs, int.MaxValue), constraints);
        return new R1csFile(header, system, labels);
    }

    private static LinearCombination ReadCombination(SectionReader reader, R1csHeader header)
    {
        var terms = reader.ReadUInt32("term count");
        if ((ulong)terms * 36 > (ulong)reader.Remaining)
            throw reader.Error(-4, $"{terms} terms of 36 bytes cannot fit in the {reader.Remaining} bytes left");
        if (terms == 0) return LinearCombination.Empty;
        var wires = new int[terms];
        var coefficients = new Fr[terms];
        Span<byte> buffer = stackalloc byte[32];
        for (var k = 0; k < terms; k++)
        {
            var wire = reader.ReadUInt32("wire index");
            if (wire >= header.Wires)
                throw reader.Error(-4, $"wire {wire} is beyond the {header.Wires} wires");
            wires[k] = (int)wire;
            reader.Fill(buffer, "coefficient");
            if (!Fr.TryReadLittleEndian(buffer, out coefficients[k]))
                throw reader.Error(-32, "coefficient is not below the prime");
        }
        return new LinearCombination(wires, coefficients);
    }

    /// <summary>
    /// Writes snarkjs's <c>r1cs export json</c> (r1csfile readR1cs as an object, bigints as decimal
    /// strings, <see cref="BfjWriter"/> layout): the header's figures, each constraint as three
    /// objects wire -> coefficient (keys in ascending wire order, as a JavaScript object orders
    /// integer keys; a repeated wire keeps its last coefficient), the wire-to-label map, and the
    /// (always empty) custom gates.
    /// </summary>
    public void WriteJson(string path)
    {
        using var w = new BfjWriter(path);
        w.StartObject();
        w.Key("n8"); w.Number(Header.FieldSize);
        w.Key("prime"); w.String(Header.Prime.ToString(CultureInfo.InvariantCulture));
        w.Key("nVars"); w.Number(Header.Wires);
        w.Key("nOutputs"); w.Number(Header.PublicOutputs);
        w.Key("nPubInputs"); w.Number(Header.PublicInputs);
        w.Key("nPrvInputs"); w.Number(Header.PrivateInputs);
        w.Key("nLabels"); w.Number((long)Header.Labels);
        w.Key("nConstraints"); w.Number(Header.Constraints);
        w.Key("useCustomGates"); w.Bool(false);
        w.Key("constraints");
        w.StartArray();
        foreach (var c in System.Constraints)
        {
            w.StartArray();
            foreach (var lc in (ReadOnlySpan<LinearCombination>)[c.A, c.B, c.C])
            {
                var terms = new SortedDictionary<int, Fr>();
                for (var k = 0; k < lc.Wires.Length; k++) terms[lc.Wires[k]] = lc.Coefficients[k];
                w.StartObject();
                foreach (var (wire, coefficient) in terms)
                {
                    w.Key(wire.ToString(CultureInfo.InvariantCulture));
                    w.Decimal(coefficient);
                }
                w.EndObject();
            }
            w.EndArray();
        }
        w.EndArray();
        w.Key("map");
        w.StartArray();
        foreach (var label in WireToLabel) w.Number((long)label);
        w.EndArray();
        w.Key("customGates"); w.StartArray(); w.EndArray();
        w.Key("customGatesUses"); w.StartArray(); w.EndArray();
        w.EndObject();
    }

    /// <summary>
    /// The wires' roles from their labels: main's signals take the first labels, in witness
    /// order (outputs, public inputs, private inputs). Wires follow the same order, except that
    /// circom drops an input no constraint uses yet still counts it in nPrvIn ("private inputs: 2
    /// (1 belong to witness)"), which shifts the wires after it; the labels do not shift.
    /// </summary>
    /// <summary>
    /// The labels of inputs that kept no wire: circom --O2 substitutes a private input used only
    /// in linear constraints by what it equals, so the constraint system no longer holds it and
    /// nothing in it fixes the signals that stand in for it.
    /// </summary>
    public IReadOnlyList<ulong> FoldedInputLabels()
    {
        var firstInputLabel = 1UL + Header.PublicOutputs;
        var endInputLabels = firstInputLabel + Header.PublicInputs + Header.PrivateInputs;
        var kept = WireToLabel.Where(label => label >= firstInputLabel && label < endInputLabels).ToHashSet();
        var folded = new List<ulong>();
        for (var label = firstInputLabel; label < endInputLabels; label++)
            if (!kept.Contains(label)) folded.Add(label);
        return folded;
    }

    /// <summary>Where circom writes a circuit's substitutions (--simplification_substitution): &lt;name&gt;_substitutions.json beside its .r1cs.</summary>
    public static string SubstitutionsPathFor(string r1csPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(r1csPath))!, Path.GetFileNameWithoutExtension(r1csPath) + "_substitutions.json");

    /// <summary>
    /// Each folded input (<see cref="FoldedInputLabels"/>) that circom's substitutions
    /// (<see cref="SnarkjsJson.ReadSubstitutions"/>) define, as the linear form over wires it
    /// equals: a substitution may name other removed signals, which are expanded in turn.
    /// </summary>
    public IReadOnlyList<(ulong Label, LinearCombination Form)> FoldedInputForms(IReadOnlyDictionary<ulong, IReadOnlyDictionary<ulong, Fr>> substitutions, string path)
    {
        ArgumentNullException.ThrowIfNull(substitutions);
        var wireOf = new Dictionary<ulong, int> { [0] = 0 };
        for (var w = 1; w < WireToLabel.Count; w++) wireOf.TryAdd(WireToLabel[w], w);
        var expanded = new Dictionary<ulong, Dictionary<int, Fr>>();
        var forms = new List<(ulong, LinearCombination)>();
        foreach (var label in FoldedInputLabels())
        {
            if (!substitutions.ContainsKey(label)) continue;
            var form = Expand(label, 0);
            var terms = form.Where(t => !t.Value.IsZero).OrderBy(t => t.Key).ToList();
            forms.Add((label, new LinearCombination([.. terms.Select(t => t.Key)], [.. terms.Select(t => t.Value)])));
        }
        return forms;

        Dictionary<int, Fr> Expand(ulong label, int depth)
        {
            if (expanded.TryGetValue(label, out var known)) return known;
            if (depth > 64) throw new CircomFormatException(path, null, 0, $"the substitution of signal {label} does not end (a cycle, or a chain over 64 deep)");
            var result = new Dictionary<int, Fr>();
            foreach (var (other, coefficient) in substitutions[label])
            {
                if (wireOf.TryGetValue(other, out var wire))
                {
                    result[wire] = result.GetValueOrDefault(wire) + coefficient;
                }
                else if (substitutions.ContainsKey(other))
                {
                    foreach (var (w, c) in Expand(other, depth + 1)) result[w] = result.GetValueOrDefault(w) + coefficient * c;
                }
                else
                {
                    throw new CircomFormatException(path, null, 0, $"the substitution of signal {label} names signal {other}, which is neither a wire of the .r1cs nor substituted");
                }
            }
            return expanded[label] = result;
        }
    }

    public WireRoles Roles()
    {
        var firstInputLabel = 1UL + Header.PublicOutputs;
        var endInputLabels = firstInputLabel + Header.PublicInputs + Header.PrivateInputs;
        var isInput = new bool[WireToLabel.Count];
        var isOutput = new bool[WireToLabel.Count];
        for (var w = 1; w < isInput.Length; w++)
        {
            var label = WireToLabel[w];
            isOutput[w] = label >= 1 && label < firstInputLabel;
            isInput[w] = label >= firstInputLabel && label < endInputLabels;
        }
        return new WireRoles(isInput, isOutput);
    }
}

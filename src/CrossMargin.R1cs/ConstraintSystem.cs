namespace CrossMargin.R1cs;

/// <summary>
/// A linear combination sum_k Coefficients[k] * w[Wires[k]] over a witness w (sparse: only the
/// non-zero terms). Wires may come in any order and may repeat (their terms then add up); every
/// wire must be below the system's wire count, which <see cref="ConstraintSystem"/> checks.
/// </summary>
public sealed record LinearCombination(int[] Wires, Fr[] Coefficients)
{
    public static LinearCombination Empty { get; } = new([], []);

    /// <summary>The value of the combination at <paramref name="witness"/>.</summary>
    public Fr Evaluate(ReadOnlySpan<Fr> witness)
    {
        var sum = Fr.Zero;
        for (var k = 0; k < Wires.Length; k++)
        {
            Fr.Mul(Coefficients[k], witness[Wires[k]], out var term);
            Fr.Add(sum, term, out sum);
        }
        return sum;
    }
}

/// <summary>One rank-1 constraint: &lt;A, w&gt; * &lt;B, w&gt; = &lt;C, w&gt;.</summary>
public sealed record Constraint(LinearCombination A, LinearCombination B, LinearCombination C)
{
    public bool IsSatisfiedBy(ReadOnlySpan<Fr> witness)
    {
        Fr.Mul(A.Evaluate(witness), B.Evaluate(witness), out var ab);
        return ab == C.Evaluate(witness);
    }

    /// <summary>Every wire the constraint mentions, in A, B, C order, repeats included.</summary>
    public IEnumerable<int> Wires => A.Wires.Concat(B.Wires).Concat(C.Wires);
}

/// <summary>
/// A rank-1 constraint system over BN254's scalar field with circom's wire layout: wire 0 is the
/// constant one, then <see cref="PublicOutputs"/> outputs, <see cref="PublicInputs"/> public
/// inputs and <see cref="PrivateInputs"/> private inputs, then every other signal. The public
/// signals of a proof are wires 1 ..= <see cref="PublicCount"/> (outputs first, as snarkjs
/// orders them).
/// </summary>
/// <remarks>
/// Invariants, checked on construction: the constant one and the public signals fit in the wires
/// (1 + outputs + public inputs &lt;= wires) and every wire of every constraint is below the wire
/// count. Private inputs are counted, but need not all be wires: circom drops the wire of a
/// private input no constraint uses and still counts it.
/// </remarks>
public sealed class ConstraintSystem
{
    public ConstraintSystem(int wireCount, int publicOutputs, int publicInputs, int privateInputs, IReadOnlyList<Constraint> constraints)
    {
        ArgumentNullException.ThrowIfNull(constraints);
        if (wireCount < 1 || publicOutputs < 0 || publicInputs < 0 || privateInputs < 0
            || 1L + publicOutputs + publicInputs > wireCount)
            throw new ArgumentException($"{wireCount} wires cannot hold the constant one, {publicOutputs} outputs and {publicInputs} public inputs");
        for (var k = 0; k < constraints.Count; k++)
            foreach (var wire in constraints[k].Wires)
                if ((uint)wire >= (uint)wireCount)
                    throw new ArgumentException($"constraint {k} names wire {wire}, beyond the {wireCount} wires");
        WireCount = wireCount;
        PublicOutputs = publicOutputs;
        PublicInputs = publicInputs;
        PrivateInputs = privateInputs;
        Constraints = constraints;
    }

    /// <summary>Witness length: the constant one and every signal.</summary>
    public int WireCount { get; }
    public int PublicOutputs { get; }
    public int PublicInputs { get; }
    public int PrivateInputs { get; }
    public IReadOnlyList<Constraint> Constraints { get; }

    /// <summary>Public signals of a proof: the outputs, then the public inputs.</summary>
    public int PublicCount => PublicOutputs + PublicInputs;

    /// <summary>The index of the first constraint the witness violates, or -1 when it satisfies all.</summary>
    /// <exception cref="ArgumentException">The witness does not have <see cref="WireCount"/> values.</exception>
    public int FirstUnsatisfied(ReadOnlySpan<Fr> witness)
    {
        if (witness.Length != WireCount)
            throw new ArgumentException($"the witness has {witness.Length} values; the circuit has {WireCount} wires", nameof(witness));
        for (var i = 0; i < Constraints.Count; i++)
            if (!Constraints[i].IsSatisfiedBy(witness)) return i;
        return -1;
    }
}

/// <summary>
/// What each wire of a witness is to a soundness argument: fixed (the constant one and the
/// inputs, public and private, which the prover cannot choose) or a public output (a change of
/// which is a false statement the verifier accepts). Every other wire is the prover's choice.
/// </summary>
public sealed class WireRoles
{
    private readonly bool[] _isInput;
    private readonly bool[] _isOutput;

    /// <param name="isInput">Per wire: an input (wire 0 is fixed whatever it says).</param>
    /// <param name="isOutput">Per wire: a public output. Same length.</param>
    public WireRoles(bool[] isInput, bool[] isOutput)
    {
        ArgumentNullException.ThrowIfNull(isInput);
        ArgumentNullException.ThrowIfNull(isOutput);
        if (isInput.Length != isOutput.Length)
            throw new ArgumentException($"{isInput.Length} input flags for {isOutput.Length} output flags");
        _isInput = isInput;
        _isOutput = isOutput;
    }

    public int WireCount => _isInput.Length;

    /// <summary>Wire 0 (the constant one) and the inputs, public and private.</summary>
    public bool IsFixed(int wire) => wire == 0 || _isInput[wire];

    public bool IsOutput(int wire) => _isOutput[wire];
}

namespace CrossMargin.Groth16;

/// <summary>
/// A Groth16 verification key (Groth, "On the Size of Pairing-based Non-interactive Arguments",
/// EUROCRYPT 2016): alpha in G1, beta, gamma, delta in G2, and IC[0..nPublic], the G1 points
/// that weight the constant one and each public signal.
/// </summary>
/// <remarks>
/// A key whose gamma equals delta has not been through a phase-2 contribution (snarkjs's
/// zkey before `contribute` has gamma = delta = the G2 generator): its toxic waste is known,
/// so proofs against it prove nothing. <see cref="DegenerateKeys.Refuse(VerificationKey)"/> refuses such a key and
/// the other degenerate shapes; <see cref="Verifier"/> and every reader of a key call it. No check
/// of the shape protects against the key's maker, who may know its trapdoor: verifiers pin the key.
/// </remarks>
public sealed record VerificationKey(G1Affine Alpha1, G2Affine Beta2, G2Affine Gamma2, G2Affine Delta2, G1Affine[] IC)
{
    /// <summary>Number of public signals (IC has one more point, for the constant one).</summary>
    public int PublicCount => IC.Length - 1;
}

/// <summary>A Groth16 proof (A in G1, B in G2, C in G1).</summary>
public sealed record Proof(G1Affine A, G2Affine B, G1Affine C);

/// <summary>One non-zero entry of the QAP matrices A or B as snarkjs's .zkey stores them.</summary>
/// <param name="Matrix">0 for A, 1 for B.</param>
/// <param name="Constraint">Row: the constraint index (rows past the R1CS are the public-input rows snarkjs adds).</param>
/// <param name="Signal">Column: the witness index.</param>
/// <param name="Value">The coefficient.</param>
public readonly record struct QapCoefficient(int Matrix, int Constraint, int Signal, Fr Value);

/// <summary>
/// A Groth16 proving key in the layout of snarkjs's .zkey: the per-signal bases
/// A[i] = u_i(tau) G1, B1[i] = v_i(tau) G1, B2[i] = v_i(tau) G2, C[i] for private signals
/// (beta u_i + alpha v_i + w_i)(tau)/delta G1, and H[j] the bases that weight the quotient
/// polynomial's values as <see cref="Reduction"/> computes them (the odd coset of the doubled
/// domain, for snarkjs's keys); plus the QAP coefficients the prover evaluates A and B with.
/// </summary>
public sealed record ProvingKey
{
    public required int SignalCount { get; init; }
    public required int PublicCount { get; init; }

    /// <summary>Size of the evaluation domain, a power of two.</summary>
    public required int DomainSize { get; init; }

    public required G1Affine Alpha1 { get; init; }
    public required G1Affine Beta1 { get; init; }
    public required G2Affine Beta2 { get; init; }
    public required G2Affine Gamma2 { get; init; }
    public required G1Affine Delta1 { get; init; }
    public required G2Affine Delta2 { get; init; }

    /// <summary>PublicCount + 1 points.</summary>
    public required G1Affine[] IC { get; init; }
    public required QapCoefficient[] Coefficients { get; init; }

    /// <summary>SignalCount points each.</summary>
    public required G1Affine[] A { get; init; }
    public required G1Affine[] B1 { get; init; }
    public required G2Affine[] B2 { get; init; }

    /// <summary>SignalCount - PublicCount - 1 points: for signals PublicCount + 1 onwards.</summary>
    public required G1Affine[] C { get; init; }

    /// <summary>DomainSize points.</summary>
    public required G1Affine[] H { get; init; }

    /// <summary>The QAP reduction the H bases were made for (snarkjs's, for every .zkey).</summary>
    public IQapReduction Reduction { get; init; } = OddCosetReduction.Instance;

    public VerificationKey VerificationKey => new(Alpha1, Beta2, Gamma2, Delta2, IC);
}

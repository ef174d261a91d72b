using CrossMargin.Curves;
using CrossMargin.Curves.Bn254;

using CrossMargin.Groth16;
using CrossMargin.R1cs;

namespace CrossMargin.Snarkjs.Ceremony;

/// <summary>
/// The initial Groth16 proving key of a circuit from a prepared powers of tau, exactly as
/// snarkjs's zkey_new.js (newZKey) computes it: gamma = delta = 1 (gamma2 = delta2 = G2, delta1 =
/// G1), the QAP matrices extended by one row per public signal (row nConstraints + s has A = 1 for
/// signal s, which keeps the public inputs independent), each signal's bases the sums of the
/// Lagrange points of its rows weighted by its coefficients, and H the odd-indexed Lagrange points
/// of the doubled domain.
/// </summary>
public static class Groth16Setup
{
    /// <summary>The domain snarkjs picks: 2^cirPower with cirPower = floor(log2(m + nPublic)) + 1.</summary>
    public static int DomainLog(int constraintCount, int publicCount)
    {
        var rows = (uint)(constraintCount + publicCount);
        return rows == 0 ? 1 : System.Numerics.BitOperations.Log2(rows) + 1;
    }

    /// <exception cref="ArgumentException">The powers of tau are too small for the circuit.</exception>
    public static ProvingKey Create(ConstraintSystem system,
        PowersOfTau tau, LagrangeBases lagrange, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        var (signalCount, publicCount, constraints) = (system.WireCount, system.PublicCount, system.Constraints);
        var log = DomainLog(constraints.Count, publicCount);
        if (log > tau.Power)
            throw new ArgumentException($"the circuit needs 2^{log} rows; the powers of tau stop at 2^{tau.Power}");
        if (log >= PowersOfTau.MaxPower)
            throw new ArgumentException("circuits of 2^28 rows are not supported");
        var n = 1 << log;
        var m = constraints.Count;
        var lTau = lagrange.TauG1Level(log).ToArray();
        var lTau2 = lagrange.TauG2Level(log).ToArray();
        var lAlpha = lagrange.AlphaTauG1Level(log).ToArray();
        var lBeta = lagrange.BetaTauG1Level(log).ToArray();

        // Terms per signal: (row, coefficient) of A, B and C; and the QAP coefficients in snarkjs's order.
        var a = Terms(signalCount);
        var b = Terms(signalCount);
        var c = Terms(signalCount);
        var coefficients = new List<QapCoefficient>();
        for (var row = 0; row < m; row++)
        {
            var constraint = constraints[row];
            Collect(constraint.A, row, a, coefficients, 0);
            Collect(constraint.B, row, b, coefficients, 1);
            Collect(constraint.C, row, c, null, 2);
        }
        for (var s = 0; s <= publicCount; s++)
        {
            a[s].Add((m + s, Fr.One));
            coefficients.Add(new QapCoefficient(0, m + s, s, Fr.One));
        }

        progress?.Invoke("A, B1, B2");
        var baseA = Compose(a, lTau);
        var baseB1 = Compose(b, lTau);
        var baseB2 = Compose(b, lTau2);
        progress?.Invoke("IC and C");
        // beta u_i + alpha v_i + w_i at tau (delta = gamma = 1 at first).
        var combined = new List<(int Row, Fr Value, int Source)>[signalCount];
        for (var s = 0; s < signalCount; s++)
        {
            var list = new List<(int, Fr, int)>(a[s].Count + b[s].Count + c[s].Count);
            foreach (var (r, v) in a[s]) list.Add((r, v, 0));
            foreach (var (r, v) in b[s]) list.Add((r, v, 1));
            foreach (var (r, v) in c[s]) list.Add((r, v, 2));
            combined[s] = list;
        }
        var icAndC = new G1Affine[signalCount];
        Parallel.For(0, signalCount, s =>
        {
            var acc = G1Jacobian.Infinity;
            foreach (var (r, v, source) in combined[s])
            {
                var point = source switch { 0 => lBeta[r], 1 => lAlpha[r], _ => lTau[r] };
                G1Jacobian.Add(acc, Bn254ScalarMultiplication.Multiply(point, v), out acc);
            }
            icAndC[s] = acc.ToAffine();
        });

        progress?.Invoke("H");
        var doubled = lagrange.TauG1Level(log + 1);
        var h = new G1Affine[n];
        for (var i = 0; i < n; i++) h[i] = doubled[2 * i + 1];

        return new ProvingKey
        {
            SignalCount = signalCount,
            PublicCount = publicCount,
            DomainSize = n,
            Alpha1 = tau.AlphaTauG1[0],
            Beta1 = tau.BetaTauG1[0],
            Beta2 = tau.BetaG2,
            Gamma2 = G2Curve.Generator,
            Delta1 = G1Curve.Generator,
            Delta2 = G2Curve.Generator,
            IC = icAndC[..(publicCount + 1)],
            C = icAndC[(publicCount + 1)..],
            Coefficients = [.. coefficients],
            A = baseA,
            B1 = baseB1,
            B2 = baseB2,
            H = h,
        };
    }

    private static List<(int Row, Fr Value)>[] Terms(int signals)
    {
        var result = new List<(int, Fr)>[signals];
        for (var i = 0; i < signals; i++) result[i] = [];
        return result;
    }

    private static void Collect(LinearCombination row, int index, List<(int Row, Fr Value)>[] terms, List<QapCoefficient>? coefficients, int matrix)
    {
        for (var k = 0; k < row.Wires.Length; k++)
        {
            var wire = row.Wires[k];
            terms[wire].Add((index, row.Coefficients[k]));
            coefficients?.Add(new QapCoefficient(matrix, index, wire, row.Coefficients[k]));
        }
    }

    /// <summary>For each signal, sum over its terms of coefficient * basis[row].</summary>
    private static AffinePoint<TField, TCurve>[] Compose<TField, TCurve>(List<(int Row, Fr Value)>[] terms, AffinePoint<TField, TCurve>[] basis)
        where TField : struct, Field.IField<TField>
        where TCurve : struct, IEndomorphismCurve<TField, TCurve>
    {
        var jacobian = new JacobianPoint<TField, TCurve>[terms.Length];
        Parallel.For(0, terms.Length, s =>
        {
            var acc = JacobianPoint<TField, TCurve>.Infinity;
            Span<ulong> limbs = stackalloc ulong[4];
            foreach (var (r, v) in terms[s])
            {
                v.ToCanonicalLimbs(limbs);
                JacobianPoint<TField, TCurve>.Add(acc, ScalarMultiplication.MultiplyGlv(basis[r].ToJacobian(), limbs), out acc);
            }
            jacobian[s] = acc;
        });
        var result = new AffinePoint<TField, TCurve>[terms.Length];
        JacobianPoint<TField, TCurve>.BatchToAffine(jacobian, result);
        return result;
    }
}

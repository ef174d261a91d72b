using System.Numerics;

using CrossMargin.R1cs;

namespace CrossMargin.Soundness;

/// <summary>
/// Finds under-constrained signals of a circuit at one satisfying witness w: changes of
/// non-input signals (one alone, a pair, or a cascade of many) that keep every constraint of the
/// R1CS satisfied with the inputs unchanged, and proves the witness unique when it can. Such a
/// change is a second witness for the same inputs, so a prover could use it; an output that can
/// change is a false statement the verifier accepts.
///
/// <para><b>Which signals.</b> Wire 0 (the constant one) and the public and private inputs
/// (header nPubIn, nPrvIn; found by their labels, since circom drops an unused input's wire)
/// are fixed; the outputs and every intermediate signal are examined.</para>
///
/// <para><b>Single signals, exactly.</b> Write x = x0 + d for the witness value x0. Restricted
/// to x, a constraint &lt;A,w&gt;&lt;B,w&gt; = &lt;C,w&gt; becomes
/// (Av + a d)(Bv + b d) - (Cv + c d) = ab d^2 + (Av b + a Bv - c) d = 0, where Av, Bv, Cv are the
/// values at w and a, b, c the coefficients of x: a polynomial with the root d = 0. Its solution
/// set is everything (both coefficients zero), {0} (one of them zero), or {0, -p/q}. The
/// intersection over the constraints that contain x is the exact set of values x can take; any
/// d != 0 in it is a finding. A signal in no constraint is free.</para>
///
/// <para><b>Pairs (x, y).</b> A pair is examined when neither signal is proven determined by
/// the inputs (see below; a determined signal is the same in every witness) and each alone is
/// pinned but only by constraints that contain the other (a pin elsewhere would hold it
/// whatever the partner does); it is solved over every constraint that contains x or y, in
/// deltas (d, e):
/// <list type="bullet">
/// <item>When one of them is linear in (d, e) after restriction (A or B has neither signal),
/// u d + v e = 0: if u or v is 0 the pair cannot move together (exact "no"); otherwise
/// (d, e) = (v t, -u t) and every constraint becomes a univariate polynomial in t with root 0,
/// solved exactly as above. This covers the common shapes: two signals tied by a linear constraint
/// (`out &lt;== mid + 1` with `mid &lt;--` unconstrained otherwise, IsZero without its
/// `in*out === 0`, a bit decomposition whose bits compensate each other).</item>
/// <item>Otherwise (every shared constraint quadratic in the pair) d is drawn at random
/// (<see cref="UnderconstraintOptions.RandomTrials"/>, seeded) and the constraints, now
/// quadratics in e, are solved exactly (square roots in Fr). This finds a solution curve (a
/// conic, x*y = k) with high probability, but it cannot find a pair whose joint solutions are
/// finitely many isolated points: those need a resultant and polynomial factoring over Fr.</item>
/// </list>
/// Triples and larger groups that only move together (three signals tied by two linear
/// constraints) are not examined; neither are changes of a signal that is itself a finding
/// (it is reported once, alone).</para>
///
/// <para><b>Uniqueness and cascades.</b> The signals the inputs determine are found by
/// propagation (see <see cref="Propagate"/>); when all are, the witness is the only one for
/// these inputs (<see cref="UnderconstraintReport.WitnessIsUnique"/>), whatever group of
/// signals one would change. From each undetermined signal not already in a finding (up to
/// <see cref="UnderconstraintOptions.RippleSeeds"/>, ranked by <see cref="RankSeeds"/>) a
/// second witness is built the way a prover would (see <see cref="Ripple"/>): this finds
/// changes that ripple through many signals (a deleted constraint in the middle of a hash).
/// Undetermined signals left without a finding are reported as unresolved.</para>
///
/// <para>Every finding is checked by evaluating the constraints it touches on the changed
/// witness before it is reported, so a finding is never a false alarm; "no finding" is exact
/// for single signals and for linearly linked pairs, as described above, and "unique" is a
/// proof. The result is for this witness: a signal can be free at some inputs and pinned at
/// others (IsZero's `inv` is free when `in` = 0), so test with inputs that reach the branches
/// of interest.</para>
/// </summary>
public sealed partial class UnderconstraintAnalysis
{
    private const byte ClassAny = 0;
    private const byte ClassPinned = 1;
    private const byte ClassTwoRoots = 2;

    private readonly ConstraintSystem _system;
    private readonly Fr[] _witness;
    private readonly WireRoles _roles;
    private readonly Func<int, string> _name;

    // Per constraint k: the values of A, B, C at the witness, and its distinct wires
    // _occWire[_consStart[k] .. _consStart[k+1]) sorted, with their coefficients in A, B, C.
    private readonly Fr[] _av, _bv, _cv;
    private readonly int[] _consStart;
    private readonly int[] _occWire;
    private readonly int[] _occConstraint;
    private readonly Fr[] _occA, _occB, _occC;
    private readonly byte[] _occClass;

    // Per wire: its occurrences _wireOcc[_wireStart[w] .. _wireStart[w+1]), by constraint.
    private readonly int[] _wireStart;
    private readonly int[] _wireOcc;

    private UnderconstraintAnalysis(ConstraintSystem system, Fr[] witness, WireRoles roles, Func<int, string> name)
    {
        _system = system;
        _witness = witness;
        _roles = roles;
        _name = name;

        var constraints = system.Constraints;
        var m = constraints.Count;
        _av = new Fr[m];
        _bv = new Fr[m];
        _cv = new Fr[m];
        _consStart = new int[m + 1];
        var wires = new List<int>();
        var coefficients = new List<(Fr A, Fr B, Fr C)>();
        var terms = new List<(int Wire, int Slot, Fr Coefficient)>();
        for (var k = 0; k < m; k++)
        {
            var constraint = constraints[k];
            _av[k] = constraint.A.Evaluate(witness);
            _bv[k] = constraint.B.Evaluate(witness);
            _cv[k] = constraint.C.Evaluate(witness);
            // Merge A, B, C by wire (summing repeats, which the format allows); drop all-zero rows.
            terms.Clear();
            AddTerms(terms, constraint.A, 0);
            AddTerms(terms, constraint.B, 1);
            AddTerms(terms, constraint.C, 2);
            terms.Sort((s, t) => s.Wire.CompareTo(t.Wire));
            for (var i = 0; i < terms.Count;)
            {
                var wire = terms[i].Wire;
                Fr a = Fr.Zero, b = Fr.Zero, c = Fr.Zero;
                for (; i < terms.Count && terms[i].Wire == wire; i++)
                {
                    var coefficient = terms[i].Coefficient;
                    switch (terms[i].Slot)
                    {
                        case 0: Fr.Add(a, coefficient, out a); break;
                        case 1: Fr.Add(b, coefficient, out b); break;
                        default: Fr.Add(c, coefficient, out c); break;
                    }
                }
                if (a.IsZero && b.IsZero && c.IsZero) continue;
                wires.Add(wire);
                coefficients.Add((a, b, c));
            }
            _consStart[k + 1] = wires.Count;
        }

        var occurrences = wires.Count;
        _occWire = [.. wires];
        _occConstraint = new int[occurrences];
        _occA = new Fr[occurrences];
        _occB = new Fr[occurrences];
        _occC = new Fr[occurrences];
        _occClass = new byte[occurrences];
        for (var k = 0; k < m; k++)
        {
            for (var o = _consStart[k]; o < _consStart[k + 1]; o++)
            {
                _occConstraint[o] = k;
                (_occA[o], _occB[o], _occC[o]) = coefficients[o];
                _occClass[o] = Classify(_occA[o], _occB[o], _occC[o], _av[k], _bv[k], out _, out _);
            }
        }

        var n = witness.Length;
        _wireStart = new int[n + 1];
        foreach (var wire in _occWire) _wireStart[wire + 1]++;
        for (var w = 0; w < n; w++) _wireStart[w + 1] += _wireStart[w];
        _wireOcc = new int[occurrences];
        var fill = _wireStart[..n];
        for (var o = 0; o < occurrences; o++) _wireOcc[fill[_occWire[o]]++] = o;
    }

    private static void AddTerms(List<(int, int, Fr)> terms, LinearCombination combination, int slot)
    {
        for (var i = 0; i < combination.Wires.Length; i++) terms.Add((combination.Wires[i], slot, combination.Coefficients[i]));
    }

    /// <summary>
    /// Examines every signal of <paramref name="system"/> that <paramref name="roles"/> does not fix,
    /// at <paramref name="witness"/> (which must satisfy it), and returns the findings, named by
    /// <paramref name="name"/> when given (circom's .sym names).
    /// </summary>
    /// <remarks>
    /// <paramref name="foldedInputs"/>: inputs the compiler folded away, each as the linear form over wires it equals (circom
    /// --O2 substitutes a private input that only linear constraints use, so the system no longer
    /// holds it). An input is fixed, so each form is fixed at its value in the witness: the
    /// analysis adds 0 * 0 = form - value for each, and the signals standing in for the input are
    /// then determined like the input itself.
    /// </remarks>
    public static UnderconstraintReport Run(ConstraintSystem system, ReadOnlySpan<Fr> witness, WireRoles roles,
        Func<int, string>? name = null, UnderconstraintOptions? options = null, IReadOnlyList<LinearCombination>? foldedInputs = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(roles);
        if (roles.WireCount != system.WireCount)
            throw new ArgumentException($"roles for {roles.WireCount} wires; the system has {system.WireCount}", nameof(roles));
        var unsatisfied = system.FirstUnsatisfied(witness);
        if (unsatisfied >= 0)
            throw new ArgumentException($"the witness violates constraint {unsatisfied}: the analysis needs a satisfying witness", nameof(witness));
        if (foldedInputs is { Count: > 0 })
        {
            var fixedForms = new List<Constraint>(system.Constraints);
            foreach (var form in foldedInputs)
            {
                if (form.Wires.Any(w => w < 0 || w >= system.WireCount))
                    throw new ArgumentException("a folded input's form names a wire the system does not have", nameof(foldedInputs));
                var value = form.Evaluate(witness);
                fixedForms.Add(new Constraint(LinearCombination.Empty, LinearCombination.Empty,
                    new LinearCombination([.. form.Wires, 0], [.. form.Coefficients, -value])));
            }
            system = new ConstraintSystem(system.WireCount, system.PublicOutputs, system.PublicInputs, system.PrivateInputs, fixedForms);
        }
        return new UnderconstraintAnalysis(system, witness.ToArray(), roles, name ?? (w => $"wire {w}")).Analyse(options ?? new UnderconstraintOptions());
    }

    /// <summary>Whether a change moves a public output (wires 1..nPubOut): a false statement the verifier accepts.</summary>
    private bool ChangesOutput(SignalChange[] changes) => changes.Any(c => _roles.IsOutput(c.Wire));

    /// <summary>Wire 0 (the constant one) and the inputs, public and private.</summary>
    private bool IsFixed(int wire) => _roles.IsFixed(wire);

    private string Name(int wire) => _name(wire);

    private UnderconstraintReport Analyse(UnderconstraintOptions options)
    {
        var findings = new List<UnderconstraintFinding>();
        var n = _witness.Length;
        var free = new bool[n];
        var checkedSignals = 0;
        for (var x = 1; x < n; x++)
        {
            if (IsFixed(x)) continue;
            checkedSignals++;
            var finding = Single(x);
            if (finding is null) continue;
            free[x] = true;
            findings.Add(finding);
        }

        // Which signals the inputs determine: those cannot change in any witness, so pairs and
        // cascades only involve the others.
        var (determined, counts, roots) = Propagate();

        var solved = 0;
        var guessed = 0;
        if (options.Pairs)
        {
            var random = new Random(options.Seed);
            var seen = new HashSet<long>();
            var candidates = new List<int>();
            for (var x = 1; x < n; x++)
            {
                if (IsFixed(x) || free[x] || determined[x]) continue;
                PartnerCandidates(x, candidates);
                foreach (var y in candidates)
                {
                    if (y == x || IsFixed(y) || free[y] || determined[y]) continue;
                    if (!seen.Add(((long)Math.Min(x, y) << 32) | (uint)Math.Max(x, y))) continue;
                    if (PinnedWithout(y, x)) continue;
                    var finding = Pair(x, y, options, random, ref solved, ref guessed);
                    if (finding is not null) findings.Add(finding);
                }
            }
        }

        // Cascades from the signals the inputs do not determine.
        var explained = new bool[n];
        foreach (var finding in findings)
            foreach (var change in finding.Changes) explained[change.Wire] = true;
        var undetermined = Enumerable.Range(1, n - 1).Where(w => !IsFixed(w) && !determined[w]).ToList();
        if (options.RippleSeeds > 0)
        {
            var seedOrder = RankSeeds(undetermined.Where(w => !explained[w]).ToList(), determined, counts);
            var random = new Random(options.Seed + 1);
            var seeds = 0;
            foreach (var seed in seedOrder)
            {
                if (explained[seed]) continue;
                if (seeds++ == options.RippleSeeds) break;
                var finding = Ripple(seed, determined, counts, roots, random);
                if (finding is null) continue;
                findings.Add(finding);
                foreach (var change in finding.Changes) explained[change.Wire] = true;
            }
        }
        var unresolved = undetermined.Where(w => !explained[w]).Select(w => new SignalRef(w, Name(w))).ToList();
        return new UnderconstraintReport(findings, checkedSignals, solved, guessed, checkedSignals - undetermined.Count, unresolved);
    }

    /// <summary>
    /// The class of (Av + a d)(Bv + b d) - (Cv + c d) = q d^2 + p d: any d, only d = 0, or
    /// d in {0, -p/q}; q and p come out for the caller.
    /// </summary>
    private static byte Classify(in Fr a, in Fr b, in Fr c, in Fr av, in Fr bv, out Fr q, out Fr p)
    {
        Fr.Mul(a, b, out q);
        Fr.Mul(av, b, out var t);
        Fr.Mul(a, bv, out var u);
        Fr.Add(t, u, out p);
        Fr.Sub(p, c, out p);
        if (q.IsZero) return p.IsZero ? ClassAny : ClassPinned;
        return p.IsZero ? ClassPinned : ClassTwoRoots;
    }

    /// <summary>
    /// Intersects the solution sets of q d^2 + p d = 0 over several polynomials without
    /// dividing: a second nonzero root -p'/q' agrees with the first -p/q iff p q' = p' q.
    /// </summary>
    private struct RootIntersection
    {
        private byte _state; // 0: every d so far, 1: {0, -P/Q}, 2: only 0
        private Fr _q, _p;

        public readonly bool Pinned => _state == 2;

        /// <summary>Whether the set is exactly {0, d} for one d != 0 (known, not yet computed).</summary>
        public readonly bool TwoRoots => _state == 1;

        public void Add(byte cls, in Fr q, in Fr p)
        {
            if (_state == 2 || cls == ClassAny) return;
            if (cls == ClassPinned)
            {
                _state = 2;
            }
            else if (_state == 0)
            {
                (_state, _q, _p) = (1, q, p);
            }
            else
            {
                Fr.Mul(_p, q, out var left);
                Fr.Mul(p, _q, out var right);
                if (left != right) _state = 2;
            }
        }

        /// <summary>A nonzero d in the intersection (1 when it is everything), or false when only 0.</summary>
        public readonly bool TryNonzero(out Fr d, out bool any)
        {
            any = _state == 0;
            switch (_state)
            {
                case 0:
                    d = Fr.One;
                    return true;
                case 1:
                    Fr.Inverse(_q, out var inverse);
                    Fr.Mul(_p, inverse, out d);
                    Fr.Neg(d, out d);
                    return true;
                default:
                    d = Fr.Zero;
                    return false;
            }
        }
    }

    /// <summary>
    /// Applies the changes to the witness, checks every constraint that contains a changed
    /// signal, restores it and returns the finding; a change that breaks a constraint is a bug
    /// in the algebra above, never a finding.
    /// </summary>
    private UnderconstraintFinding Verified(UnderconstraintKind kind, SignalChange[] changes, bool any)
    {
        var touched = new SortedSet<int>();
        foreach (var change in changes)
            for (var i = _wireStart[change.Wire]; i < _wireStart[change.Wire + 1]; i++) touched.Add(_occConstraint[_wireOcc[i]]);
        foreach (var change in changes) _witness[change.Wire] = change.Alternative;
        var holds = touched.All(k => _system.Constraints[k].IsSatisfiedBy(_witness));
        foreach (var change in changes) _witness[change.Wire] = change.Value;
        if (!holds)
            throw new InvalidOperationException($"internal error: the change of {string.Join(", ", changes.Select(c => Name(c.Wire)))} was solved but breaks a constraint");
        return new UnderconstraintFinding(kind, changes, [.. touched], any, ChangesOutput(changes));
    }
}

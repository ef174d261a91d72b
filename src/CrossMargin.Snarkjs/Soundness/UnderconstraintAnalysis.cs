using System.Numerics;

namespace CrossMargin.Snarkjs.Soundness;

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
public sealed class UnderconstraintAnalysis
{
    private const byte ClassAny = 0;
    private const byte ClassPinned = 1;
    private const byte ClassTwoRoots = 2;

    private readonly R1csFile _r1cs;
    private readonly Fr[] _witness;
    private readonly SymFile? _sym;
    // What each wire is, by its label (see IsFixed).
    private readonly bool[] _isInput;
    private readonly bool[] _isOutput;

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

    private UnderconstraintAnalysis(R1csFile r1cs, Fr[] witness, SymFile? sym)
    {
        _r1cs = r1cs;
        _witness = witness;
        _sym = sym;
        var header = r1cs.Header;
        // Main's signals take the first labels, in witness order: outputs, public inputs,
        // private inputs. Wires follow the same order, except that circom drops an input no
        // constraint uses yet still counts it in nPrvIn ("private inputs: 2 (1 belong to
        // witness)"), which shifts the wires after it; the labels do not shift.
        var firstInputLabel = 1UL + header.PublicOutputs;
        var endInputLabels = firstInputLabel + header.PublicInputs + header.PrivateInputs;
        _isInput = new bool[witness.Length];
        _isOutput = new bool[witness.Length];
        for (var w = 1; w < witness.Length; w++)
        {
            var label = r1cs.WireToLabel[w];
            _isOutput[w] = label >= 1 && label < firstInputLabel;
            _isInput[w] = label >= firstInputLabel && label < endInputLabels;
        }

        var constraints = r1cs.Constraints;
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
    /// Examines every non-input signal of <paramref name="r1cs"/> at <paramref name="witness"/>
    /// (which must satisfy it) and returns the findings, named from <paramref name="sym"/> when given.
    /// </summary>
    public static UnderconstraintReport Run(R1csFile r1cs, ReadOnlySpan<Fr> witness, SymFile? sym = null, UnderconstraintOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(r1cs);
        var unsatisfied = r1cs.FirstUnsatisfied(witness);
        if (unsatisfied >= 0)
            throw new ArgumentException($"the witness violates constraint {unsatisfied}: the analysis needs a satisfying witness", nameof(witness));
        return new UnderconstraintAnalysis(r1cs, witness.ToArray(), sym).Analyse(options ?? new UnderconstraintOptions());
    }

    /// <summary>Whether a change moves a public output (wires 1..nPubOut): a false statement the verifier accepts.</summary>
    private bool ChangesOutput(SignalChange[] changes) => changes.Any(c => _isOutput[c.Wire]);

    /// <summary>Wire 0 (the constant one) and the inputs, public and private.</summary>
    private bool IsFixed(int wire) => wire == 0 || _isInput[wire];

    private string Name(int wire) => _sym is null ? $"wire {wire}" : _sym.WireName(wire);

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

    // ---- uniqueness propagation --------------------------------------------------------------

    /// <summary>
    /// The signals the inputs determine, by propagation from the fixed wires: a constraint whose
    /// wires are all determined but one, x, restricts x to the roots of its polynomial (the
    /// witness values of the others are the only values they can have); x is determined when
    /// one such constraint pins it or two disagree on its second root. When that stalls, a
    /// constraint linear in its undetermined signals determines the one it still depends on,
    /// or all of them when they are bits ({0, 1} by the first rule) with coefficients
    /// +-k*2^e_i, distinct e_i spanning at most 252: two bit assignments differ in the sum by
    /// +-k*2^min(e) times an integer sum of distinct powers of two with digits -1, 0, 1, which is
    /// nonzero and below 2^253 &lt; r in absolute value (circomlib's Num2Bits up to 253 bits, the
    /// LessThan family; not the 254 bits of Num2Bits_strict); see
    /// <see cref="Determines"/>. Sound, not complete: an undetermined signal may still be
    /// unique (an SMT solver could tell), which is why <see cref="Ripple"/> looks for a witness.
    /// </summary>
    private (bool[] Determined, int[] Counts, RootIntersection[] Roots) Propagate()
    {
        var n = _witness.Length;
        var m = _av.Length;
        var determined = new bool[n];
        for (var w = 0; w < n; w++) determined[w] = IsFixed(w);
        var counts = new int[m];
        for (var o = 0; o < _occWire.Length; o++)
            if (!determined[_occWire[o]]) counts[_occConstraint[o]]++;
        var roots = new RootIntersection[n];
        var queue = new Queue<int>();
        for (var k = 0; k < m; k++)
            if (counts[k] == 1) queue.Enqueue(k);

        void Settle(int x)
        {
            determined[x] = true;
            for (var i = _wireStart[x]; i < _wireStart[x + 1]; i++)
            {
                var k = _occConstraint[_wireOcc[i]];
                if (--counts[k] == 1) queue.Enqueue(k);
            }
        }

        while (true)
        {
            while (queue.Count > 0)
            {
                var k = queue.Dequeue();
                if (counts[k] != 1) continue;
                var o = _consStart[k];
                while (determined[_occWire[o]]) o++;
                var x = _occWire[o];
                var cls = Classify(_occA[o], _occB[o], _occC[o], _av[k], _bv[k], out var q, out var p);
                roots[x].Add(cls, q, p);
                if (roots[x].Pinned) Settle(x);
            }
            var progress = false;
            for (var k = 0; k < m; k++)
            {
                if (counts[k] < 2 || Determines(k, determined, roots) is not { } settled) continue;
                foreach (var x in settled) if (!determined[x]) Settle(x);
                progress = true;
            }
            if (!progress) return (determined, counts, roots);
        }
    }

    /// <summary>
    /// What stalled constraint k still determines when it is linear in its undetermined signals
    /// (A or B holds none of them): then it says sum u_x d_x = 0, u_x = Av bx + Bv ax - cx. A
    /// single x with u_x != 0 is pinned (IsZero's out when in = 0, beside a free inv); several,
    /// all bits with coefficients +-k*2^e_i (distinct e_i spanning at most 252), are all
    /// determined. Null when it determines nothing.
    /// </summary>
    private List<int>? Determines(int k, bool[] determined, RootIntersection[] roots)
    {
        bool inA = false, inB = false;
        for (var o = _consStart[k]; o < _consStart[k + 1]; o++)
        {
            if (determined[_occWire[o]]) continue;
            inA |= !_occA[o].IsZero;
            inB |= !_occB[o].IsZero;
        }
        if (inA && inB) return null; // a product of undetermined signals: not linear
        var terms = new List<(int Wire, Fr Coefficient)>();
        for (var o = _consStart[k]; o < _consStart[k + 1]; o++)
        {
            var x = _occWire[o];
            if (determined[x]) continue;
            var u = Linear(_av[k], _occB[o], _bv[k], _occA[o], _occC[o]);
            if (!u.IsZero) terms.Add((x, u));
        }
        if (terms.Count == 0) return null;
        if (terms.Count == 1) return [terms[0].Wire];

        Fr.Inverse(terms[0].Coefficient, out var inverse);
        var exponents = new List<int>();
        foreach (var (x, u) in terms)
        {
            if (!IsBit(x, roots)) return null;
            var exponent = PowerOfTwoExponent(u * inverse);
            if (exponent is null) return null;
            exponents.Add(exponent.Value);
        }
        if (exponents.Distinct().Count() != exponents.Count || exponents.Max() - exponents.Min() > 252) return null;
        return [.. terms.Select(t => t.Wire)];
    }

    /// <summary>Whether x is 0 or 1 and its constraints so far allow exactly {0, 1}.</summary>
    private bool IsBit(int x, RootIntersection[] roots)
    {
        if (!roots[x].TwoRoots || !roots[x].TryNonzero(out var d, out _)) return false;
        var value = _witness[x];
        return (value.IsZero && d == Fr.One) || (value == Fr.One && d == -Fr.One);
    }

    /// <summary>e with ratio = +-2^e, |e| &lt;= 252, or null.</summary>
    private static int? PowerOfTwoExponent(Fr ratio)
    {
        Fr.Inverse(ratio, out var reciprocal);
        foreach (var (value, sign) in new[] { (ratio, 1), (-ratio, 1), (reciprocal, -1), (-reciprocal, -1) })
        {
            var v = value.ToBigInteger();
            if (v.IsZero || !v.IsPowerOfTwo) continue;
            var log = (int)v.GetBitLength() - 1;
            if (log <= 252) return sign * log;
        }
        return null;
    }

    // ---- cascades -----------------------------------------------------------------------------

    /// <summary>
    /// The order to try cascades in. A cascade succeeds from where the missing constraint was,
    /// upstream of the signals it feeds: from there each constraint meets one new unknown that
    /// it contains linearly (a product with known factors, a sum), while from downstream the
    /// cascade must run backwards through squares and products and usually breaks. So each
    /// candidate is ranked by its linear closure: the signals that propagation by counts alone
    /// (no field arithmetic) reaches from it through constraints linear in their one unknown.
    /// Largest first; outputs, where data flow ends, break ties last; candidates inside an
    /// earlier one's closure are not ranked (downstream of it), and ranking stops after a work
    /// budget of sixteen passes over the undetermined region (the rest keep their order).
    /// </summary>
    private List<int> RankSeeds(List<int> candidates, bool[] determinedByInputs, int[] countsByInputs)
    {
        var ordered = candidates.Where(w => !_isOutput[w]).Concat(candidates.Where(w => _isOutput[w])).ToList();
        var region = 0L;
        foreach (var w in candidates) region += _wireStart[w + 1] - _wireStart[w];
        var budget = 16 * region + 1024;

        var determined = (bool[])determinedByInputs.Clone();
        var counts = (int[])countsByInputs.Clone();
        var covered = new bool[determined.Length];
        var settled = new List<int>();
        var touched = new List<int>();
        var queue = new Queue<int>();
        var sizes = new Dictionary<int, int>();
        var work = 0L;
        foreach (var seed in ordered)
        {
            if (covered[seed] || work > budget) continue;
            Reach(seed);
            while (queue.Count > 0)
            {
                var k = queue.Dequeue();
                if (counts[k] != 1) continue;
                var o = _consStart[k];
                while (determined[_occWire[o]]) o++;
                work += _consStart[k + 1] - _consStart[k];
                if (_occA[o].IsZero || _occB[o].IsZero) Reach(_occWire[o]);
            }
            sizes[seed] = settled.Count;
            foreach (var w in settled)
            {
                if (w != seed) covered[w] = true;
                determined[w] = false;
            }
            foreach (var k in touched) counts[k]++;
            settled.Clear();
            touched.Clear();
        }
        return [.. ordered.Select((w, i) => (w, i)).OrderByDescending(t => sizes.GetValueOrDefault(t.w)).ThenBy(t => t.i).Select(t => t.w)];

        void Reach(int x)
        {
            determined[x] = true;
            settled.Add(x);
            for (var i = _wireStart[x]; i < _wireStart[x + 1]; i++)
            {
                var k = _occConstraint[_wireOcc[i]];
                touched.Add(k);
                work++;
                if (--counts[k] == 1) queue.Enqueue(k);
            }
        }
    }

    /// <summary>
    /// Tries to build a second witness that differs at <paramref name="seed"/> (an undetermined
    /// signal): the seed gets its other root when its constraints allow exactly two values,
    /// else a random value; then every constraint left with one unknown signal solves it from
    /// the new values (linear: its root; quadratic: the old value when it is still a root, else
    /// a root), exactly as a prover would; signals the inputs determine stay fixed. The result is
    /// a finding only when every constraint that contains a changed signal holds.
    /// </summary>
    private UnderconstraintFinding? Ripple(int seed, bool[] determinedByInputs, int[] countsByInputs, RootIntersection[] roots, Random random)
    {
        var determined = (bool[])determinedByInputs.Clone();
        var counts = (int[])countsByInputs.Clone();
        var original = new Dictionary<int, Fr>();
        var queue = new Queue<int>();
        var broken = false;
        void Settle(int x, in Fr value)
        {
            if (value != _witness[x])
            {
                original.TryAdd(x, _witness[x]);
                _witness[x] = value;
            }
            determined[x] = true;
            for (var i = _wireStart[x]; i < _wireStart[x + 1]; i++)
            {
                var k = _occConstraint[_wireOcc[i]];
                var left = --counts[k];
                if (left == 1) queue.Enqueue(k);
                // A constraint with every signal known is checked at once: a failed attempt
                // usually breaks near its start, and stops there instead of at the end.
                else if (left == 0 && original.Count > 0 && !_r1cs.Constraints[k].IsSatisfiedBy(_witness)) broken = true;
            }
        }

        try
        {
            Fr delta;
            if (!roots[seed].TwoRoots || !roots[seed].TryNonzero(out delta, out _))
            {
                Span<byte> bytes = stackalloc byte[32];
                do
                {
                    random.NextBytes(bytes);
                    delta = Fr.FromBigInteger(new BigInteger(bytes, isUnsigned: true));
                }
                while (delta.IsZero);
            }
            Settle(seed, _witness[seed] + delta);

            while (queue.Count > 0 && !broken)
            {
                var k = queue.Dequeue();
                if (counts[k] != 1) continue;
                int x = -1, ox = -1;
                Fr a0 = Fr.Zero, b0 = Fr.Zero, c0 = Fr.Zero;
                for (var o = _consStart[k]; o < _consStart[k + 1]; o++)
                {
                    var w = _occWire[o];
                    if (!determined[w])
                    {
                        (x, ox) = (w, o);
                        continue;
                    }
                    var value = _witness[w];
                    a0 += _occA[o] * value;
                    b0 += _occB[o] * value;
                    c0 += _occC[o] * value;
                }
                // (a0 + a t)(b0 + b t) - (c0 + c t) = q t^2 + p t + s
                var q = _occA[ox] * _occB[ox];
                var p = a0 * _occB[ox] + _occA[ox] * b0 - _occC[ox];
                var s = a0 * b0 - c0;
                var old = _witness[x];
                if ((q * old * old + p * old + s).IsZero)
                {
                    if (q.IsZero && !p.IsZero) Settle(x, old);
                    continue;
                }
                var solutions = SolveQuadratic(q, p, s);
                if (solutions is null || solutions.Count == 0) return null;
                Settle(x, solutions[0]);
            }

            if (broken) return null;
            var changes = original.Keys.Order().Select(w => new SignalChange(w, Name(w), original[w], _witness[w])).ToArray();
            var touched = new SortedSet<int>();
            foreach (var change in changes)
                for (var i = _wireStart[change.Wire]; i < _wireStart[change.Wire + 1]; i++) touched.Add(_occConstraint[_wireOcc[i]]);
            if (!touched.All(k => _r1cs.Constraints[k].IsSatisfiedBy(_witness))) return null;
            return new UnderconstraintFinding(UnderconstraintKind.Cascade, changes, [.. touched], AnyValue: false, ChangesOutput(changes));
        }
        finally
        {
            foreach (var (wire, value) in original) _witness[wire] = value;
        }
    }

    // ---- single signals ---------------------------------------------------------------------

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

    private UnderconstraintFinding? Single(int x)
    {
        var start = _wireStart[x];
        var end = _wireStart[x + 1];
        if (start == end)
        {
            Fr.Add(_witness[x], Fr.One, out var other);
            return new UnderconstraintFinding(UnderconstraintKind.Unconstrained, [new SignalChange(x, Name(x), _witness[x], other)], [], AnyValue: true, _isOutput[x]);
        }
        // Pins are cheap to see and common: look for one before solving anything.
        for (var i = start; i < end; i++)
            if (_occClass[_wireOcc[i]] == ClassPinned) return null;
        var roots = new RootIntersection();
        for (var i = start; i < end && !roots.Pinned; i++)
        {
            var o = _wireOcc[i];
            var k = _occConstraint[o];
            var cls = Classify(_occA[o], _occB[o], _occC[o], _av[k], _bv[k], out var q, out var p);
            roots.Add(cls, q, p);
        }
        if (!roots.TryNonzero(out var d, out var any)) return null;
        Fr.Add(_witness[x], d, out var alternative);
        return Verified(UnderconstraintKind.AlternativeValue, [new SignalChange(x, Name(x), _witness[x], alternative)], any);
    }

    // ---- pairs ------------------------------------------------------------------------------

    /// <summary>
    /// The signals y worth pairing with x: every constraint that pins x alone must contain y
    /// (else x stays pinned whatever y does), so they are the wires common to those constraints,
    /// or every wire next to x when nothing pins it alone.
    /// </summary>
    private void PartnerCandidates(int x, List<int> candidates)
    {
        candidates.Clear();
        int smallest = -1, smallestSize = int.MaxValue;
        for (var i = _wireStart[x]; i < _wireStart[x + 1]; i++)
        {
            var o = _wireOcc[i];
            if (_occClass[o] != ClassPinned) continue;
            var k = _occConstraint[o];
            var size = _consStart[k + 1] - _consStart[k];
            if (size < smallestSize) (smallest, smallestSize) = (k, size);
        }
        if (smallest < 0)
        {
            for (var i = _wireStart[x]; i < _wireStart[x + 1]; i++)
            {
                var k = _occConstraint[_wireOcc[i]];
                for (var o = _consStart[k]; o < _consStart[k + 1]; o++) candidates.Add(_occWire[o]);
            }
            return;
        }
        for (var o = _consStart[smallest]; o < _consStart[smallest + 1]; o++)
        {
            var y = _occWire[o];
            if (y != x && !PinnedWithout(x, y)) candidates.Add(y);
        }
    }

    /// <summary>Whether some constraint without <paramref name="partner"/> pins <paramref name="x"/> alone.</summary>
    private bool PinnedWithout(int x, int partner)
    {
        for (var i = _wireStart[x]; i < _wireStart[x + 1]; i++)
        {
            var o = _wireOcc[i];
            if (_occClass[o] == ClassPinned && Find(_occConstraint[o], partner) < 0) return true;
        }
        return false;
    }

    /// <summary>The occurrence of <paramref name="wire"/> in constraint k, or -1.</summary>
    private int Find(int k, int wire)
    {
        var index = Array.BinarySearch(_occWire, _consStart[k], _consStart[k + 1] - _consStart[k], wire);
        return index >= 0 ? index : -1;
    }

    /// <summary>The constraints that contain x or y, ascending.</summary>
    private List<int> Union(int x, int y)
    {
        var union = new List<int>();
        int i = _wireStart[x], iEnd = _wireStart[x + 1], j = _wireStart[y], jEnd = _wireStart[y + 1];
        while (i < iEnd || j < jEnd)
        {
            var kx = i < iEnd ? _occConstraint[_wireOcc[i]] : int.MaxValue;
            var ky = j < jEnd ? _occConstraint[_wireOcc[j]] : int.MaxValue;
            var k = Math.Min(kx, ky);
            union.Add(k);
            if (kx == k) i++;
            if (ky == k) j++;
        }
        return union;
    }

    /// <summary>The coefficients of x and y in constraint k's A, B and C (zero where absent).</summary>
    private void PairCoefficients(int k, int x, int y, out Fr ax, out Fr bx, out Fr cx, out Fr ay, out Fr by, out Fr cy)
    {
        var ox = Find(k, x);
        var oy = Find(k, y);
        (ax, bx, cx) = ox >= 0 ? (_occA[ox], _occB[ox], _occC[ox]) : (Fr.Zero, Fr.Zero, Fr.Zero);
        (ay, by, cy) = oy >= 0 ? (_occA[oy], _occB[oy], _occC[oy]) : (Fr.Zero, Fr.Zero, Fr.Zero);
    }

    private UnderconstraintFinding? Pair(int x, int y, UnderconstraintOptions options, Random random, ref int solved, ref int guessed)
    {
        var union = Union(x, y);

        // Look for a constraint linear in (d, e): u d + v e = 0.
        foreach (var k in union)
        {
            PairCoefficients(k, x, y, out var ax, out var bx, out var cx, out var ay, out var by, out var cy);
            var aFree = ax.IsZero && ay.IsZero;
            if (!aFree && !(bx.IsZero && by.IsZero)) continue;
            // Quadratic part vanishes: P = Av (bx d + by e) + Bv (ax d + ay e) - (cx d + cy e).
            var u = Linear(_av[k], bx, _bv[k], ax, cx);
            var v = Linear(_av[k], by, _bv[k], ay, cy);
            if (u.IsZero && v.IsZero) continue;
            solved++;
            if (u.IsZero || v.IsZero) return null; // d = 0 or e = 0 forced: no joint change
            // Along the line, (d, e) = (v t, -u t): no division, and t = 0 is the witness.
            var negU = -u;
            var roots = new RootIntersection();
            foreach (var j in union)
            {
                PairCoefficients(j, x, y, out var a1, out var b1, out var c1, out var a2, out var b2, out var c2);
                var a = Along(a1, v, a2, negU);
                var b = Along(b1, v, b2, negU);
                var c = Along(c1, v, c2, negU);
                var cls = Classify(a, b, c, _av[j], _bv[j], out var q, out var p);
                roots.Add(cls, q, p);
                if (roots.Pinned) return null;
            }
            if (!roots.TryNonzero(out var t, out var any)) return null;
            var d = v * t;
            var e = negU * t;
            return PairFinding(x, y, d, e, any);
        }

        // No linear relation: draw d, then solve the quadratics in e exactly.
        if (options.RandomTrials <= 0) return null;
        guessed++;
        Span<byte> bytes = stackalloc byte[32];
        for (var trial = 0; trial < options.RandomTrials; trial++)
        {
            random.NextBytes(bytes);
            var d = Fr.FromBigInteger(new BigInteger(bytes, isUnsigned: true));
            if (d.IsZero) continue;
            List<Fr>? candidates = null; // null: every e so far
            foreach (var k in union)
            {
                PairCoefficients(k, x, y, out var ax, out var bx, out var cx, out var ay, out var by, out var cy);
                // (A' + ay e)(B' + by e) - (C' + cy e) with A' = Av + ax d, ...
                var a0 = _av[k] + ax * d;
                var b0 = _bv[k] + bx * d;
                var c0 = _cv[k] + cx * d;
                var q = ay * by;
                var p = a0 * by + ay * b0 - cy;
                var s = a0 * b0 - c0;
                if (candidates is null)
                {
                    candidates = SolveQuadratic(q, p, s);
                    if (candidates is not null && candidates.Count == 0) break;
                }
                else
                {
                    candidates.RemoveAll(e => !(q * e * e + p * e + s).IsZero);
                    if (candidates.Count == 0) break;
                }
            }
            candidates ??= [Fr.One];
            foreach (var e in candidates)
                if (!e.IsZero) return PairFinding(x, y, d, e, any: false);
        }
        return null;
    }

    private static Fr Linear(in Fr av, in Fr bCoefficient, in Fr bv, in Fr aCoefficient, in Fr cCoefficient) =>
        av * bCoefficient + bv * aCoefficient - cCoefficient;

    /// <summary>The coefficient of t in first*d + second*e along (d, e) = (dt * t, et * t).</summary>
    private static Fr Along(in Fr first, in Fr dt, in Fr second, in Fr et) => first * dt + second * et;

    /// <summary>The roots of q e^2 + p e + s in Fr, or null when every e is one.</summary>
    private static List<Fr>? SolveQuadratic(in Fr q, in Fr p, in Fr s)
    {
        if (q.IsZero)
        {
            if (p.IsZero) return s.IsZero ? null : [];
            Fr.Inverse(p, out var inverse);
            return [-(s * inverse)];
        }
        var discriminant = p * p - Fr.FromUInt64(4) * q * s;
        if (!Fr.TrySqrt(discriminant, out var root)) return [];
        Fr.Inverse(q + q, out var half);
        var first = (-p + root) * half;
        var second = (-p - root) * half;
        return first == second ? [first] : [first, second];
    }

    private UnderconstraintFinding PairFinding(int x, int y, in Fr d, in Fr e, bool any)
    {
        Fr.Add(_witness[x], d, out var xAlternative);
        Fr.Add(_witness[y], e, out var yAlternative);
        return Verified(UnderconstraintKind.CompensatedPair,
            [new SignalChange(x, Name(x), _witness[x], xAlternative), new SignalChange(y, Name(y), _witness[y], yAlternative)],
            any);
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
        var holds = touched.All(k => _r1cs.Constraints[k].IsSatisfiedBy(_witness));
        foreach (var change in changes) _witness[change.Wire] = change.Value;
        if (!holds)
            throw new InvalidOperationException($"internal error: the change of {string.Join(", ", changes.Select(c => Name(c.Wire)))} was solved but breaks a constraint");
        return new UnderconstraintFinding(kind, changes, [.. touched], any, ChangesOutput(changes));
    }
}

// Uniqueness: which signals the inputs determine, and which undetermined ones to try first.
using CrossMargin.R1cs;

namespace CrossMargin.Soundness;

public sealed partial class UnderconstraintAnalysis
{
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
    /// <summary>The range propagation's work budget per round, in constraint terms visited, per occurrence of a signal in the system.</summary>
    private const long RangeWorkPerOccurrence = 64;

    /// <summary>The probes' work budget per round, likewise: a probe is a local case split, and most undetermined signals have none to make.</summary>
    private const long ProbeWorkPerOccurrence = 2;

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
        RangePropagation? ranges = null;

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
            if (progress) continue;
            // Stalled. Cheapest first: the range checks' intervals (kept between rounds), then
            // linear systems (Poseidon's partial rounds under --O2), then case splits.
            ranges ??= new RangePropagation(this, determined);
            var budget = RangeWorkPerOccurrence * _occWire.Length + 1_000_000;
            if (ranges.Run(budget, probe: false) || DeterminedByLinearSystems(determined) is { Count: > 0 } solved && Settled(solved)
                || ranges.Run(ProbeWorkPerOccurrence * _occWire.Length + 100_000, probe: true))
            {
                for (var x = 0; x < n; x++)
                    if (!determined[x] && ranges.IsPoint(x)) Settle(x);
                continue;
            }
            return (determined, counts, roots);
        }

        bool Settled(List<int> solved)
        {
            foreach (var x in solved) Settle(x);
            return true;
        }
    }

    /// <summary>
    /// The signals that the stalled constraints fix jointly, by linear algebra over Fr. In deltas
    /// d = w' - w, a constraint linear in its undetermined signals says sum u_x d_x = 0 (u_x as in
    /// <see cref="Determines"/>); a constraint whose A (or B) is a linear form that those rows
    /// already fix (its delta vector lies in their span) is linear too: Av * dB - dC = 0. x is
    /// determined exactly when e_x lies in the span, which a fully reduced echelon form shows as
    /// a row with x alone. One constraint at a time cannot see this: under --O2, the linear layers
    /// of Poseidon's partial rounds become rows with many unknowns each, interleaved with the
    /// S-boxes they feed.
    /// </summary>
    private List<int> DeterminedByLinearSystems(bool[] determined)
    {
        var span = new SparseSpan();
        var quadratic = new List<int>();
        for (var k = 0; k < _av.Length; k++)
        {
            bool inA = false, inB = false, any = false;
            for (var o = _consStart[k]; o < _consStart[k + 1]; o++)
            {
                if (determined[_occWire[o]]) continue;
                any = true;
                inA |= !_occA[o].IsZero;
                inB |= !_occB[o].IsZero;
            }
            if (!any) continue;
            if (inA && inB) quadratic.Add(k);
            else span.Add(DeltaRow(k, determined, aFixed: !inA));
        }

        // A product whose factor the span fixes is linear; each new row may fix more factors.
        var grew = true;
        while (grew && quadratic.Count > 0)
        {
            grew = false;
            // In constraint order, so that a chain of S-boxes is taken in one pass.
            var left = new List<int>();
            foreach (var k in quadratic)
            {
                bool aFixed = span.Contains(FactorDelta(k, determined, a: true));
                if (!aFixed && !span.Contains(FactorDelta(k, determined, a: false)))
                {
                    left.Add(k);
                    continue;
                }
                span.Add(DeltaRow(k, determined, aFixed));
                grew = true;
            }
            quadratic = left;
        }
        return span.UnitColumns().Where(x => !determined[x]).ToList();
    }

    /// <summary>
    /// Constraint k's row in deltas when its A (aFixed) or else its B does not change:
    /// Av dB - dC = 0 (or Bv dA - dC = 0), over its undetermined signals.
    /// </summary>
    private Dictionary<int, Fr> DeltaRow(int k, bool[] determined, bool aFixed)
    {
        var row = new Dictionary<int, Fr>();
        for (var o = _consStart[k]; o < _consStart[k + 1]; o++)
        {
            var x = _occWire[o];
            if (determined[x]) continue;
            var u = aFixed ? _av[k] * _occB[o] - _occC[o] : _bv[k] * _occA[o] - _occC[o];
            if (!u.IsZero) row[x] = u;
        }
        return row;
    }

    /// <summary>The delta vector of constraint k's A (or B) over its undetermined signals.</summary>
    private Dictionary<int, Fr> FactorDelta(int k, bool[] determined, bool a)
    {
        var row = new Dictionary<int, Fr>();
        for (var o = _consStart[k]; o < _consStart[k + 1]; o++)
        {
            var x = _occWire[o];
            var coefficient = a ? _occA[o] : _occB[o];
            if (!determined[x] && !coefficient.IsZero) row[x] = coefficient;
        }
        return row;
    }

    /// <summary>
    /// A subspace of Fr^wires kept as a fully reduced echelon form of sparse rows: each row has a
    /// pivot column with coefficient 1 that no other row has. Incremental Gauss-Jordan.
    /// </summary>
    private sealed class SparseSpan
    {
        private readonly Dictionary<int, Dictionary<int, Fr>> _rows = new(); // by pivot column
        private readonly Dictionary<int, HashSet<int>> _users = new();       // column -> pivots of rows holding it

        /// <summary>v minus its components along the pivots: empty exactly when v is in the span.</summary>
        private Dictionary<int, Fr> Reduce(Dictionary<int, Fr> v)
        {
            var result = new Dictionary<int, Fr>(v);
            foreach (var (column, coefficient) in v)
            {
                if (!_rows.TryGetValue(column, out var row)) continue;
                foreach (var (c, value) in row)
                {
                    var updated = result.GetValueOrDefault(c) - coefficient * value;
                    if (updated.IsZero) result.Remove(c);
                    else result[c] = updated;
                }
            }
            return result;
        }

        public bool Contains(Dictionary<int, Fr> v) => v.Count == 0 || Reduce(v).Count == 0;

        public void Add(Dictionary<int, Fr> v)
        {
            var row = Reduce(v);
            if (row.Count == 0) return;
            var pivot = row.Keys.Min();
            Fr.Inverse(row[pivot], out var inverse);
            foreach (var c in row.Keys.ToList()) row[c] *= inverse;
            // Clear the new pivot column from every row that holds it.
            if (_users.TryGetValue(pivot, out var holders))
            {
                foreach (var other in holders.ToList())
                {
                    var target = _rows[other];
                    var factor = target[pivot];
                    foreach (var (c, value) in row)
                    {
                        var updated = target.GetValueOrDefault(c) - factor * value;
                        if (updated.IsZero)
                        {
                            target.Remove(c);
                            if (_users.TryGetValue(c, out var users)) users.Remove(other);
                        }
                        else
                        {
                            if (!target.ContainsKey(c)) Users(c).Add(other);
                            target[c] = updated;
                        }
                    }
                }
            }
            _rows[pivot] = row;
            foreach (var c in row.Keys) Users(c).Add(pivot);
        }

        private HashSet<int> Users(int column)
        {
            if (!_users.TryGetValue(column, out var users)) _users[column] = users = [];
            return users;
        }

        /// <summary>The columns x with e_x in the span: pivots whose row holds nothing else.</summary>
        public IEnumerable<int> UnitColumns() => _rows.Where(r => r.Value.Count == 1).Select(r => r.Key);
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
        var ordered = candidates.Where(w => !_roles.IsOutput(w)).Concat(candidates.Where(w => _roles.IsOutput(w))).ToList();
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
}

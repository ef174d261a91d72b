// Uniqueness that rests on range checks: integer bounds on the values a second witness can take.
using System.Numerics;

using CrossMargin.R1cs;

using static CrossMargin.Field.IntegerMath;

namespace CrossMargin.Soundness;

public sealed partial class UnderconstraintAnalysis
{
    /// <summary>
    /// The part of uniqueness that algebra over Fr alone cannot see: the gadgets whose single
    /// answer rests on range checks (a floor or ceil division with a range-checked remainder, a
    /// ceil-sqrt held by both of its bounds, a maximum chosen by a vanishing product, an absolute
    /// value, a comparison of bounded values, and circom --O2's bit decompositions, whose first
    /// bit it folds into a quadratic).
    ///
    /// <para><b>The abstraction.</b> Think of any second witness w' with the same inputs. For each
    /// signal not yet known to equal its witness value, this keeps an integer interval [lo, hi]
    /// with hi - lo &lt; r that contains an integer congruent to the signal's value in w', and
    /// whether that value is certainly nonzero. A constraint restricts them as follows
    /// (field coefficients are read as the signed integers in (-r/2, r/2) they encode):</para>
    /// <list type="bullet">
    /// <item><b>Linear</b> (A or B has no unknown signal): sum s_x x' = z + j r for a pseudo-value z
    /// in a known interval and some integer j. When the bounds leave one j, the equation holds over
    /// the integers and each x' is bounded by the others (rounded inwards, since x' is an integer).
    /// With no j left the assumption that led here is impossible. One unbounded x' with unit
    /// coefficient takes the others' interval. This is Num2Bits (bits in [0, 1] fix the sum's
    /// binary digits one by one, top down), a remainder in [0, D - 1] fixing its quotient, a sum of
    /// bounded values being bounded.</item>
    /// <item><b>One form squared</b> (A and B proportional in their unknowns, C too or absent): a
    /// quadratic in one linear form L, whose two roots come from the witness (like single signals,
    /// see <see cref="Classify"/>); L lies between them, and exactly on one when the other is out
    /// of L's bounds. This is a bit b*(b - 1) = 0, --O2's folded first bit, and Abs's
    /// (out - in)*(out + in) = 0 with out bounded to be non-negative.</item>
    /// <item><b>A product</b>: nonzero times nonzero is nonzero (Fr is a field), so a product
    /// that is 0 with one factor nonzero makes the other 0 (IsZero, MaxWithZero's chain of
    /// differences); bounded factors bound the product when it cannot wrap, and a bounded
    /// product bounds a factor back (a square root, or a division by a factor of one sign).</item>
    /// </list>
    /// <para>Every rule keeps every integer a second witness could take, so a signal whose
    /// interval shrinks to one point is the same in every witness: determined. The propagation
    /// runs to a fixed point (or a work budget, which only loses precision).</para>
    ///
    /// <para><b>Probing.</b> Some answers need a case split, done as in SAT solvers' failed-literal
    /// probing: for a bounded signal with witness value v, assume w' has it below v, propagate;
    /// then above v. When both assumptions end in an impossible constraint, the signal is v in
    /// every witness. An unbounded signal that is 0 in the witness is probed with "nonzero". This
    /// is how a maximum is pinned (assume it is larger than the true maximum: every factor of the
    /// vanishing product is then nonzero), and the zero case of a ceil-sqrt.</para>
    ///
    /// <para>Sound, not complete, like the rest of <see cref="Propagate"/>. Outside a probe the
    /// witness's own values must stay inside every interval; a rule that excluded one would be
    /// wrong, and this throws rather than report a false proof.</para>
    /// </summary>
    private sealed class RangePropagation
    {
        private static readonly BigInteger Modulus = Fr.Modulus;
        private static readonly BigInteger HalfModulus = Fr.Modulus >> 1;

        /// <summary>How often one constraint may be visited per round (or per probe).</summary>
        private const int VisitLimit = 64;

        /// <summary>The work one probe may do (constraint terms visited): a contradiction worth finding is near.</summary>
        private const long ProbeWork = 20_000;

        private readonly UnderconstraintAnalysis _analysis;
        private readonly bool[] _determined;
        private readonly BigInteger[] _lo, _hi;
        private readonly bool[] _bounded, _nonZero;
        private readonly Queue<int> _queue = new();
        private readonly bool[] _queued;
        private readonly List<(int Wire, BigInteger Lo, BigInteger Hi, bool Bounded, bool NonZero)> _trail = [];
        private bool _probing;
        private readonly int[] _visits;
        private readonly List<int> _visited = [];
        private long _work;

        public RangePropagation(UnderconstraintAnalysis analysis, bool[] determined)
        {
            _analysis = analysis;
            _determined = determined;
            var n = analysis._witness.Length;
            _lo = new BigInteger[n];
            _hi = new BigInteger[n];
            _bounded = new bool[n];
            _nonZero = new bool[n];
            _queued = new bool[analysis._av.Length];
            _visits = new int[analysis._av.Length];
        }

        /// <summary>Lets every constraint be visited <see cref="VisitLimit"/> times again.</summary>
        private void ResetVisits()
        {
            foreach (var k in _visited) _visits[k] = 0;
            _visited.Clear();
        }

        /// <summary>Whether the intervals pin x to one value (its witness value).</summary>
        public bool IsPoint(int x) => _bounded[x] && _lo[x] == _hi[x];

        /// <summary>
        /// Propagates over every constraint with an unknown signal to a fixed point, then (when
        /// <paramref name="probe"/>) probes each signal still unknown; returns whether anything
        /// new became a point.
        /// </summary>
        public bool Run(long workBudget, bool probe)
        {
            var before = Enumerable.Range(0, _determined.Length).Count(IsPoint);
            _work = 0;
            ResetVisits();
            for (var k = 0; k < _queued.Length; k++) Enqueue(k);
            Drain(workBudget);
            var probed = probe;
            while (probed && _work < workBudget)
            {
                probed = false;
                for (var x = 1; x < _determined.Length && _work < workBudget; x++)
                {
                    if (_determined[x] || IsPoint(x)) continue;
                    ResetVisits();
                    if (!Probe(x, workBudget)) continue;
                    probed = true;
                    Drain(workBudget);
                }
            }
            return Enumerable.Range(0, _determined.Length).Count(IsPoint) > before;
        }

        private bool Known(int x) => _determined[x] || IsPoint(x);

        private void Enqueue(int k)
        {
            if (_queued[k]) return;
            _queued[k] = true;
            _queue.Enqueue(k);
        }

        private void EnqueueNeighbours(int x)
        {
            for (var i = _analysis._wireStart[x]; i < _analysis._wireStart[x + 1]; i++)
                Enqueue(_analysis._occConstraint[_analysis._wireOcc[i]]);
        }

        /// <summary>Visits queued constraints until none is left or the budget is spent; false on a contradiction.</summary>
        private bool Drain(long workBudget)
        {
            while (_queue.Count > 0)
            {
                var k = _queue.Dequeue();
                _queued[k] = false;
                if (_work > workBudget) continue; // keep draining so the flags stay clear
                _work += _analysis._consStart[k + 1] - _analysis._consStart[k];
                // A pair of bounds that creep towards each other (a ceil-sqrt's two sides while
                // its operand is still wide) would take a visit per step: cut them off.
                if (_visits[k]++ == 0) _visited.Add(k);
                if (_visits[k] > VisitLimit) continue;
                if (!Visit(k))
                {
                    while (_queue.Count > 0) _queued[_queue.Dequeue()] = false;
                    return false;
                }
            }
            return true;
        }

        /// <summary>
        /// Assumes w'[x] differs from the witness's value on each side in turn; when every side
        /// is impossible, pins x. Restores everything a failed or inconclusive probe changed.
        /// </summary>
        private bool Probe(int x, long workBudget)
        {
            var v = _analysis._witness[x].ToBigInteger();
            var sides = new List<Action>();
            if (_bounded[x])
            {
                var t = Representative(v, _lo[x]);
                if (t > _lo[x]) sides.Add(() => Set(x, _lo[x], t - 1, _nonZero[x]));
                if (t < _hi[x]) sides.Add(() => Set(x, t + 1, _hi[x], _nonZero[x]));
            }
            else if (v.IsZero && !_nonZero[x])
            {
                sides.Add(() => Set(x, 0, 0, nonZero: true, bounded: false));
            }
            if (sides.Count == 0) return false;

            var probeBudget = _work + Math.Min(workBudget - _work, ProbeWork);
            foreach (var side in sides)
            {
                var mark = _trail.Count;
                _probing = true;
                side();
                var impossible = !Drain(probeBudget);
                _probing = false;
                Undo(mark);
                if (!impossible) return false;
            }
            var point = _bounded[x] ? Representative(v, _lo[x]) : BigInteger.Zero;
            Set(x, point, point, _nonZero[x]);
            return true;
        }

        private void Undo(int mark)
        {
            for (var i = _trail.Count - 1; i >= mark; i--)
            {
                var (wire, lo, hi, bounded, nonZero) = _trail[i];
                (_lo[wire], _hi[wire], _bounded[wire], _nonZero[wire]) = (lo, hi, bounded, nonZero);
            }
            _trail.RemoveRange(mark, _trail.Count - mark);
        }

        /// <summary>Records x's new bounds (kept on the trail for probes) and queues its constraints.</summary>
        private void Set(int x, BigInteger lo, BigInteger hi, bool nonZero, bool bounded = true)
        {
            if (_probing)
            {
                _trail.Add((x, _lo[x], _hi[x], _bounded[x], _nonZero[x]));
            }
            else
            {
                var v = _analysis._witness[x].ToBigInteger();
                if ((bounded && Representative(v, lo) > hi) || (nonZero && v.IsZero))
                    throw new InvalidOperationException($"internal error: a range rule excluded the witness's value of {_analysis.Name(x)}");
            }
            (_lo[x], _hi[x], _bounded[x], _nonZero[x]) = (lo, hi, bounded, nonZero);
            EnqueueNeighbours(x);
        }

        /// <summary>
        /// Narrows x to [lo, hi] (an interval of width &lt; r, any offset) and to nonzero; false when
        /// nothing is left. Two intervals of residues can meet in two pieces: then x keeps its old one.
        /// </summary>
        private bool Narrow(int x, BigInteger lo, BigInteger hi, bool nonZero)
        {
            if (lo > hi) return false;
            nonZero |= _nonZero[x];
            if (!_bounded[x])
            {
                if (nonZero && lo.IsZero && hi.IsZero) return false;
                if (hi - lo < Modulus) Set(x, lo, hi, nonZero);
                else if (nonZero != _nonZero[x]) Set(x, 0, 0, nonZero, bounded: false);
                return true;
            }
            if (hi - lo >= Modulus)
            {
                if (nonZero != _nonZero[x]) Set(x, _lo[x], _hi[x], nonZero);
                return true;
            }
            // Shift [lo, hi] next to x's interval, then intersect with it and its neighbours by r.
            var shift = FloorDiv(_lo[x] - lo, Modulus) * Modulus;
            (BigInteger Lo, BigInteger Hi)? piece = null;
            var pieces = 0;
            for (var s = -1; s <= 1; s++)
            {
                var l = BigInteger.Max(_lo[x], lo + shift + s * Modulus);
                var h = BigInteger.Min(_hi[x], hi + shift + s * Modulus);
                if (l > h) continue;
                pieces++;
                piece = (l, h);
            }
            if (pieces == 0) return false;
            var (newLo, newHi) = pieces == 1 ? piece!.Value : (_lo[x], _hi[x]);
            if (nonZero)
            {
                // Zero is any multiple of r: trim it off the ends.
                if (IsMultiple(newLo)) newLo++;
                if (newLo <= newHi && IsMultiple(newHi)) newHi--;
                if (newLo > newHi) return false;
            }
            if (newLo != _lo[x] || newHi != _hi[x] || nonZero != _nonZero[x]) Set(x, newLo, newHi, nonZero);
            return true;
        }

        // ---- the rules ------------------------------------------------------------------------

        /// <summary>A linear combination restricted to unknown signals: constant + sum coefficient * x'.</summary>
        private readonly record struct Form(Fr Constant, List<(int Wire, Fr Coefficient)> Terms)
        {
            public bool IsConstant => Terms.Count == 0;
        }

        private bool Visit(int k)
        {
            var a = _analysis;
            Fr a0 = Fr.Zero, b0 = Fr.Zero, c0 = Fr.Zero;
            List<(int, Fr)> aTerms = [], bTerms = [], cTerms = [];
            for (var o = a._consStart[k]; o < a._consStart[k + 1]; o++)
            {
                var x = a._occWire[o];
                if (Known(x))
                {
                    // In a probe a point may differ from the witness's value.
                    var value = _determined[x] ? a._witness[x] : Fr.FromBigInteger(_lo[x]);
                    a0 += a._occA[o] * value;
                    b0 += a._occB[o] * value;
                    c0 += a._occC[o] * value;
                    continue;
                }
                if (!a._occA[o].IsZero) aTerms.Add((x, a._occA[o]));
                if (!a._occB[o].IsZero) bTerms.Add((x, a._occB[o]));
                if (!a._occC[o].IsZero) cTerms.Add((x, a._occC[o]));
            }
            Form A = new(a0, aTerms), B = new(b0, bTerms), C = new(c0, cTerms);
            if (A.IsConstant && B.IsConstant && C.IsConstant) return true;
            if (A.IsConstant) return LinearOf(A.Constant, B, C);
            if (B.IsConstant) return LinearOf(B.Constant, A, C);
            if (Proportional(A.Terms, B.Terms) is { } lambda && (C.IsConstant || Proportional(A.Terms, C.Terms) is not null))
                return SquareOfOneForm(A, lambda, B, C);
            return Product(A, B, C);
        }

        /// <summary>factor * F = C: a linear constraint on the unknowns of F and C.</summary>
        private bool LinearOf(in Fr factor, in Form f, in Form c)
        {
            var terms = new Dictionary<int, Fr>();
            foreach (var (x, coefficient) in f.Terms) terms[x] = factor * coefficient;
            foreach (var (x, coefficient) in c.Terms) terms[x] = terms.GetValueOrDefault(x) - coefficient;
            var target = c.Constant - factor * f.Constant;
            List<(int Wire, Fr Coefficient)> nonzero = [.. terms.Where(t => !t.Value.IsZero).Select(t => (t.Key, t.Value))];
            if (nonzero.Count == 0) return target.IsZero;
            // An equation with a point on the right can be scaled freely: make its coefficients small.
            var (scaled, scale) = Smallest(nonzero);
            Fr.Inverse(scale, out var inverse);
            var point = Signed(target * inverse);
            return Linear(scaled, point, point);
        }

        /// <summary>
        /// sum coefficient * x' = z (mod r) with z an integer in [zLo, zHi]: bounds each x' by the
        /// others when only one multiple of r fits; false when none does.
        /// </summary>
        private bool Linear(List<(int Wire, Fr Coefficient)> terms, BigInteger zLo, BigInteger zHi)
        {
            if (terms.Count == 0) return IsMultipleIn(zLo, zHi);
            var signed = new BigInteger[terms.Count];
            var unbounded = -1;
            BigInteger sLo = 0, sHi = 0;
            for (var i = 0; i < terms.Count; i++)
            {
                var x = terms[i].Wire;
                signed[i] = Signed(terms[i].Coefficient);
                if (!_bounded[x])
                {
                    if (unbounded >= 0) return true; // two unbounded: nothing to say
                    unbounded = i;
                    continue;
                }
                var (l, h) = Scale(signed[i], _lo[x], _hi[x]);
                sLo += l;
                sHi += h;
            }
            if (unbounded >= 0)
            {
                // The one unbounded x' is (z - rest) / s: an interval when s = +-1.
                var x = terms[unbounded].Wire;
                var s = signed[unbounded];
                if (terms.Count == 1 && zLo == zHi)
                {
                    Fr.Inverse(terms[unbounded].Coefficient, out var inverse);
                    var value = Signed(Fr.FromBigInteger(zLo) * inverse);
                    return Narrow(x, value, value, false);
                }
                if (BigInteger.Abs(s) != 1) return true;
                var (lo, hi) = Scale(s, zLo - sHi, zHi - sLo);
                return hi - lo >= Modulus || Narrow(x, lo, hi, false);
            }
            // sum - z = j r: the multiples of r in [sLo - zHi, sHi - zLo].
            var jLo = CeilDiv(sLo - zHi, Modulus);
            var jHi = FloorDiv(sHi - zLo, Modulus);
            if (jLo > jHi) return false;
            if (jLo < jHi) return true;
            var shift = jLo * Modulus;
            // Widest terms first, with the sums kept current: a bit decomposition then settles
            // from its top bit down in one visit.
            var order = Enumerable.Range(0, terms.Count)
                .OrderByDescending(i => BigInteger.Abs(signed[i]) * (_hi[terms[i].Wire] - _lo[terms[i].Wire])).ToList();
            foreach (var i in order)
            {
                var x = terms[i].Wire;
                var (l, h) = Scale(signed[i], _lo[x], _hi[x]);
                // s x' = j r + z - (sum of the others), over the integers.
                var restLo = sLo - l;
                var restHi = sHi - h;
                var low = shift + zLo - restHi;
                var high = shift + zHi - restLo;
                var (newLo, newHi) = signed[i].Sign > 0
                    ? (CeilDiv(low, signed[i]), FloorDiv(high, signed[i]))
                    : (CeilDiv(high, signed[i]), FloorDiv(low, signed[i]));
                if (newLo > _lo[x] || newHi < _hi[x])
                {
                    if (!Narrow(x, BigInteger.Max(newLo, _lo[x]), BigInteger.Min(newHi, _hi[x]), false)) return false;
                    var (nl, nh) = Scale(signed[i], _lo[x], _hi[x]);
                    sLo += nl - l;
                    sHi += nh - h;
                }
            }
            return true;
        }

        /// <summary>
        /// (L + A0)(lambda L + B0) = mu L + C0 for one linear form L of the unknowns: L is a root
        /// of lambda L^2 + (lambda A0 + B0 - mu) L + A0 B0 - C0, so it lies between the roots, and
        /// is the one root L's own bounds leave.
        /// </summary>
        private bool SquareOfOneForm(in Form a, in Fr lambda, in Form b, in Form c)
        {
            var mu = c.IsConstant ? Fr.Zero : Proportional(a.Terms, c.Terms)!.Value;
            // L = a1 * N with N's coefficients as small as a scale can make them (circom's --O2
            // writes a folded bit's quadratic with every coefficient times 1/2^n).
            var (n, scale) = Smallest(a.Terms);
            var roots = SolveQuadratic(lambda * scale * scale, scale * (lambda * a.Constant + b.Constant - mu), a.Constant * b.Constant - c.Constant);
            if (roots is null) return true;
            var (nLo, nHi, bounded) = Bounds(n, Fr.Zero);
            var candidates = roots.Select(root => Signed(root)).Where(t => !bounded || InInterval(t, nLo, nHi)).ToList();
            if (candidates.Count == 0) return false;
            return Linear(n, candidates.Min(), candidates.Max());
        }

        /// <summary>
        /// terms = scale * (the returned terms), with the returned coefficients' largest signed
        /// magnitude as small as dividing by one of a few telling coefficients makes it.
        /// </summary>
        private static (List<(int Wire, Fr Coefficient)> Terms, Fr Scale) Smallest(List<(int Wire, Fr Coefficient)> terms)
        {
            var smallest = terms.MinBy(t => BigInteger.Abs(Signed(t.Coefficient))).Coefficient;
            (List<(int, Fr)> Terms, Fr Scale) best = (terms, Fr.One);
            var bestSize = terms.Max(t => BigInteger.Abs(Signed(t.Coefficient)));
            // The most frequent coefficient is usually the combination's unit (--O2 divides a
            // remainder's folded bit by 2^n D: its two addends keep 1/(2^n D), the quotient 1/2^n).
            var mode = terms.GroupBy(t => t.Coefficient).MaxBy(g => g.Count())!.Key;
            // A bit decomposition's unit is its bit 0's coefficient, one of the first few terms.
            foreach (var divisor in terms.Take(4).Select(t => t.Coefficient).Append(terms[^1].Coefficient).Append(smallest).Append(mode))
            {
                Fr.Inverse(divisor, out var inverse);
                var scaled = terms.Select(t => (t.Wire, t.Coefficient * inverse)).ToList();
                var size = scaled.Max(t => BigInteger.Abs(Signed(t.Item2)));
                if (size < bestSize) (best, bestSize) = ((scaled, divisor), size);
            }
            return best;
        }

        /// <summary>A * B = C with unknowns in both factors: zero products, bounded products, and back.</summary>
        private bool Product(in Form a, in Form b, in Form c)
        {
            var aNonZero = NonZero(a);
            var bNonZero = NonZero(b);
            if (c.IsConstant)
            {
                if (c.Constant.IsZero)
                {
                    if (aNonZero && bNonZero) return false;
                    if (aNonZero) return Linear(b.Terms, Signed(-b.Constant), Signed(-b.Constant));
                    if (bNonZero) return Linear(a.Terms, Signed(-a.Constant), Signed(-a.Constant));
                }
                else
                {
                    if (!MarkNonZero(a) || !MarkNonZero(b)) return false;
                }
            }
            else if (aNonZero && bNonZero && !MarkNonZero(c))
            {
                return false;
            }

            var (aLo, aHi, aBounded) = Bounds(a.Terms, a.Constant);
            var (bLo, bHi, bBounded) = Bounds(b.Terms, b.Constant);
            if (!aBounded || !bBounded) return true;
            var corners = new[] { aLo * bLo, aLo * bHi, aHi * bLo, aHi * bHi };
            var pLo = corners.Min();
            var pHi = corners.Max();
            if (pHi - pLo >= Modulus) return true;
            // C = A*B (mod r): C's unknowns take the product's interval, less C's constant.
            var c0 = Signed(c.Constant);
            if (!Linear(c.Terms, pLo - c0, pHi - c0)) return false;

            // Back from C to a factor, when the product is exact over the integers.
            var (cLo, cHi, cBounded) = Bounds(c.Terms, c.Constant);
            if (!cBounded) return true;
            var jLo = CeilDiv(pLo - cHi, Modulus);
            var jHi = FloorDiv(pHi - cLo, Modulus);
            if (jLo != jHi) return jLo <= jHi;
            var tLo = cLo + jLo * Modulus;
            var tHi = cHi + jLo * Modulus;
            if (SameForm(a, b))
            {
                // A^2 = T: |A| <= sqrt(T), and >= sqrt(T's low end) on A's side of zero.
                if (tHi.Sign < 0) return false;
                var top = FloorSqrt(tHi);
                var bottom = tLo.Sign > 0 ? CeilSqrt(tLo) : BigInteger.Zero;
                if (aLo.Sign >= 0) return Linear(a.Terms, bottom - Signed(a.Constant), top - Signed(a.Constant));
                if (aHi.Sign <= 0) return Linear(a.Terms, -top - Signed(a.Constant), -bottom - Signed(a.Constant));
                return Linear(a.Terms, -top - Signed(a.Constant), top - Signed(a.Constant));
            }
            return Quotient(a, bLo, bHi, tLo, tHi) && Quotient(b, aLo, aHi, tLo, tHi);
        }

        /// <summary>F = T / G over the integers, for G of one sign: F between the corner quotients.</summary>
        private bool Quotient(in Form f, BigInteger gLo, BigInteger gHi, BigInteger tLo, BigInteger tHi)
        {
            if (gLo.Sign <= 0 && gHi.Sign >= 0) return true;
            BigInteger lo = BigInteger.Zero, hi = BigInteger.Zero;
            var first = true;
            foreach (var t in new[] { tLo, tHi })
            {
                foreach (var g in new[] { gLo, gHi })
                {
                    var l = CeilDiv(t, g);
                    var h = FloorDiv(t, g);
                    // t/g itself lies in [h, l]; the quotient's extremes are at the corners.
                    if (first || h < lo) lo = h;
                    if (first || l > hi) hi = l;
                    first = false;
                }
            }
            var c = Signed(f.Constant);
            return Linear(f.Terms, lo - c, hi - c);
        }

        // ---- helpers --------------------------------------------------------------------------

        /// <summary>Whether the form is certainly nonzero: its interval holds no multiple of r, or it is c*x with x nonzero.</summary>
        private bool NonZero(in Form f)
        {
            if (f.Terms.Count == 1 && f.Constant.IsZero && _nonZero[f.Terms[0].Wire]) return true;
            var (lo, hi, bounded) = Bounds(f.Terms, f.Constant);
            return bounded && !IsMultipleIn(lo, hi);
        }

        /// <summary>Records that a form of one unknown with no constant is nonzero; false when it is certainly 0.</summary>
        private bool MarkNonZero(in Form f)
        {
            if (f.IsConstant) return !f.Constant.IsZero;
            if (f.Terms.Count != 1 || !f.Constant.IsZero) return true;
            var x = f.Terms[0].Wire;
            return _nonZero[x] || Narrow(x, _bounded[x] ? _lo[x] : 0, _bounded[x] ? _hi[x] : Modulus, nonZero: true);
        }

        /// <summary>The interval of constant + sum coefficient * x', or unbounded.</summary>
        private (BigInteger Lo, BigInteger Hi, bool Bounded) Bounds(List<(int Wire, Fr Coefficient)> terms, in Fr constant)
        {
            var lo = Signed(constant);
            var hi = lo;
            foreach (var (x, coefficient) in terms)
            {
                if (!_bounded[x]) return (0, 0, false);
                var (l, h) = Scale(Signed(coefficient), _lo[x], _hi[x]);
                lo += l;
                hi += h;
            }
            return hi - lo < Modulus ? (lo, hi, true) : (0, 0, false);
        }

        /// <summary>The ratio f/e when the two lists have the same wires in proportion, else null.</summary>
        private static Fr? Proportional(List<(int Wire, Fr Coefficient)> e, List<(int Wire, Fr Coefficient)> f)
        {
            if (e.Count != f.Count || e.Count == 0) return null;
            Fr.Inverse(e[0].Coefficient, out var inverse);
            var ratio = f[0].Coefficient * inverse;
            for (var i = 0; i < e.Count; i++)
                if (e[i].Wire != f[i].Wire || e[i].Coefficient * ratio != f[i].Coefficient) return null;
            return ratio;
        }

        private static bool SameForm(in Form a, in Form b) =>
            a.Constant == b.Constant && Proportional(a.Terms, b.Terms) is { } ratio && ratio == Fr.One;

        private static (BigInteger Lo, BigInteger Hi) Scale(BigInteger s, BigInteger lo, BigInteger hi) =>
            s.Sign >= 0 ? (s * lo, s * hi) : (s * hi, s * lo);

        private static BigInteger Signed(in Fr value)
        {
            var v = value.ToBigInteger();
            return v > HalfModulus ? v - Modulus : v;
        }

        /// <summary>The integer congruent to v in [lo, lo + r).</summary>
        private static BigInteger Representative(BigInteger v, BigInteger lo) => lo + Mod(v - lo, Modulus);

        private static bool InInterval(BigInteger v, BigInteger lo, BigInteger hi) => Representative(v, lo) <= hi;

        private static bool IsMultiple(BigInteger v) => Mod(v, Modulus).IsZero;

        private static bool IsMultipleIn(BigInteger lo, BigInteger hi) => CeilDiv(lo, Modulus) <= FloorDiv(hi, Modulus);
    }
}

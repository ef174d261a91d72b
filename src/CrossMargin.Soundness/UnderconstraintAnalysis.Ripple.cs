// Cascades: a second witness built the way a prover would, from one changed signal.
using System.Numerics;
using CrossMargin.R1cs;

namespace CrossMargin.Soundness;

public sealed partial class UnderconstraintAnalysis
{
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
                else if (left == 0 && original.Count > 0 && !_system.Constraints[k].IsSatisfiedBy(_witness)) broken = true;
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
            if (!touched.All(k => _system.Constraints[k].IsSatisfiedBy(_witness))) return null;
            return new UnderconstraintFinding(UnderconstraintKind.Cascade, changes, [.. touched], AnyValue: false, ChangesOutput(changes));
        }
        finally
        {
            foreach (var (wire, value) in original) _witness[wire] = value;
        }
    }

    // ---- single signals ---------------------------------------------------------------------
}

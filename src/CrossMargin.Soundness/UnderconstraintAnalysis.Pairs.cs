// Pairs of signals that only move together.
using System.Numerics;
using CrossMargin.R1cs;

namespace CrossMargin.Soundness;

public sealed partial class UnderconstraintAnalysis
{
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
}

// Single signals, solved exactly.
using CrossMargin.R1cs;

namespace CrossMargin.Soundness;

public sealed partial class UnderconstraintAnalysis
{
    private UnderconstraintFinding? Single(int x)
    {
        var start = _wireStart[x];
        var end = _wireStart[x + 1];
        if (start == end)
        {
            Fr.Add(_witness[x], Fr.One, out var other);
            return new UnderconstraintFinding(UnderconstraintKind.Unconstrained, [new SignalChange(x, Name(x), _witness[x], other)], [], AnyValue: true, _roles.IsOutput(x));
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
}

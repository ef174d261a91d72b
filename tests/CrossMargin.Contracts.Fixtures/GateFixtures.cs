namespace CrossMargin.Contracts.Fixtures;

public static class GateFixtures
{
    public static void Write(FixtureContext context)
    {
        // scenario proofs for the gate tests: filled in by the gate work
    }
}

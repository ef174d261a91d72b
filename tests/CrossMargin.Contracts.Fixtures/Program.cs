using CrossMargin.Contracts.Fixtures;

// dotnet CrossMargin.Contracts.Fixtures.dll <repository root>: run by contracts/Contracts.proj
// before forge build, only when its inputs changed (a stamp in artifacts/contracts/).
if (args.Length != 1 || !File.Exists(Path.Combine(args[0], "CrossMargin.sln")))
{
    Console.Error.WriteLine("usage: CrossMargin.Contracts.Fixtures <repository root (the folder of CrossMargin.sln)>");
    return 2;
}
var context = new FixtureContext(Path.GetFullPath(args[0]));
VerifierFixtures.Write(context);
GateFixtures.Write(context);
return 0;

using BenchmarkDotNet.Running;
using CrossMargin.Bench;

// `proofs <zkey> <wasm> <count> <folder>` makes the proof folder bench/groth16.sh batch-verifies;
// `rerandomized <count> <folder>` makes the one bench/batchverify.sh verifies; anything else goes
// to BenchmarkDotNet.
if (args is ["proofs", var zkey, var wasm, var count, var folder])
{
    ProofFolder.Make(zkey, wasm, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), folder);
    return;
}
if (args is ["rerandomized", var rerandomizedCount, var rerandomizedFolder])
{
    ProofFolder.MakeRerandomized(int.Parse(rerandomizedCount, System.Globalization.CultureInfo.InvariantCulture), rerandomizedFolder);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

using BenchmarkDotNet.Running;
using CrossMargin.Bench;

// `proofs <zkey> <wasm> <count> <folder>` makes the proof folder bench/groth16.sh batch-verifies;
// anything else goes to BenchmarkDotNet.
if (args is ["proofs", var zkey, var wasm, var count, var folder])
{
    ProofFolder.Make(zkey, wasm, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), folder);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

using System.Numerics;
using CrossMargin.Snarkjs;
using CrossMargin.Groth16;

namespace CrossMargin.Bench;

/// <summary>
/// Many distinct valid proofs for the batch-verification benchmark: one proof of the smoke
/// circuit (poseidon_preimage) per secret 1, 2, ..., each its own statement (a different
/// public commitment) with fresh blinding, written as snarkjs's proof_N.json / public_N.json.
/// Proving in-process takes milliseconds a proof, where one CLI process each would take minutes.
/// </summary>
internal static class ProofFolder
{
    public static void Make(string zkeyPath, string wasmPath, int count, string folder)
    {
        var key = ZkeyFile.ReadProvingKey(zkeyPath);
        Directory.CreateDirectory(folder);
        using var calculator = WitnessCalculator.Load(wasmPath);
        for (var i = 1; i <= count; i++)
        {
            var witness = calculator.Calculate(
            [
                new("secret", [new BigInteger(i)]),
                new("blinding", [new BigInteger(1_000_003) * i + 7]),
            ]);
            var result = Prover.Prove(key, witness);
            SnarkjsJson.WriteProof(Path.Combine(folder, $"proof_{i:D4}.json"), result.Proof);
            SnarkjsJson.WritePublicSignals(Path.Combine(folder, $"public_{i:D4}.json"), result.PublicSignals);
        }
    }
}

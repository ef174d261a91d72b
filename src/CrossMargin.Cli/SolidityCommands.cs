using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text;
using CrossMargin.Snarkjs.Solidity;
using CrossMargin.Snarkjs;
using CrossMargin.Groth16;

namespace CrossMargin.Cli;

/// <summary>
/// The Solidity verbs, with snarkjs's names, arguments, defaults and aliases:
/// <code>
/// zkey export solidityverifier [circuit_final.zkey | verification_key.json] [verifier.sol]   (alias zkesv)
/// zkey export soliditycalldata [public.json] [proof.json]                                   (alias zkesc)
/// </code>
/// solidityverifier writes our generated verifier (snarkjs's verifyProof ABI plus the batch
/// entry point; Groth16VerifierGenerator) and refuses a degenerate key (exit 1);
/// soliditycalldata prints exactly what snarkjs 0.7.6 prints.
/// </summary>
public static class SolidityCommands
{
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var zkey = CommandLine.Group(root, "zkey", "Groth16 proving keys (.zkey).");
        var export = CommandLine.Group(zkey, "export", "Export parts of a proving key.");
        export.Add(SolidityVerifier("solidityverifier"));
        export.Add(SolidityCalldata("soliditycalldata"));
    }

    private static Command SolidityVerifier(string name)
    {
        var key = new Argument<string>("circuit.zkey|verification_key.json")
        {
            Description = "The key: a .zkey or a verification_key.json, told apart by content (default circuit_final.zkey).",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "circuit_final.zkey",
        };
        var output = new Argument<string>("verifier.sol")
        {
            Description = "Where to write the verifier (default verifier.sol).",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "verifier.sol",
        };
        var command = new Command(name, "Write a Solidity verifier for the key (snarkjs's verifyProof ABI, plus batch verification).") { key, output };
        command.SetAction(parse => CommandLine.Guard(() =>
        {
            var keyPath = parse.GetValue(key)!;
            string source;
            try
            {
                VerificationKey verificationKey = Groth16VerifierGenerator.ReadKey(keyPath);
                source = Groth16VerifierGenerator.Generate(verificationKey, Groth16VerifierGenerator.DefaultContractName);
            }
            catch (ArgumentException e) when (e.ParamName == "key")
            {
                return CommandLine.Fail(ExitCodes.Invalid, $"{keyPath}: {e.Message}");
            }
            File.WriteAllText(parse.GetValue(output)!, source);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command SolidityCalldata(string name)
    {
        var pub = new Argument<string>("public.json")
        {
            Description = "The public signals (default public.json).",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "public.json",
        };
        var proof = new Argument<string>("proof.json")
        {
            Description = "The proof (default proof.json).",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "proof.json",
        };
        var command = new Command(name, "Print verifyProof's arguments for a proof, as snarkjs does.") { pub, proof };
        command.SetAction(parse => CommandLine.Guard(() =>
        {
            var signals = SnarkjsJson.ReadPublicSignals(parse.GetValue(pub)!);
            var p = SnarkjsJson.ReadProof(parse.GetValue(proof)!);
            Console.Out.Write(Calldata(p, signals) + "\n");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>
    /// snarkjs 0.7.6's groth16 exportSolidityCallData: each number as a quoted 0x-prefixed hex
    /// string of at least 64 digits; B's coordinates imaginary part first; ", " inside a point,
    /// "," between points and between signals.
    /// </summary>
    public static string Calldata(Proof proof, IReadOnlyList<BigInteger> signals)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(signals);
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"[{W(proof.A.X.ToBigInteger())}, {W(proof.A.Y.ToBigInteger())}],");
        s.Append(CultureInfo.InvariantCulture, $"[[{W(proof.B.X.C1.ToBigInteger())}, {W(proof.B.X.C0.ToBigInteger())}],[{W(proof.B.Y.C1.ToBigInteger())}, {W(proof.B.Y.C0.ToBigInteger())}]],");
        s.Append(CultureInfo.InvariantCulture, $"[{W(proof.C.X.ToBigInteger())}, {W(proof.C.Y.ToBigInteger())}],");
        s.Append('[').AppendJoin(',', signals.Select(W)).Append(']');
        return s.ToString();
    }

    private static string W(BigInteger v)
    {
        // BigInteger's "x" format adds a leading 0 to keep a value with the top bit set positive.
        var hex = v.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
        return $"\"0x{hex.PadLeft(64, '0')}\"";
    }
}

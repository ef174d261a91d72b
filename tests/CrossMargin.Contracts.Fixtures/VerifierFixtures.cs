using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using CrossMargin.Proving;
using CrossMargin.Snarkjs.Solidity;
using CrossMargin.Snarkjs;
using CrossMargin.Curves.Encodings;
using CrossMargin.Groth16;
using CrossMargin.Margin;

namespace CrossMargin.Contracts.Fixtures;

/// <summary>
/// The generated verifiers and their test vectors:
/// <list type="bullet">
/// <item>contracts/src/generated/SolvencySmallVerifier.sol from the development key of
/// circuits/margin/solvency_small.circom;</item>
/// <item>for the gas comparison, circuits/testing/verifier/public_inputs_{9,13}.circom: our verifier
/// (PublicInputs9Verifier) and snarkjs's (SnarkjsPublicInputs9Verifier, its template renamed) in
/// contracts/test/generated/;</item>
/// <item>artifacts/contracts/verifier/&lt;circuit&gt;.json: real proofs by the C# prover, tampered
/// variants, and batches, each with the verdict of the C# verifier computed here (never typed).</item>
/// </list>
/// </summary>
public static partial class VerifierFixtures
{
    private static readonly BigInteger Q = BigInteger.Parse("21888242871839275222246405745257275088696311157297823662689037894645226208583", CultureInfo.InvariantCulture);
    private static readonly BigInteger R = Fr.Modulus;

    /// <summary>Distinct statements proved per circuit: enough for swapped proofs and varied batches.</summary>
    private const int Statements = 4;

    public static void Write(FixtureContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var vectorsDirectory = Path.Combine(context.OutputDirectory, "verifier");
        Directory.CreateDirectory(vectorsDirectory);
        Directory.CreateDirectory(context.GeneratedSourceDirectory);
        Directory.CreateDirectory(context.GeneratedTestDirectory);

        // The solvency circuit the gate verifies: statements from the example portfolio for
        // several accounts (the account is a public signal), proved with the small preset's key.
        var solvency = MarginCircuit.Locate(MarginConfiguration.Small, context.CircuitsDirectory);
        var solvencyKey = context.DevelopmentKey(solvency);
        WriteVerifier(solvencyKey.Zkey, Path.Combine(context.GeneratedSourceDirectory, "SolvencySmallVerifier.sol"), "SolvencySmallVerifier");
        var portfolio = PortfolioFile.Read(Path.Combine(context.RepositoryRoot, "examples", "portfolio.json"));
        var solvencyInputs = Enumerable.Range(0, Statements).Select(i =>
            MarginStatement.ForProof(portfolio with { Context = portfolio.Context with { Account = portfolio.Context.Account + i } },
                MarginLevel.Maintenance, MarginConfiguration.Small).InputSignals()).ToList();
        WriteVectors(Path.Combine(vectorsDirectory, "solvency_small.json"), "solvency_small", solvencyKey.Zkey, solvency.WasmPath, solvencyInputs);

        foreach (var n in new[] { 9, 13 })
        {
            var path = $"testing/verifier/public_inputs_{n}";
            var circuit = context.Circuit(path);
            var key = context.DevelopmentKey(path);
            WriteVerifier(key.Zkey, Path.Combine(context.GeneratedTestDirectory, $"PublicInputs{n}Verifier.sol"), $"PublicInputs{n}Verifier");
            WriteSnarkjsVerifier(context, key.Zkey, Path.Combine(context.GeneratedTestDirectory, $"SnarkjsPublicInputs{n}Verifier.sol"), $"SnarkjsPublicInputs{n}Verifier");
            var inputs = Enumerable.Range(0, Statements).Select(s => (IReadOnlyList<KeyValuePair<string, BigInteger[]>>)
            [
                new("x", Enumerable.Range(0, n).Select(i => new BigInteger(1000 * s + i + 1)).ToArray()),
                new("w", [new BigInteger(7 + s)]),
            ]).ToList();
            WriteVectors(Path.Combine(vectorsDirectory, $"public_inputs_{n}.json"), circuit.Name, key.Zkey, circuit.Wasm, inputs);
        }
    }

    private static void WriteVerifier(string zkey, string output, string contractName)
    {
        var source = Groth16VerifierGenerator.Generate(ZkeyFile.ReadVerificationKey(zkey), contractName);
        WriteIfChanged(output, source);
        FixtureContext.Log($"wrote {output}");
    }

    /// <summary>
    /// snarkjs's own verifier for the same key, the gas peer: `snarkjs zkey export
    /// solidityverifier`, its contract renamed so that several coexist in one forge project.
    /// </summary>
    private static void WriteSnarkjsVerifier(FixtureContext context, string zkey, string output, string contractName)
    {
        var scratch = output + ".snarkjs.tmp";
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(context.RepositoryRoot, "node_modules", "snarkjs", "cli.js"));
        foreach (var a in new[] { "zkey", "export", "solidityverifier", zkey, scratch }) start.ArgumentList.Add(a);
        using (var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start"))
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"snarkjs zkey export solidityverifier {zkey} failed ({process.ExitCode}): {stdout.Result}{stderr}");
        }
        var source = File.ReadAllText(scratch);
        File.Delete(scratch);
        var renamed = SnarkjsContractName().Replace(source, $"contract {contractName} {{", 1);
        if (renamed == source) throw new InvalidOperationException($"snarkjs's verifier for {zkey} has no 'contract Groth16Verifier {{' to rename");
        WriteIfChanged(output, renamed);
        FixtureContext.Log($"wrote {output}");
    }

    [GeneratedRegex(@"contract Groth16Verifier\s*\{")]
    private static partial Regex SnarkjsContractName();

    /// <summary>Leaves an unchanged file untouched, so that forge's cache does not recompile it.</summary>
    private static void WriteIfChanged(string path, string content)
    {
        if (File.Exists(path) && File.ReadAllText(path) == content) return;
        File.WriteAllText(path, content);
    }

    // ---- vectors ---------------------------------------------------------------------------------

    /// <summary>A proof as the verifier's calldata sees it: 8 words and the signals, any 256-bit values.</summary>
    private sealed record Vector(string Name, BigInteger[] Proof, BigInteger[] Signals);

    private static void WriteVectors(string output, string circuitName, string zkey, string wasm, IReadOnlyList<IReadOnlyList<KeyValuePair<string, BigInteger[]>>> inputs)
    {
        var provingKey = ZkeyFile.ReadProvingKey(zkey);
        var key = provingKey.VerificationKey;
        var proved = new List<Vector>();
        using (var calculator = WitnessCalculator.Load(wasm))
        {
            for (var s = 0; s < inputs.Count; s++)
            {
                var proof = Prover.Prove(provingKey, calculator.Calculate(inputs[s]));
                proved.Add(new Vector($"statement {s}: the prover's proof", Words(proof.Proof), [.. proof.PublicSignals]));
            }
        }

        var vectors = new List<Vector>(proved);
        var p = proved[0];
        string[] coordinate = ["A.x", "A.y", "B.x.c1", "B.x.c0", "B.y.c1", "B.y.c0", "C.x", "C.y"];
        for (var j = 0; j < 8; j++)
            vectors.Add(p with { Name = $"statement 0, {coordinate[j]} + 1 (mod q)", Proof = With(p.Proof, j, (p.Proof[j] + 1) % Q) });
        for (var j = 0; j < 8; j++)
            vectors.Add(p with { Name = $"statement 0, {coordinate[j]} + q (the same point, non-canonical)", Proof = With(p.Proof, j, p.Proof[j] + Q) });
        for (var i = 0; i < p.Signals.Length; i++)
        {
            vectors.Add(p with { Name = $"statement 0, signal {i} + 1 (mod r)", Signals = With(p.Signals, i, (p.Signals[i] + 1) % R) });
            vectors.Add(p with { Name = $"statement 0, signal {i} + r (the same scalar, out of range)", Signals = With(p.Signals, i, p.Signals[i] + R) });
        }
        vectors.Add(p with { Name = "statement 0, signal 0 = r", Signals = With(p.Signals, 0, R) });
        vectors.Add(p with { Name = $"statement 0, signal {p.Signals.Length - 1} = 2^256 - 1", Signals = With(p.Signals, p.Signals.Length - 1, (BigInteger.One << 256) - 1) });
        vectors.Add(p with { Name = "statement 0, A = (1, 1), off the curve", Proof = With(With(p.Proof, 0, 1), 1, 1) });
        vectors.Add(p with { Name = "statement 0, C = (1, 1), off the curve", Proof = With(With(p.Proof, 6, 1), 7, 1) });
        vectors.Add(p with { Name = "statement 0, A = (0, 0), the identity", Proof = With(With(p.Proof, 0, 0), 1, 0) });
        vectors.Add(p with { Name = "statement 0, C = (0, 0), the identity", Proof = With(With(p.Proof, 6, 0), 7, 0) });
        var twist = TwistPointOutsideG2();
        vectors.Add(p with { Name = "statement 0, B on the twist but outside G2's order-r subgroup", Proof = [p.Proof[0], p.Proof[1], .. twist, p.Proof[6], p.Proof[7]] });
        vectors.Add(p with { Name = "statement 0, -A for A (the proof's A negated)", Proof = With(p.Proof, 1, (Q - p.Proof[1]) % Q) });
        vectors.Add(proved[0] with { Name = "statement 0's proof with statement 1's signals", Signals = proved[1].Signals });
        vectors.Add(proved[1] with { Name = "statement 1's proof with statement 0's signals", Signals = proved[0].Signals });
        vectors.Add(new Vector("statement 0's A and B with statement 1's C", [.. proved[0].Proof[..6], .. proved[1].Proof[6..]], proved[0].Signals));

        var verdicts = vectors.Select(v => Verdict(key, [v])).ToArray();
        for (var s = 0; s < proved.Count; s++)
            if (!verdicts[s]) throw new InvalidOperationException($"{circuitName}: the C# verifier refuses the prover's own proof {s}");

        // Batches, by index into the vectors: the valid proofs, and the valid proofs with one bad
        // member (at the front, in the middle, at the end); each with the C# batch verifier's verdict.
        var valid = Enumerable.Range(0, proved.Count).ToArray();
        var batches = new List<(string Name, int[] Members)>
        {
            ("one valid proof", [0]),
            ("every statement's valid proof", valid),
            ("the valid proofs twice over", [.. valid, .. valid]),
        };
        foreach (var bad in new[] { proved.Count, proved.Count + 8, vectors.Count - 3, vectors.Count - 1, vectors.FindIndex(v => v.Name.Contains("signal 0 + r", StringComparison.Ordinal)) })
        {
            batches.Add(($"valid proofs, then bad vector {bad} ({vectors[bad].Name})", [.. valid, bad]));
            batches.Add(($"bad vector {bad} ({vectors[bad].Name}) among valid proofs", [valid[0], bad, .. valid[1..]]));
            batches.Add(($"bad vector {bad} alone", [bad]));
        }

        WriteJson(output, w =>
        {
            w.WriteStartObject();
            w.WriteString("circuit", circuitName);
            w.WriteString("zkey", zkey);
            w.WriteNumber("publicCount", key.PublicCount);
            w.WriteNumber("validCount", proved.Count);
            w.WriteNumber("count", vectors.Count);
            w.WriteStartArray("vectors");
            for (var v = 0; v < vectors.Count; v++)
            {
                w.WriteStartObject();
                w.WriteString("name", vectors[v].Name);
                WriteWords(w, "proof", vectors[v].Proof);
                WriteWords(w, "publicSignals", vectors[v].Signals);
                w.WriteBoolean("valid", verdicts[v]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("batchCount", batches.Count);
            w.WriteStartArray("batches");
            foreach (var (name, members) in batches)
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteStartArray("members");
                foreach (var m in members) w.WriteNumberValue(m);
                w.WriteEndArray();
                w.WriteBoolean("valid", Verdict(key, [.. members.Select(m => vectors[m])]));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
        FixtureContext.Log($"wrote {output} ({vectors.Count} vectors, {batches.Count} batches)");
    }

    /// <summary>
    /// The C# verifier's verdict on proofs given as calldata words: a word that does not decode as
    /// a point (a coordinate &gt;= q, off its curve, B outside G2's subgroup: the strict EVM
    /// decoder) or a statement the verifier calls malformed (a signal &gt;= r) is false; otherwise
    /// <see cref="Verifier.Verify"/> for one proof, <see cref="Verifier.VerifyBatch(VerificationKey, IReadOnlyList{CheckedStatement})"/> for several.
    /// </summary>
    private static bool Verdict(VerificationKey key, IReadOnlyList<Vector> batch)
    {
        var items = new List<(Proof Proof, IReadOnlyList<BigInteger> PublicInputs)>();
        foreach (var v in batch)
        {
            var bytes = new byte[8 * 32];
            for (var j = 0; j < 8; j++)
            {
                if (v.Proof[j] >= BigInteger.One << 256) throw new InvalidOperationException("a calldata word has 256 bits");
                v.Proof[j].TryWriteBytes(bytes.AsSpan(32 * j + 32 - v.Proof[j].GetByteCount(isUnsigned: true), v.Proof[j].GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
            }
            if (!EvmPointEncoding.TryReadG1(bytes.AsSpan(0, 64), out var a)
                || !EvmPointEncoding.TryReadG2(bytes.AsSpan(64, 128), out var b)
                || !EvmPointEncoding.TryReadG1(bytes.AsSpan(192, 64), out var c))
                return false;
            items.Add((new Proof(a, b, c), v.Signals));
        }
        try
        {
            return items.Count == 1
                ? Verifier.Verify(key, items[0].PublicInputs, items[0].Proof)
                : Verifier.VerifyBatch(key, items).AllValid;
        }
        catch (MalformedStatementException)
        {
            return false;
        }
    }

    /// <summary>The proof as snarkjs's calldata orders it: A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y.</summary>
    private static BigInteger[] Words(Proof proof) =>
    [
        proof.A.X.ToBigInteger(), proof.A.Y.ToBigInteger(),
        proof.B.X.C1.ToBigInteger(), proof.B.X.C0.ToBigInteger(), proof.B.Y.C1.ToBigInteger(), proof.B.Y.C0.ToBigInteger(),
        proof.C.X.ToBigInteger(), proof.C.Y.ToBigInteger(),
    ];

    /// <summary>
    /// A point of the twist E'(F_q2): y^2 = x^3 + 3/(9 + u) that is not in G2 (the twist's order is
    /// r times a cofactor of about 2^254, so the first point found is outside G2 but for a
    /// negligible chance, which is checked): the pairing precompile must refuse it.
    /// </summary>
    private static BigInteger[] TwistPointOutsideG2()
    {
        for (var k = 1; k < 1000; k++)
        {
            var x = new Fq2(Fq.FromBigInteger(k), Fq.One);
            Fq2.Square(x, out var x2);
            Fq2.Mul(x2, x, out var x3);
            Fq2.Add(x3, CrossMargin.Curves.Bn254.G2Curve.B, out var rhs);
            if (!CrossMargin.Field.QuadraticExtensionSqrt.TrySqrt(rhs, out var y)) continue;
            var point = new G2Affine(x, y);
            if (!point.IsOnCurve || point.IsInSubgroup) continue;
            return [x.C1.ToBigInteger(), x.C0.ToBigInteger(), y.C1.ToBigInteger(), y.C0.ToBigInteger()];
        }
        throw new InvalidOperationException("no twist point outside G2 with x = k + u, k < 1000");
    }

    private static BigInteger[] With(BigInteger[] words, int index, BigInteger value)
    {
        var copy = (BigInteger[])words.Clone();
        copy[index] = value;
        return copy;
    }

    private static void WriteWords(Utf8JsonWriter w, string name, IEnumerable<BigInteger> words)
    {
        // Hex strings: forge's parseJsonUint reads "0x..." as a uint256 (JSON numbers lose precision).
        w.WriteStartArray(name);
        foreach (var word in words) w.WriteStringValue("0x" + word.ToString("x64", CultureInfo.InvariantCulture).TrimStart('0').PadLeft(1, '0'));
        w.WriteEndArray();
    }

    private static void WriteJson(string path, Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            write(writer);
        File.WriteAllBytes(path, stream.ToArray());
    }
}

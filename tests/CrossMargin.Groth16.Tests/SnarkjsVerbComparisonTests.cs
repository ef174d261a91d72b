using System.Diagnostics;
using System.Text.RegularExpressions;
using CrossMargin.Testing;

namespace CrossMargin.Groth16.Tests;

/// <summary>
/// crossmargin as a drop-in for snarkjs's command line: one table of snarkjs 0.7.6 command lines
/// (its verbs, aliases, defaults and option spellings), each run by the real snarkjs in one folder
/// and by the built crossmargin in another, both seeded with the same files (a small circuit with
/// nine public inputs, circuits/testing/verifier/public_inputs_9, as circuit.r1cs/.sym/.wasm, its
/// input.json, and another circuit as other.r1cs). Each step checks
/// the verdict (success or refusal, the same for both) and then, by kind: the files each wrote,
/// byte for byte; or the lines each printed (r1cs info and print, file info, soliditycalldata). Where snarkjs
/// randomizes a file (a contribution, a proof) the two folders swap it, so that each program
/// verifies the other's, and then share one of them for the steps that follow. The negative cases (a ptau without contributions, a
/// tampered ptau, the wrong r1cs for a key, a wrong public signal, a witness of another circuit)
/// must be refused by both.
/// </summary>
public class SnarkjsVerbComparisonTests
{
    private abstract record Step;

    /// <summary>Run by both; both must succeed (or both fail), then <paramref name="Files"/> must be equal.</summary>
    private sealed record Same(string Line, bool Ok = true, params string[] Files) : Step;

    /// <summary>
    /// Run by both; both succeed and print the same lines, in any order, leaving out snarkjs's
    /// logger prefix and colours, and the lines that start with <paramref name="OursOnly"/>
    /// (file info's "Version:", which snarkjs 0.7.6 prints as undefined).
    /// </summary>
    private sealed record Lines(string Line, params string[] OursOnly) : Step;

    /// <summary>Run by crossmargin alone, where snarkjs 0.7.6 itself fails.</summary>
    private sealed record Ours(string Line, bool Ok = true) : Step;

    /// <summary>Swap files between the two folders (for what snarkjs randomizes).</summary>
    private sealed record Swap(params string[] Files) : Step;

    /// <summary>Copy files from the snarkjs folder to crossmargin's, so that later steps start from the same bytes.</summary>
    private sealed record Share(params string[] Files) : Step;

    /// <summary>Make <paramref name="To"/> from <paramref name="From"/> in both folders.</summary>
    private sealed record Derive(string From, string To, Func<byte[], byte[]> Change) : Step;

    private const string Beacon = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";

    private static readonly Step[] Table =
    [
        // Witnesses.
        new Same("wc", true, "witness.wtns"),
        new Same("wtns calculate circuit.wasm input.json w2.wtns", true, "w2.wtns"),
        new Same("wd circuit.wasm input.json wd.wtns", true, "wd.wtns"),
        new Same("wej", true, "witness.json"),
        new Same("wtns export json witness.wtns w.json -v", true, "w.json"),
        new Same("wchk circuit.r1cs witness.wtns"),
        new Same("wtns check other.r1cs witness.wtns", false),
        // Constraint systems and files.
        new Lines("ri"),
        new Lines("r1cs info other.r1cs"),
        new Lines("rp"),
        new Same("rej", true, "circuit.json"),
        new Same("r1cs export json other.r1cs other-r1cs.json --verbose", true, "other-r1cs.json"),
        new Lines("fi circuit.r1cs", "Version:"),
        new Lines("file info witness.wtns", "Version:"),
        // Phase 1, across both programs.
        new Same("ptn bn128 5", true, "powersOfTau5_0000.ptau"),
        new Same("powersoftau verify powersOfTau5_0000.ptau", false),
        new Same("ptc powersOfTau5_0000.ptau p1.ptau -name=first -e=some-entropy"),
        new Swap("p1.ptau"),
        new Same("ptv p1.ptau"),
        new Share("p1.ptau"),
        new Same("ptec p1.ptau", true, "challenge"),
        new Same("ptcc bn128 challenge -e=more-entropy"),
        new Swap("challenge.response"),
        new Same("ptir p1.ptau challenge.response p2.ptau -n=second"),
        new Same("ptv p2.ptau"),
        new Swap("p2.ptau"),
        new Same("powersoftau verify p2.ptau -v"),
        new Share("challenge.response"),
        new Same("powersoftau import response p1.ptau challenge.response p2b.ptau --name=second", true, "p2b.ptau"),
        new Derive("p2b.ptau", "bad-chain.ptau", BreakFirstNextChallenge),
        new Same("ptv bad-chain.ptau", false),
        new Derive("p2b.ptau", "bad-points.ptau", SwapTwoTauG1Points),
        new Same("ptv bad-points.ptau", false),
        new Same($"ptb p2b.ptau p3.ptau {Beacon} 10 -name=beacon", true, "p3.ptau"),
        new Same("ptv p3.ptau"),
        new Same("pt2 p3.ptau final.ptau", true, "final.ptau"),
        new Same("ptv final.ptau"),
        // Phase 2 and proofs.
        new Same("g16s circuit.r1cs final.ptau circuit_0000.zkey", true, "circuit_0000.zkey"),
        new Same("zkc circuit_0000.zkey circuit_final.zkey -e=key-entropy -n=phase2"),
        new Swap("circuit_final.zkey"),
        new Same("zkv circuit.r1cs final.ptau circuit_final.zkey"),
        new Share("circuit_final.zkey"),
        new Same("zkey verify circuit.r1cs final.ptau circuit_final.zkey"),
        // snarkjs 0.7.6 matches its alias "zkey verify" before the long form, so it refuses
        // "zkey verify r1cs" with three files (exit 99, "Invalid number of parameters"): ours alone.
        new Ours("zkey verify r1cs circuit.r1cs final.ptau circuit_final.zkey -v"),
        new Ours("zkey verify r1cs other.r1cs final.ptau circuit_final.zkey", false),
        new Same("zkvr other.r1cs final.ptau circuit_final.zkey", false),
        new Same($"zkb circuit_final.zkey circuit_beacon.zkey {Beacon} 10 -n=final", true, "circuit_beacon.zkey"),
        new Same("zkej", true, "circuit_final.zkey.json"),
        new Same("zkey export json circuit_beacon.zkey beacon.json -v", true, "beacon.json"),
        new Same("zkev", true, "circuit_vk.json"),
        new Same("zkey export verificationkey circuit_final.zkey verification_key.json", true, "verification_key.json"),
        new Same("g16p", true, "public.json"),
        new Swap("proof.json"),
        new Same("g16v"),
        new Share("proof.json"),
        new Same("groth16 verify circuit_vk.json public.json proof.json -v"),
        new Same("g16f input.json circuit.wasm circuit_final.zkey proof2.json public2.json", true, "public2.json"),
        new Swap("proof2.json"),
        new Same("g16v verification_key.json public2.json proof2.json"),
        new Same("groth16 verify verification_key.json other-public.json proof2.json", false),
        new Lines("zkesc public.json proof.json"),
    ];

    [Fact]
    public void SnarkjsCommandLines_GiveTheSameVerdictsAndFiles_InBothPrograms()
    {
        var root = Directory.CreateTempSubdirectory("cm-verbs-").FullName;
        var snarkjs = Directory.CreateDirectory(Path.Combine(root, "snarkjs")).FullName;
        var ours = Directory.CreateDirectory(Path.Combine(root, "crossmargin")).FullName;
        try
        {
            var circuit = RepoLayout.Circuit("testing/verifier/public_inputs_9");
            foreach (var folder in new[] { snarkjs, ours })
            {
                File.Copy(circuit.R1cs, Path.Combine(folder, "circuit.r1cs"));
                File.Copy(circuit.Sym, Path.Combine(folder, "circuit.sym"));
                File.Copy(circuit.Wasm, Path.Combine(folder, "circuit.wasm"));
                File.Copy(RepoLayout.Vectors("snarkjs-groth16", "circuit.r1cs"), Path.Combine(folder, "other.r1cs"));
                File.WriteAllText(Path.Combine(folder, "input.json"), """{"x": ["1", "2", "3", "4", "5", "6", "7", "8", "9"], "w": "5"}""");
                File.WriteAllText(Path.Combine(folder, "other-public.json"), """["1", "2", "3", "4", "5", "6", "7", "8", "10"]""");
            }

            foreach (var step in Table)
            {
                switch (step)
                {
                    case Same s:
                        var (theirCode, theirOutput) = SnarkjsCli.RunIn(snarkjs, Words(s.Line));
                        var (ourCode, ourOutput) = Crossmargin(ours, Words(s.Line));
                        Assert.True((theirCode == 0) == s.Ok, $"snarkjs {s.Line}: exit {theirCode}, expected {(s.Ok ? "success" : "a refusal")}\n{theirOutput}");
                        Assert.True((ourCode == 0) == s.Ok, $"crossmargin {s.Line}: exit {ourCode}, expected {(s.Ok ? "success" : "a refusal")}\n{ourOutput}");
                        if (!s.Ok) Assert.True(ourCode is 1 or 2, $"crossmargin {s.Line}: exit {ourCode} is neither invalid (1) nor malformed (2)");
                        foreach (var f in s.Files)
                            Assert.True(File.ReadAllBytes(Path.Combine(snarkjs, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(ours, f))),
                                $"{s.Line}: {f} differs between snarkjs and crossmargin");
                        break;
                    case Lines l:
                        var (code1, output1) = SnarkjsToFile(snarkjs, Words(l.Line));
                        var (code2, output2) = Crossmargin(ours, Words(l.Line));
                        Assert.True(code1 == 0, $"snarkjs {l.Line}: exit {code1}\n{output1}");
                        Assert.True(code2 == 0, $"crossmargin {l.Line}: exit {code2}\n{output2}");
                        var theirs = Normalize(output1).Where(x => !x.StartsWith("Bin version:", StringComparison.Ordinal)).ToList();
                        var ourLines = Normalize(output2).ToList();
                        foreach (var line in ourLines.Where(x => !l.OursOnly.Any(x.StartsWith)))
                            Assert.True(theirs.Contains(line), $"{l.Line}: crossmargin prints '{line}', which snarkjs does not:\n{output1}");
                        foreach (var line in theirs.Where(x => !l.OursOnly.Any(x.StartsWith)))
                            Assert.True(ourLines.Contains(line), $"{l.Line}: snarkjs prints '{line}', which crossmargin does not:\n{output2}");
                        break;
                    case Ours o:
                        var (alone, aloneOutput) = Crossmargin(ours, Words(o.Line));
                        Assert.True((alone == 0) == o.Ok, $"crossmargin {o.Line}: exit {alone}\n{aloneOutput}");
                        break;
                    case Swap w:
                        foreach (var f in w.Files)
                        {
                            var a = Path.Combine(snarkjs, f);
                            var b = Path.Combine(ours, f);
                            File.Move(a, a + ".swap");
                            File.Move(b, a);
                            File.Move(a + ".swap", b);
                        }
                        break;
                    case Share c:
                        foreach (var f in c.Files) File.Copy(Path.Combine(snarkjs, f), Path.Combine(ours, f), overwrite: true);
                        break;
                    case Derive d:
                        foreach (var folder in new[] { snarkjs, ours })
                            File.WriteAllBytes(Path.Combine(folder, d.To), d.Change(File.ReadAllBytes(Path.Combine(folder, d.From))));
                        break;
                }
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Output lines without snarkjs's logger prefix and colours, trimmed, blank ones dropped.</summary>
    private static IEnumerable<string> Normalize(string output) =>
        output.Split('\n')
            .Select(l => Regex.Replace(l, "\u001b\\[[0-9;]*m", ""))
            .Select(l => l.Contains("snarkJS: ", StringComparison.Ordinal) ? l[(l.IndexOf("snarkJS: ", StringComparison.Ordinal) + 9)..] : l)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0);

    /// <summary>
    /// Runs snarkjs with its output sent to a file: snarkjs ends with process.exit, which drops
    /// what node has not yet written to a pipe, so a long output read through one comes back cut.
    /// </summary>
    private static (int Code, string Output) SnarkjsToFile(string directory, string[] args)
    {
        var cli = Path.Combine(RepoLayout.Root, "node_modules", "snarkjs", "build", "cli.cjs");
        var start = new ProcessStartInfo("sh") { WorkingDirectory = directory };
        foreach (var a in (string[])["-c", "node \"$0\" \"$@\" > .snarkjs-output 2>&1", cli, .. args]) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        var output = Path.Combine(directory, ".snarkjs-output");
        var text = File.ReadAllText(output);
        File.Delete(output);
        return (process.ExitCode, text);
    }

    private static (int Code, string Output) Crossmargin(string directory, string[] args)
    {
        var (code, output, error) = CrossmarginCli.RunIn(directory, args);
        return (code, output + error);
    }

    /// <summary>The byte offset of section <paramref name="type"/>'s body in an iden3 binary file.</summary>
    private static int Section(byte[] file, uint type)
    {
        var pos = 12;
        while (pos < file.Length)
        {
            var t = BitConverter.ToUInt32(file, pos);
            var size = (int)BitConverter.ToUInt64(file, pos + 4);
            if (t == type) return pos + 12;
            pos += 12 + size;
        }
        throw new InvalidOperationException($"no section {type}");
    }

    /// <summary>Flips a bit of the first contribution's recorded nextChallenge: the chain no longer links to the second.</summary>
    private static byte[] BreakFirstNextChallenge(byte[] ptau)
    {
        var copy = (byte[])ptau.Clone();
        // Section 7: count, then the first entry: 5 points (448 bytes), the key (768), partialHash (216), nextChallenge.
        copy[Section(copy, 7) + 4 + 448 + 768 + 216] ^= 1;
        return copy;
    }

    /// <summary>Swaps tau^5 G1 and tau^6 G1: valid points, no longer successive powers.</summary>
    private static byte[] SwapTwoTauG1Points(byte[] ptau)
    {
        var copy = (byte[])ptau.Clone();
        var s = Section(copy, 2);
        var five = copy.AsSpan(s + 5 * 64, 64).ToArray();
        copy.AsSpan(s + 6 * 64, 64).CopyTo(copy.AsSpan(s + 5 * 64, 64));
        five.CopyTo(copy.AsSpan(s + 6 * 64, 64));
        return copy;
    }
}

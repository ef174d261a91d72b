using System.CommandLine;
using System.Globalization;
using System.Text;
using CrossMargin.Snarkjs;

namespace CrossMargin.Cli;

/// <summary>
/// The snarkjs verbs that show or export what a file holds, with snarkjs 0.7.6's arguments and
/// defaults (cli.js):
/// <code>
/// r1cs info [circuit.r1cs]                                   (ri)
/// r1cs print [circuit.r1cs] [circuit.sym]                    (rp)
/// r1cs export json [circuit.r1cs] [circuit.json]             (rej)
/// wtns export json [witness.wtns] [witness.json]             (wej)
/// wtns debug [circuit.wasm] [input.json] [witness.wtns] [circuit.sym] [-g] [-s] [-t]   (wd)
/// zkey export json [circuit_final.zkey] [circuit_final.zkey.json]                      (zkej)
/// file info [binary.file]                                    (fi)
/// </code>
/// The exported JSON files are snarkjs's byte for byte (the formats own the writers:
/// <see cref="R1csFile.WriteJson"/>, <see cref="WtnsFile.WriteJson"/>, <see cref="ZkeyFile.WriteJson"/>).
/// </summary>
public static class InspectCommands
{
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var r1cs = CommandLine.Group(root, "r1cs", "Constraint systems (.r1cs).");
        r1cs.Add(R1csInfo());
        r1cs.Add(R1csPrint());
        CommandLine.Group(r1cs, "export", "Export a constraint system.").Add(R1csExportJson());
        var wtns = CommandLine.Group(root, "wtns", "Witness files.");
        CommandLine.Group(wtns, "export", "Export a witness.").Add(WtnsExportJson());
        wtns.Add(WtnsDebug());
        var zkey = CommandLine.Group(root, "zkey", "Groth16 proving keys (.zkey).");
        CommandLine.Group(zkey, "export", "Export parts of a proving key.").Add(ZkeyExportJson());
        CommandLine.Group(root, "file", "iden3 binary files (.r1cs, .wtns, .zkey, .ptau).").Add(FileInfo());
    }

    /// <summary>An optional positional file argument with snarkjs's default (help shows it).</summary>
    internal static Argument<string> File(string name, string description, string defaultValue) => new(name)
    {
        Description = $"{description}.",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => defaultValue,
    };

    /// <summary>snarkjs's changeExt: the name up to its last dot, then the new extension.</summary>
    internal static string ChangeExtension(string fileName, string extension)
    {
        var dot = fileName.LastIndexOf('.');
        return dot >= 0 ? fileName[..(dot + 1)] + extension : $"{fileName}.{extension}";
    }

    private static Command R1csInfo()
    {
        var r1cs = File("circuit.r1cs", "The constraint system", "circuit.r1cs");
        var command = new Command("info", "Print a constraint system's figures, as snarkjs r1cs info.") { r1cs };
        command.SetAction(parse => CommandLine.Guard(() =>
        {
            var h = R1csHeader.Read(parse.GetValue(r1cs)!);
            Console.WriteLine(h.Prime == Fr.Modulus ? "Curve: bn-128" : $"Unknown Curve. Prime: {h.Prime}");
            Console.WriteLine($"# of Wires: {h.Wires}");
            Console.WriteLine($"# of Constraints: {h.Constraints}");
            Console.WriteLine($"# of Private Inputs: {h.PrivateInputs}");
            Console.WriteLine($"# of Public Inputs: {h.PublicInputs}");
            Console.WriteLine($"# of Labels: {h.Labels}");
            Console.WriteLine($"# of Outputs: {h.PublicOutputs}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command R1csPrint()
    {
        var r1cs = File("circuit.r1cs", "The constraint system", "circuit.r1cs");
        var sym = new Argument<string>("circuit.sym") { Description = "Signal names (default: the .r1cs name with extension sym).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("print", "Print every constraint with signal names, as snarkjs r1cs print: [ A ] * [ B ] - [ C ] = 0.") { r1cs, sym };
        command.SetAction(parse => CommandLine.Guard(() =>
        {
            var r1csPath = parse.GetValue(r1cs)!;
            var system = R1csFile.Read(r1csPath).System;
            var names = SymFile.Read(parse.GetValue(sym) ?? ChangeExtension(r1csPath, "sym"));
            var output = new StringBuilder();
            foreach (var c in system.Constraints)
                output.Append(CultureInfo.InvariantCulture, $"[ {Terms(c.A, names)} ] * [ {Terms(c.B, names)} ] - [ {Terms(c.C, names)} ] = 0\n");
            Console.Out.Write(output);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>r1cs_print.js lc2str: coefficient (omitted when 1) then name, "1" for the constant wire; " +" between terms.</summary>
    private static string Terms(CrossMargin.R1cs.LinearCombination lc, SymFile names)
    {
        var s = new StringBuilder();
        var terms = new SortedDictionary<int, Fr>();
        for (var k = 0; k < lc.Wires.Length; k++) terms[lc.Wires[k]] = lc.Coefficients[k];
        foreach (var (wire, coefficient) in terms)
        {
            var name = names.AllWireNames(wire) ?? "undefined";
            if (name == "one") name = "1";
            var value = coefficient.ToString();
            if (value == "1") value = "";
            if (s.Length > 0) s.Append(value.StartsWith('-') ? " " : " +");
            s.Append(value).Append(name);
        }
        return s.ToString();
    }

    private static Command R1csExportJson()
    {
        var r1cs = File("circuit.r1cs", "The constraint system", "circuit.r1cs");
        var json = new Argument<string>("circuit.json") { Description = "Where to write (default: the .r1cs name with extension json).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("json", "Write the constraint system as snarkjs's JSON.") { r1cs, json };
        command.SetAction(parse => CommandLine.Guard(() =>
        {
            var path = parse.GetValue(r1cs)!;
            R1csFile.Read(path).WriteJson(parse.GetValue(json) ?? ChangeExtension(path, "json"));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command WtnsExportJson()
    {
        var wtns = File("witness.wtns", "The witness", "witness.wtns");
        var json = File("witness.json", "Where to write", "witness.json");
        var command = new Command("json", "Write a witness as snarkjs's JSON (an array of decimal strings).") { wtns, json };
        command.SetAction(parse => CommandLine.Guard(() =>
        {
            WtnsFile.WriteJson(parse.GetValue(json)!, WtnsFile.Read(parse.GetValue(wtns)!));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command WtnsDebug()
    {
        var wasm = File("circuit.wasm", "The witness generator", "circuit.wasm");
        var input = File("input.json", "The circuit's inputs", "input.json");
        var output = File("witness.wtns", "Where to write the witness", "witness.wtns");
        var sym = new Argument<string>("circuit.sym") { Description = "Signal names (default: the .wasm name with extension sym).", Arity = ArgumentArity.ZeroOrOne };
        var get = new Option<bool>("--get", "-g") { Description = "Log signal reads (circom 1 witness generators only)." };
        var set = new Option<bool>("--set", "-s") { Description = "Log signal writes (circom 1 witness generators only)." };
        var trigger = new Option<bool>("--trigger", "-t") { Description = "Log component starts and ends (circom 1 witness generators only)." };
        var command = new Command("debug",
            "Compute a witness with every check on, as snarkjs wtns debug. circom 2's wasm has no signal or component hooks, "
            + "so --get, --set and --trigger log nothing (as with snarkjs); the circuit's log() output is printed.")
            { wasm, input, output, sym, get, set, trigger };
        command.SetAction(parse => CommandLine.Guard(() =>
        {
            var wasmPath = parse.GetValue(wasm)!;
            // snarkjs loads the symbols first: a missing .sym fails the verb.
            SymFile.Read(parse.GetValue(sym) ?? ChangeExtension(wasmPath, "sym"));
            return CommandLine.CalculateWitness(wasmPath, parse.GetValue(input)!, parse.GetValue(output)!);
        }));
        return command;
    }

    private static Command ZkeyExportJson()
    {
        var zkey = File("circuit_final.zkey", "The proving key", "circuit_final.zkey");
        var json = File("circuit_final.zkey.json", "Where to write", "circuit_final.zkey.json");
        var command = new Command("json", "Write a proving key as snarkjs's JSON.") { zkey, json };
        command.SetAction(parse => CommandLine.Guard(() =>
        {
            ZkeyFile.WriteJson(parse.GetValue(json)!, ZkeyFile.ReadProvingKey(parse.GetValue(zkey)!));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command FileInfo()
    {
        var file = new Argument<string>("binary.file") { Description = "A .zkey, .r1cs, .ptau or .wtns file." };
        var command = new Command("info", "Print an iden3 binary file's size, type, version and sections, as snarkjs file info.") { file };
        command.SetAction(parse => CommandLine.Guard(() =>
        {
            var path = parse.GetValue(file)!;
            var extension = path[(path.LastIndexOf('.') + 1)..];
            if (extension is not ("zkey" or "r1cs" or "ptau" or "wtns"))
                return CommandLine.Fail(ExitCodes.BadInput, $"{path}: extension {extension} is not allowed (a .zkey, .r1cs, .ptau or .wtns file)");
            using var bin = BinFile.Open(path, extension, maxVersion: 2);
            Console.WriteLine($"File info for    {path}");
            Console.WriteLine();
            Console.WriteLine($"File size:       {bin.Length} bytes");
            Console.WriteLine($"File type:       {extension}");
            Console.WriteLine($"Version:         {bin.Version}");
            Console.WriteLine();
            foreach (var s in bin.Sections.OrderBy(s => s.Type))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"section {("#" + s.Type).PadLeft(5)}    size: {s.Size}\toffset: 0x{s.Offset - 12:x}"));
            return ExitCodes.Ok;
        }));
        return command;
    }
}

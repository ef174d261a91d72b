using System.Globalization;
using System.Text;
using System.Text.Json;

// Writes typed Nethereum clients for forge artifacts.
//
//   ContractClients <repo root> <output folder> <namespace> <artifact.json>...
//
// For each artifact, <Contract>.g.cs: a client class with one async method per function (views
// return their typed result, transactions the receipt), a deploy method taking the constructor
// arguments and the addresses of linked libraries, and Nethereum's FunctionMessage/deployment
// classes nested in it. Once for all artifacts (shared because ErrorsLib's errors, EventsLib's
// events and the structs of the interfaces appear in several ABIs): Errors.g.cs (an ErrorDTO
// and a typed exception per custom error, and the table that decodes reverts into them),
// Events.g.cs (an EventDTO per event), Structs.g.cs (a class per struct).
//
// A file is rewritten only when its text changes, so that an unchanged ABI does not make the
// compiler run again. Anything in an ABI that this generator does not understand is an error:
// the build fails rather than skipping a function.

if (args.Length < 4)
{
    Console.Error.WriteLine("usage: ContractClients <repo root> <output folder> <namespace> <artifact.json>...");
    return 2;
}
try
{
    var root = Path.GetFullPath(args[0]);
    var output = args[1];
    var generator = new Generator(args[2]);
    foreach (var artifact in args[3..].Order(StringComparer.Ordinal))
        generator.AddArtifact(Path.GetRelativePath(root, Path.GetFullPath(artifact)).Replace('\\', '/'), File.ReadAllText(artifact));
    Directory.CreateDirectory(output);
    var written = 0;
    foreach (var (name, text) in generator.Files())
    {
        var path = Path.Combine(output, name);
        if (File.Exists(path) && File.ReadAllText(path) == text) continue;
        File.WriteAllText(path, text);
        written++;
    }
    // Files of contracts no longer generated would otherwise keep compiling.
    var expected = generator.Files().Select(f => f.Name).ToHashSet();
    foreach (var stale in Directory.GetFiles(output, "*.g.cs").Where(f => !expected.Contains(Path.GetFileName(f))))
        File.Delete(stale);
    Console.WriteLine($"contract clients: {written} file(s) written to {output}");
    return 0;
}
catch (Exception e) when (e is GeneratorException or JsonException or IOException)
{
    Console.Error.WriteLine($"error: contract clients: {e.Message}");
    return 1;
}

sealed class GeneratorException(string message) : Exception(message);

/// <summary>One ABI parameter (function input or output, event or error field, struct component).</summary>
sealed record AbiParameter(string Name, string Type, string? InternalType, bool Indexed, IReadOnlyList<AbiParameter> Components)
{
    public static AbiParameter Read(JsonElement e) => new(
        e.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "",
        e.GetProperty("type").GetString()!,
        e.TryGetProperty("internalType", out var it) ? it.GetString() : null,
        e.TryGetProperty("indexed", out var ix) && ix.GetBoolean(),
        e.TryGetProperty("components", out var c) ? c.EnumerateArray().Select(Read).ToList() : []);

    /// <summary>The canonical type of a selector: tuples spelled out, e.g. "(uint256,address)[]".</summary>
    public string Canonical => Type.StartsWith("tuple", StringComparison.Ordinal)
        ? "(" + string.Join(",", Components.Select(c => c.Canonical)) + ")" + Type["tuple".Length..]
        : Type;
}

sealed record AbiItem(string Kind, string Name, IReadOnlyList<AbiParameter> Inputs, IReadOnlyList<AbiParameter> Outputs, string Mutability)
{
    public string Signature => $"{Name}({string.Join(",", Inputs.Select(p => p.Canonical))})";
}

sealed record Artifact(string Source, string Contract, IReadOnlyList<AbiItem> Items, string Bytecode, IReadOnlyList<(string Library, int Start)> Links);

sealed class Generator(string ns)
{
    private readonly List<Artifact> _artifacts = [];
    // Shared declarations, keyed by signature (errors, events) or by struct type, each with the artifacts naming it.
    private readonly SortedDictionary<string, (AbiItem Item, SortedSet<string> Sources)> _errors = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (AbiItem Item, SortedSet<string> Sources)> _events = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (string InternalName, AbiParameter Shape, SortedSet<string> Sources)> _structs = new(StringComparer.Ordinal);
    private Dictionary<string, string>? _structNames;

    public void AddArtifact(string source, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var abi = doc.RootElement.GetProperty("abi");
        var contract = Path.GetFileNameWithoutExtension(source);
        var items = abi.EnumerateArray().Select(e => new AbiItem(
            e.GetProperty("type").GetString()!,
            e.TryGetProperty("name", out var n) ? n.GetString()! : "",
            e.TryGetProperty("inputs", out var i) ? i.EnumerateArray().Select(AbiParameter.Read).ToList() : [],
            e.TryGetProperty("outputs", out var o) ? o.EnumerateArray().Select(AbiParameter.Read).ToList() : [],
            e.TryGetProperty("stateMutability", out var m) ? m.GetString()! : "")).ToList();
        var bytecode = doc.RootElement.GetProperty("bytecode");
        var links = new List<(string, int)>();
        if (bytecode.TryGetProperty("linkReferences", out var refs))
        {
            foreach (var file in refs.EnumerateObject())
                foreach (var library in file.Value.EnumerateObject())
                    foreach (var at in library.Value.EnumerateArray())
                        links.Add((library.Name, at.GetProperty("start").GetInt32()));
        }
        _artifacts.Add(new Artifact(source, contract, items, bytecode.GetProperty("object").GetString()!, links));

        foreach (var item in items)
        {
            var shared = item.Kind switch { "error" => _errors, "event" => _events, _ => null };
            if (shared is not null)
            {
                var key = item.Kind == "event" ? item.Signature + string.Concat(item.Inputs.Select(p => p.Indexed ? "i" : "d")) : item.Signature;
                if (!shared.TryGetValue(key, out var entry)) shared[key] = entry = (item, new SortedSet<string>(StringComparer.Ordinal));
                entry.Sources.Add(source);
            }
            foreach (var p in item.Inputs.Concat(item.Outputs)) CollectStructs(p, source);
        }
    }

    private void CollectStructs(AbiParameter p, string source)
    {
        if (!p.Type.StartsWith("tuple", StringComparison.Ordinal)) return;
        var internalName = StructInternalName(p);
        if (_structs.TryGetValue(internalName, out var known))
        {
            if (known.Shape.Canonical.Split('[')[0] != p.Canonical.Split('[')[0])
                throw new GeneratorException($"{internalName} has two shapes ({known.Shape.Canonical}, {p.Canonical})");
            known.Sources.Add(source);
        }
        else
        {
            _structs[internalName] = (internalName, p, new SortedSet<string>(StringComparer.Ordinal) { source });
        }
        foreach (var c in p.Components) CollectStructs(c, source);
    }

    private static string StructInternalName(AbiParameter p) =>
        (p.InternalType ?? throw new GeneratorException($"tuple {p.Name} has no internalType (forge's artifacts always name structs)"))
            .Replace("struct ", "", StringComparison.Ordinal).Split('[')[0];

    /// <summary>C# names of the structs: the struct's own name, qualified by its contract only where two share one ("Config").</summary>
    private Dictionary<string, string> StructNames()
    {
        if (_structNames is not null) return _structNames;
        var byShort = _structs.Keys.GroupBy(k => k.Split('.')[^1]).ToList();
        _structNames = [];
        foreach (var group in byShort)
            foreach (var full in group)
                _structNames[full] = group.Count() == 1 ? Pascal(group.Key) : Pascal(full.Replace(".", "", StringComparison.Ordinal));
        return _structNames;
    }

    public IEnumerable<(string Name, string Text)> Files()
    {
        foreach (var a in _artifacts) yield return ($"{a.Contract}.g.cs", ContractFile(a));
        yield return ("Errors.g.cs", ErrorsFile());
        yield return ("Events.g.cs", EventsFile());
        yield return ("Structs.g.cs", StructsFile());
    }

    // ---------------------------------------------------------------------------- names and types

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>PascalCase of an ABI name: "GRACE_PERIOD" -> GracePeriod, "parameterHash_" -> ParameterHash, "_pA" -> PA.</summary>
    public static string Pascal(string name)
    {
        var parts = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
        var screaming = name.Any(char.IsLetter) && name.Where(char.IsLetter).All(char.IsUpper) && name.Length > 1;
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            var p = screaming ? part.ToLowerInvariant() : part;
            sb.Append(char.ToUpperInvariant(p[0])).Append(p.AsSpan(1));
        }
        return sb.ToString();
    }

    private static string Camel(string name)
    {
        var pascal = Pascal(name);
        var camel = char.ToLowerInvariant(pascal[0]) + pascal[1..];
        return Keywords.Contains(camel) ? "@" + camel : camel;
    }

    // Members of Nethereum's FunctionMessage and ContractDeploymentMessage that an argument
    // must not hide (MarginGate's functions take a "nonce").
    private static readonly HashSet<string> MessageMembers = new(StringComparer.Ordinal)
    {
        "Nonce", "Gas", "GasPrice", "AmountToSend", "FromAddress", "MaxFeePerGas", "MaxPriorityFeePerGas",
        "TransactionType", "AccessList", "AuthorisationList", "ByteCode",
    };

    private static string PropertyName(AbiParameter p, int index, string enclosing)
    {
        var name = p.Name.Length == 0 ? $"Value{index}" : Pascal(p.Name);
        var message = enclosing.EndsWith("Function", StringComparison.Ordinal) || enclosing == "DeploymentMessage";
        return name == enclosing || (message && MessageMembers.Contains(name)) ? name + "Value" : name;
    }

    private static string ArgumentName(AbiParameter p, int index) => p.Name.Length == 0 ? $"arg{index}" : Camel(p.Name);

    /// <summary>The C# type Nethereum encodes and decodes for an ABI type.</summary>
    private string CsType(AbiParameter p) => CsType(p.Type, p);

    private string CsType(string type, AbiParameter p)
    {
        if (type.EndsWith(']'))
            return $"List<{CsType(type[..type.LastIndexOf('[')], p)}>";
        if (type == "tuple") return StructNames()[StructInternalName(p)];
        if (type == "address" || type == "string") return "string";
        if (type == "bool") return "bool";
        if (type == "bytes" || type.StartsWith("bytes", StringComparison.Ordinal)) return "byte[]";
        foreach (var (prefix, small) in new[] { ("uint", new[] { "byte", "ushort", "uint", "ulong" }), ("int", new[] { "sbyte", "short", "int", "long" }) })
        {
            if (!type.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var bits = type.Length == prefix.Length ? 256 : int.Parse(type[prefix.Length..], CultureInfo.InvariantCulture);
            // Up to 64 bits the natural C# integer; wider ones BigInteger.
            return bits switch { <= 8 => small[0], <= 16 => small[1], <= 32 => small[2], <= 64 => small[3], _ => "BigInteger" };
        }
        throw new GeneratorException($"ABI type {type} is not supported");
    }

    private static string Attr(AbiParameter p, int order, bool withIndexed = false) =>
        withIndexed
            ? $"[Parameter(\"{p.Type}\", \"{p.Name}\", {order}, {(p.Indexed ? "true" : "false")})]"
            : $"[Parameter(\"{p.Type}\", \"{p.Name}\", {order})]";

    private void Properties(StringBuilder sb, IReadOnlyList<AbiParameter> ps, string enclosing, string indent, bool withIndexed = false)
    {
        for (var i = 0; i < ps.Count; i++)
        {
            sb.AppendLine($"{indent}{Attr(ps[i], i + 1, withIndexed)}");
            var type = CsType(ps[i]);
            // Reference types start null until Nethereum or the caller sets them; value types need no initializer.
            var init = type is "string" or "byte[]" || type.StartsWith("List<", StringComparison.Ordinal) || StructNames().ContainsValue(type) ? " = default!;" : "";
            sb.AppendLine($"{indent}public {type} {PropertyName(ps[i], i, enclosing)} {{ get; set; }}{init}");
        }
    }

    private static string Header(IEnumerable<string> sources, string what) =>
        $"""
        // <auto-generated>
        // {what}, generated by eng/ContractClients from forge's ABI output:
        {string.Concat(sources.Select(s => $"//   {s}\n"))}// Never edit: the build regenerates this file whenever an ABI changes.
        // </auto-generated>
        #nullable enable
        #pragma warning disable CS1591, CA1002, CA1819, CA1707, CA1711, CA1716, CA1720, CA1724, CA2227, CA1062, CA1032, CA1064, CA1034, CA1052

        """;

    private const string Usings = """
        using System.Numerics;
        using CrossMargin.Chain;
        using Nethereum.ABI.FunctionEncoding.Attributes;
        using Nethereum.Contracts;
        using Nethereum.Contracts.ContractHandlers;
        using Nethereum.Hex.HexConvertors.Extensions;
        using Nethereum.RPC.Eth.DTOs;
        using Nethereum.Web3;

        """;

    // ---------------------------------------------------------------------------- contracts

    private string ContractFile(Artifact a)
    {
        var sb = new StringBuilder(Header([a.Source], $"The typed client of {a.Contract}"));
        sb.Append(Usings).AppendLine().AppendLine($"namespace {ns};").AppendLine();
        var client = a.Contract + "Client";
        var functions = a.Items.Where(i => i.Kind == "function").ToList();
        // Overloads get the count of their inputs appended, so that each name stays unique.
        var overloaded = functions.GroupBy(f => f.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        string FunctionName(AbiItem f) => Pascal(f.Name) + (overloaded.Contains(f.Name) ? f.Inputs.Count.ToString(CultureInfo.InvariantCulture) : "");

        sb.AppendLine($"/// <summary>{a.Contract} at one address: one method per function of its ABI; reverts are thrown as their typed <see cref=\"ContractRevertException\"/>.</summary>");
        sb.AppendLine($"public sealed partial class {client}");
        sb.AppendLine("{");
        sb.AppendLine($"    /// <summary>The creation bytecode from {a.Source}{(a.Links.Count > 0 ? ", with placeholders where the libraries' addresses go" : "")}.</summary>");
        sb.AppendLine($"    public const string Bytecode = \"{a.Bytecode}\";");
        sb.AppendLine();
        sb.AppendLine($"    public {client}(IWeb3 web3, string address)");
        sb.AppendLine("    {");
        sb.AppendLine("        ArgumentNullException.ThrowIfNull(web3);");
        sb.AppendLine("        Web3 = web3;");
        sb.AppendLine("        Address = address;");
        sb.AppendLine("        Handler = web3.Eth.GetContractHandler(address);");
        sb.AppendLine("    }");
        sb.AppendLine();
        sb.AppendLine("    public IWeb3 Web3 { get; }");
        sb.AppendLine("    public string Address { get; }");
        sb.AppendLine("    /// <summary>Nethereum's handler for this contract, for what the typed methods do not cover (gas, nonces, raw messages).</summary>");
        sb.AppendLine("    public ContractHandler Handler { get; }");
        sb.AppendLine("    /// <summary>The receipt of the transaction that created this contract, when this client deployed it; null for a client of an existing address.</summary>");
        sb.AppendLine("    public TransactionReceipt? DeploymentReceipt { get; private init; }");
        sb.AppendLine();
        sb.AppendLine("    /// <summary>The events of type <typeparamref name=\"TEvent\"/> that this contract emitted in <paramref name=\"receipt\"/>, in log order.</summary>");
        sb.AppendLine("    public IReadOnlyList<TEvent> EventsIn<TEvent>(TransactionReceipt receipt) where TEvent : IEventDTO, new() =>");
        sb.AppendLine("        receipt.DecodeAllEvents<TEvent>().Where(e => string.Equals(e.Log.Address, Address, StringComparison.OrdinalIgnoreCase)).Select(e => e.Event).ToList();");
        sb.AppendLine();

        // Deployment.
        var constructor = a.Items.FirstOrDefault(i => i.Kind == "constructor") ?? new AbiItem("constructor", "", [], [], "nonpayable");
        var abstractContract = a.Bytecode is "0x" or "";
        if (!abstractContract)
        {
            var libraries = a.Links.Select(l => l.Library).Distinct().Order(StringComparer.Ordinal).ToList();
            var parameters = libraries.Select(l => $"string {Camel(l)}Library")
                .Concat(constructor.Inputs.Select((p, i) => $"{CsType(p)} {ArgumentName(p, i)}"))
                .Append("CancellationToken cancellationToken = default");
            var messageParameters = parameters.SkipLast(1).ToList();
            var messageArguments = libraries.Select(l => $"{Camel(l)}Library").Concat(constructor.Inputs.Select((p, i) => ArgumentName(p, i)));
            sb.AppendLine($"    /// <summary>The deployment transaction of {a.Contract}{(libraries.Count > 0 ? ", its bytecode linked to the given library addresses" : "")}, to send with Nethereum's deployment handler.</summary>");
            sb.AppendLine($"    public static DeploymentMessage CreateDeploymentMessage({string.Join(", ", messageParameters)}) => new()");
            sb.AppendLine("    {");
            if (a.Links.Count > 0)
                sb.AppendLine($"        ByteCode = ContractBytecode.Link(Bytecode, [{string.Join(", ", a.Links.Select(l => $"({l.Start}, {Camel(l.Library)}Library)"))}]),");
            for (var i = 0; i < constructor.Inputs.Count; i++)
                sb.AppendLine($"        {PropertyName(constructor.Inputs[i], i, "DeploymentMessage")} = {ArgumentName(constructor.Inputs[i], i)},");
            sb.AppendLine("    };");
            sb.AppendLine();
            sb.AppendLine($"    /// <summary>Deploys {a.Contract}{(libraries.Count > 0 ? " linked to the given library addresses" : "")} and waits for the receipt; a revert of the constructor is thrown typed.</summary>");
            sb.AppendLine($"    public static async Task<{client}> DeployAsync(IWeb3 web3, {string.Join(", ", parameters)})");
            sb.AppendLine("    {");
            sb.AppendLine("        ArgumentNullException.ThrowIfNull(web3);");
            sb.AppendLine($"        var message = CreateDeploymentMessage({string.Join(", ", messageArguments)});");
            sb.AppendLine("        var receipt = await ContractErrors.Table.Run(() => web3.Eth.GetContractDeploymentHandler<DeploymentMessage>().SendRequestAndWaitForReceiptAsync(message, cancellationToken)).ConfigureAwait(false);");
            sb.AppendLine($"        ContractTransactions.EnsureSucceeded(receipt, \"{a.Contract}'s deployment\");");
            sb.AppendLine($"        return new {client}(web3, receipt.ContractAddress) {{ DeploymentReceipt = receipt }};");
            sb.AppendLine("    }");
            sb.AppendLine();
            sb.AppendLine("    public sealed class DeploymentMessage() : ContractDeploymentMessage(Bytecode)");
            sb.AppendLine("    {");
            Properties(sb, constructor.Inputs, "DeploymentMessage", "        ");
            sb.AppendLine("    }");
            sb.AppendLine();
        }

        foreach (var f in functions)
        {
            var name = FunctionName(f);
            var message = name + "Function";
            var args = f.Inputs.Select((p, i) => $"{CsType(p)} {ArgumentName(p, i)}").ToList();
            var init = f.Inputs.Count == 0 ? $"new {message}()" : $"new {message} {{ {string.Join(", ", f.Inputs.Select((p, i) => $"{PropertyName(p, i, message)} = {ArgumentName(p, i)}"))} }}";
            var view = f.Mutability is "view" or "pure";
            var returns = f.Outputs.Count == 1 ? CsType(f.Outputs[0]) : f.Outputs.Count == 0 ? "" : name + "Output";
            var simple = f.Outputs.Count == 1 && !f.Outputs[0].Type.StartsWith("tuple", StringComparison.Ordinal);
            var returnAttr = simple ? $", \"{f.Outputs[0].Type}\"" : "";
            sb.AppendLine($"    /// <summary><c>{f.Signature}</c>{(view ? ", read at the latest block unless another is given" : "")}.</summary>");
            if (view)
            {
                args.Add("BlockParameter? atBlock = null");
                sb.AppendLine($"    public async Task<{(returns == "" ? "bool" : returns)}> {name}Async({string.Join(", ", args)})");
                sb.AppendLine("    {");
                if (simple)
                    sb.AppendLine($"        return await ContractErrors.Table.Run(() => Handler.QueryAsync<{message}, {returns}>({init}, atBlock)).ConfigureAwait(false);");
                else if (f.Outputs.Count == 1)
                    sb.AppendLine($"        return (await ContractErrors.Table.Run(() => Handler.QueryDeserializingToObjectAsync<{message}, {name}Output>({init}, atBlock)).ConfigureAwait(false)).{PropertyName(f.Outputs[0], 0, name + "Output")};");
                else
                    sb.AppendLine($"        return await ContractErrors.Table.Run(() => Handler.QueryDeserializingToObjectAsync<{message}, {name}Output>({init}, atBlock)).ConfigureAwait(false);");
                sb.AppendLine("    }");
            }
            else
            {
                args.Add("CancellationToken cancellationToken = default");
                sb.AppendLine("    /// <remarks>Sends the transaction and waits for its receipt; a revert (at the gas estimate, or in the block) is thrown typed.</remarks>");
                sb.AppendLine($"    public Task<TransactionReceipt> {name}Async({string.Join(", ", args)}) =>");
                sb.AppendLine($"        ContractTransactions.SendAsync(Handler, {init}, ContractErrors.Table, \"{f.Name}\", cancellationToken);");
            }
            sb.AppendLine();
            sb.AppendLine($"    [Function(\"{f.Name}\"{returnAttr})]");
            sb.AppendLine($"    public sealed class {message} : FunctionMessage");
            sb.AppendLine("    {");
            Properties(sb, f.Inputs, message, "        ");
            sb.AppendLine("    }");
            sb.AppendLine();
            if (!simple && f.Outputs.Count > 0)
            {
                sb.AppendLine("    [FunctionOutput]");
                sb.AppendLine($"    public sealed class {name}Output : IFunctionOutputDTO");
                sb.AppendLine("    {");
                Properties(sb, f.Outputs, name + "Output", "        ");
                sb.AppendLine("    }");
                sb.AppendLine();
            }
        }
        TrimEnd(sb);
        sb.AppendLine("}");
        return sb.ToString();
    }

    // ---------------------------------------------------------------------------- shared

    private Dictionary<string, string> UniqueNames(SortedDictionary<string, (AbiItem Item, SortedSet<string> Sources)> items, string suffix)
    {
        // The error's or event's own name, made unique by its parameter count where two differ in shape.
        var names = new Dictionary<string, string>();
        foreach (var group in items.GroupBy(kv => kv.Value.Item.Name))
        {
            var list = group.ToList();
            for (var i = 0; i < list.Count; i++)
                names[list[i].Key] = Pascal(group.Key) + (list.Count > 1 ? (i + 1).ToString(CultureInfo.InvariantCulture) : "") + suffix;
        }
        return names;
    }

    private string ErrorsFile()
    {
        var sources = _errors.Values.SelectMany(v => v.Sources).Distinct().Order(StringComparer.Ordinal);
        var sb = new StringBuilder(Header(sources, "Every custom error of the contracts: an ErrorDTO and a typed exception each"));
        sb.Append(Usings).AppendLine().AppendLine($"namespace {ns};").AppendLine();
        var names = UniqueNames(_errors, "");
        sb.AppendLine("/// <summary>The decoders of every custom error of the generated clients.</summary>");
        sb.AppendLine("public static class ContractErrors");
        sb.AppendLine("{");
        sb.AppendLine("    public static ContractErrorTable Table { get; } = Build();");
        sb.AppendLine();
        sb.AppendLine("    private static ContractErrorTable Build()");
        sb.AppendLine("    {");
        sb.AppendLine("        var table = new ContractErrorTable();");
        foreach (var (key, (item, _)) in _errors)
        {
            var n = names[key];
            sb.AppendLine($"        table.Add(ABITypedRegistry.GetError<{n}Error>().Sha3Signature, (data, inner) => new {n}Exception(data.ToHex(true).DecodeExceptionEncodedData<{n}Error>()!, data, inner));");
        }
        sb.AppendLine("        return table;");
        sb.AppendLine("    }");
        sb.AppendLine("}");
        foreach (var (key, (item, errorSources)) in _errors)
        {
            var n = names[key];
            sb.AppendLine();
            sb.AppendLine($"/// <summary>The arguments of <c>{item.Signature}</c> ({string.Join(", ", errorSources.Select(s => Path.GetFileNameWithoutExtension(s)))}).</summary>");
            sb.AppendLine($"[Error(\"{item.Name}\")]");
            sb.AppendLine($"public sealed class {n}Error");
            sb.AppendLine("{");
            Properties(sb, item.Inputs, n + "Error", "    ");
            sb.AppendLine("}");
            sb.AppendLine();
            sb.AppendLine($"/// <summary>A revert with <c>{item.Signature}</c>.</summary>");
            sb.AppendLine($"public sealed class {n}Exception({n}Error error, byte[] revertData, Exception? inner = null)");
            var arguments = item.Inputs.Select((p, i) => $"new ContractErrorArgument(\"{p.Name}\", \"{p.Canonical}\", error.{PropertyName(p, i, n + "Error")})");
            sb.AppendLine($"    : ContractRevertException(\"{item.Name}\", \"{item.Signature}\", [{string.Join(", ", arguments)}], revertData, inner)");
            sb.AppendLine("{");
            sb.AppendLine($"    public {n}Error Error {{ get; }} = error;");
            for (var i = 0; i < item.Inputs.Count; i++)
            {
                var prop = PropertyName(item.Inputs[i], i, n + "Exception");
                if (prop is "Error" or "Arguments" or "Signature" or "Message" or "Data" or "Source") prop += "Argument";
                sb.AppendLine($"    public {CsType(item.Inputs[i])} {prop} => Error.{PropertyName(item.Inputs[i], i, n + "Error")};");
            }
            sb.AppendLine("}");
        }
        return sb.ToString();
    }

    private string EventsFile()
    {
        var sources = _events.Values.SelectMany(v => v.Sources).Distinct().Order(StringComparer.Ordinal);
        var sb = new StringBuilder(Header(sources, "Every event of the contracts, as Nethereum EventDTOs"));
        sb.Append(Usings).AppendLine().AppendLine($"namespace {ns};");
        var names = UniqueNames(_events, "Event");
        foreach (var (key, (item, eventSources)) in _events)
        {
            var n = names[key];
            sb.AppendLine();
            sb.AppendLine($"/// <summary><c>{item.Signature}</c> ({string.Join(", ", eventSources.Select(s => Path.GetFileNameWithoutExtension(s)))}).</summary>");
            sb.AppendLine($"[Event(\"{item.Name}\")]");
            sb.AppendLine($"public sealed class {n} : IEventDTO");
            sb.AppendLine("{");
            Properties(sb, item.Inputs, n, "    ", withIndexed: true);
            sb.AppendLine("}");
        }
        return sb.ToString();
    }

    private string StructsFile()
    {
        var sources = _structs.Values.SelectMany(v => v.Sources).Distinct().Order(StringComparer.Ordinal);
        var sb = new StringBuilder(Header(sources, "Every struct the contracts' functions take or return"));
        sb.Append(Usings).AppendLine().AppendLine($"namespace {ns};");
        foreach (var (key, (internalName, shape, _)) in _structs)
        {
            var n = StructNames()[key];
            sb.AppendLine();
            sb.AppendLine($"/// <summary>Solidity's <c>{internalName}</c>: <c>{shape.Canonical.Split('[')[0]}</c>.</summary>");
            sb.AppendLine($"public sealed class {n}");
            sb.AppendLine("{");
            Properties(sb, shape.Components, n, "    ");
            sb.AppendLine("}");
        }
        return sb.ToString();
    }

    private static void TrimEnd(StringBuilder sb)
    {
        while (sb.Length > 0 && char.IsWhiteSpace(sb[^1])) sb.Length--;
        sb.AppendLine();
    }
}

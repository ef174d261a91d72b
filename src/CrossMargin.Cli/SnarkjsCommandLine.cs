using System.CommandLine;

namespace CrossMargin.Cli;

/// <summary>
/// snarkjs's command-line conventions (clprocessor.js, cli.js of snarkjs 0.7.6), applied before
/// parsing so that a snarkjs command line runs unchanged:
/// <list type="bullet">
/// <item>its short aliases (g16p, zkev, ptv, ...) and alternative verb names (zkey new, zksnark
/// proof, zkey verify), matched case-insensitively on the leading words and replaced by the verb;</item>
/// <item>its options, written with any number of dashes and an optional =value (-v, -verbose,
/// --name=x, -e=x), rewritten to ours (--verbose, --name x, --entropy x);</item>
/// <item>-v/--verbose, accepted by every verb (snarkjs declares it on most; on ours it shows the
/// progress on standard error even when that is not a terminal).</item>
/// </list>
/// The legacy option-style forms (snarkjs's "proof -pk ...", "verify -vk ...", "info -r ...") are not supported.
/// </summary>
internal static class SnarkjsCommandLine
{
    /// <summary>Alias words and the verb they stand for, in cli.js's order.</summary>
    private static readonly (string Alias, string Verb)[] Aliases =
    [
        ("ptn", "powersoftau new"),
        ("ptc", "powersoftau contribute"),
        ("ptec", "powersoftau export challenge"),
        ("ptcc", "powersoftau challenge contribute"),
        ("ptir", "powersoftau import response"),
        ("ptb", "powersoftau beacon"),
        ("pt2", "powersoftau prepare phase2"),
        ("ptv", "powersoftau verify"),
        ("ri", "r1cs info"),
        ("rp", "r1cs print"),
        ("rej", "r1cs export json"),
        ("wc", "wtns calculate"),
        ("wd", "wtns debug"),
        ("wej", "wtns export json"),
        ("wchk", "wtns check"),
        ("zkc", "zkey contribute"),
        ("zkb", "zkey beacon"),
        ("zkv", "zkey verify r1cs"),
        ("zkvr", "zkey verify r1cs"),
        ("zkev", "zkey export verificationkey"),
        ("zkej", "zkey export json"),
        ("zkesv", "zkey export solidityverifier"),
        ("zkesc", "zkey export soliditycalldata"),
        ("g16s", "groth16 setup"),
        ("zkn", "groth16 setup"),
        ("zkey new", "groth16 setup"),
        ("g16p", "groth16 prove"),
        ("zpw", "groth16 prove"),
        ("zksnark proof", "groth16 prove"),
        ("g16f", "groth16 fullprove"),
        ("g16i", "groth16 fullprove"),
        ("g16v", "groth16 verify"),
        ("fi", "file info"),
    ];

    /// <summary>snarkjs option names (each spelling) and ours; the flags take no value.</summary>
    private static readonly Dictionary<string, (string Option, bool Flag)> Options = new(StringComparer.Ordinal)
    {
        ["v"] = ("--verbose", true),
        ["verbose"] = ("--verbose", true),
        ["n"] = ("--name", false),
        ["name"] = ("--name", false),
        ["e"] = ("--entropy", false),
        ["entropy"] = ("--entropy", false),
        ["nopoints"] = ("--nopoints", true),
        ["nocheck"] = ("--nocheck", true),
        ["g"] = ("--get", true),
        ["get"] = ("--get", true),
        ["s"] = ("--set", true),
        ["set"] = ("--set", true),
        ["t"] = ("--trigger", true),
        ["trigger"] = ("--trigger", true),
    };

    /// <summary>The command line with snarkjs's aliases and option spellings rewritten to ours.</summary>
    public static string[] Normalize(string[] args)
    {
        var result = new List<string>();
        foreach (var a in args)
        {
            if (a.Length > 1 && a[0] == '-' && !char.IsDigit(a.TrimStart('-').FirstOrDefault()))
            {
                var body = a.TrimStart('-');
                var eq = body.IndexOf('=', StringComparison.Ordinal);
                var key = eq < 0 ? body : body[..eq];
                if (Options.TryGetValue(key, out var option))
                {
                    result.Add(option.Option);
                    if (eq >= 0 && !option.Flag) result.Add(body[(eq + 1)..]);
                    continue;
                }
            }
            result.Add(a);
        }
        return ExpandAlias(result);
    }

    private static string[] ExpandAlias(List<string> args)
    {
        // The verb's words are the leading arguments (an option before the verb stays where it is).
        var lead = args.TakeWhile(a => !a.StartsWith('-')).Count();
        foreach (var (alias, verb) in Aliases)
        {
            var words = alias.Split(' ');
            if (words.Length > lead) continue;
            if (!words.Select((w, i) => string.Equals(w, args[i], StringComparison.OrdinalIgnoreCase)).All(x => x)) continue;
            // "zkey verify" is snarkjs's alias of "zkey verify r1cs"; "zkey new" etc. likewise.
            return [.. verb.Split(' '), .. args.Skip(words.Length)];
        }
        // snarkjs's "zkey verify" alias: any zkey verify that is not followed by a subcommand.
        if (lead >= 2 && args[0] == "zkey" && args[1] == "verify" && (lead == 2 || args[2] is not ("r1cs" or "init")))
            return ["zkey", "verify", "r1cs", .. args.Skip(2)];
        return [.. args];
    }

    /// <summary>Adds -v/--verbose to every verb without one (snarkjs accepts it anywhere).</summary>
    public static void AddVerbose(Command command)
    {
        foreach (var sub in command.Subcommands) AddVerbose(sub);
        if (command.Subcommands.Count == 0 && command.Options.All(o => o.Name != "--verbose"))
            command.Add(new Option<bool>("--verbose", "-v") { Description = "Show progress on standard error (snarkjs: debug logging)." });
    }
}

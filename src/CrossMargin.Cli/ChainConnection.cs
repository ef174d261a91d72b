using CrossMargin.Chain.Actors;
using CrossMargin.Chain.Contracts.Deployment;
using Nethereum.JsonRpc.Client;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace CrossMargin.Cli;

/// <summary>A command-line argument that cannot be used: the option and why.</summary>
public sealed class UsageException(string option, string problem) : MalformedInputException($"{option}: {problem}");

/// <summary>
/// How the chain verbs reach a node: the --rpc URL, the sender's key (--private-key or
/// CROSSMARGIN_PRIVATE_KEY, never printed), the deployment file, and which failures mean the
/// node was unavailable (exit 5) rather than that the input was wrong.
/// </summary>
public static class ChainConnection
{
    public const string PrivateKeyVariable = "CROSSMARGIN_PRIVATE_KEY";

    public static Uri Endpoint(string? rpc, string option = "--rpc")
    {
        if (rpc is null) throw new UsageException(option, "is required: the node's JSON-RPC URL");
        if (!Uri.TryCreate(rpc, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            throw new UsageException(option, $"'{rpc}' is not an http(s) URL");
        return endpoint;
    }

    /// <summary>The key from --private-key, else the environment; refused unless 32 bytes of hex (the key itself never shown).</summary>
    public static string PrivateKey(string? option)
    {
        var key = option ?? Environment.GetEnvironmentVariable(PrivateKeyVariable);
        if (string.IsNullOrEmpty(key)) throw new UsageException("--private-key", $"no sender key: give --private-key <hex> or set {PrivateKeyVariable}");
        var digits = key.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? key[2..] : key;
        if (digits.Length != 64 || !digits.All(char.IsAsciiHexDigit))
            throw new UsageException("--private-key", "the sender key is not 32 bytes of hex (the key itself is not shown)");
        return key;
    }

    /// <summary>A Web3 on <paramref name="endpoint"/> signing with <paramref name="privateKey"/> for the node's chain id (null: reads only).</summary>
    public static async Task<Web3> ConnectAsync(Uri endpoint, string? privateKey)
    {
        // A call unanswered for Nethereum's ConnectionTimeout (20 s) fails as a timeout: exit 5.
        var client = new RpcClient(endpoint);
        if (privateKey is null) return new Web3(client);
        var chainId = (await new Web3(client).Eth.ChainId.SendRequestAsync().ConfigureAwait(false)).Value;
        return new Web3(new Account(privateKey, chainId), client);
    }

    /// <summary>The complete deployment recorded in <paramref name="path"/>, the file <paramref name="option"/> names.</summary>
    public static DeploymentRecord ReadDeployment(string? path, string option = "--deployment")
    {
        if (path is null) throw new UsageException(option, "is required: the deployment file `crossmargin deploy` wrote");
        if (!File.Exists(path)) throw new DeploymentFileException($"{option}: {path} does not exist");
        var record = DeploymentRecord.Read(path);
        if (!record.Complete) throw new DeploymentFileException($"{option}: {path} records an incomplete deployment: finish it with `crossmargin deploy --resume` first");
        return record;
    }

    /// <summary>The contracts of the deployment file <paramref name="path"/> on the node of <paramref name="web3"/>.</summary>
    public static Task<SystemContracts> DeploymentAsync(Web3 web3, string? path, string option = "--deployment") =>
        SystemContracts.ConnectAsync(web3, ReadDeployment(path, option));

    /// <summary>Whether <paramref name="e"/> says the node did not answer usably (refused, timed out, garbage), as opposed to an answer about the input.</summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        RpcClientUnknownException or RpcClientTimeoutException or HttpRequestException or TaskCanceledException { InnerException: TimeoutException } => true,
        // The node refused the request itself (not a revert: those are typed), e.g. a nonce another sender took.
        RpcResponseException => true,
        ChainAnswerException => true,
        Newtonsoft.Json.JsonException => true,
        AggregateException a => a.InnerExceptions.Any(IsUnavailable),
        _ => e.InnerException is { } inner && IsUnavailable(inner),
    };

    public static string Describe(Exception e) =>
        $"the node was unavailable or answered garbage; nothing was decided, a retry may succeed ({e.GetType().Name}: {Innermost(e).Message})";

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}

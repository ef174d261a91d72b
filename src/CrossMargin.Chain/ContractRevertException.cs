using System.Numerics;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.JsonRpc.Client;

namespace CrossMargin.Chain;

/// <summary>One decoded argument of a custom error: its ABI name and type, and the value as Nethereum decodes it.</summary>
public sealed record ContractErrorArgument(string Name, string Type, object? Value)
{
    public override string ToString() => $"{Name}={Format(Value)}";

    private static string Format(object? value) => value switch
    {
        null => "null",
        byte[] bytes => bytes.ToHex(prefix: true),
        System.Collections.IEnumerable list and not string => "[" + string.Join(", ", list.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString() ?? "",
    };
}

/// <summary>
/// A call or transaction that a contract reverted, decoded from its revert data: a custom error
/// (the generated clients throw one subclass per error, with typed properties), Solidity's
/// <c>Error(string)</c> (<see cref="RevertReasonException"/>), a <c>Panic(uint256)</c>
/// (<see cref="PanicException"/>), or data no known error matches (this class itself, named
/// "unknown"). The message names the error and its arguments.
/// </summary>
public class ContractRevertException : Exception
{
    public ContractRevertException(string errorName, string signature, IReadOnlyList<ContractErrorArgument> arguments, byte[] revertData, Exception? inner = null)
        : base(Describe(errorName, arguments, revertData), inner)
    {
        ErrorName = errorName;
        Signature = signature;
        Arguments = arguments;
        RevertData = revertData;
    }

    /// <summary>The error's name as the ABI spells it, e.g. "StaleNonce"; "unknown" when no known error matches.</summary>
    public string ErrorName { get; }

    /// <summary>The canonical signature, e.g. "StaleNonce(address,uint64,uint64)"; empty when unknown.</summary>
    public string Signature { get; }

    public IReadOnlyList<ContractErrorArgument> Arguments { get; }

    /// <summary>The revert data exactly as the node returned it (selector and ABI-encoded arguments).</summary>
    public byte[] RevertData { get; }

    private static string Describe(string name, IReadOnlyList<ContractErrorArgument> arguments, byte[] data) =>
        name == UnknownName
            ? $"the contract reverted with data no known error matches: {(data.Length == 0 ? "(empty)" : data.ToHex(prefix: true))}"
            : $"the contract reverted with {name}({string.Join(", ", arguments)})";

    public const string UnknownName = "unknown";
}

/// <summary>A revert with Solidity's <c>Error(string)</c>: <c>require(cond, "reason")</c> or <c>revert("reason")</c>.</summary>
public sealed class RevertReasonException(string reason, byte[] data, Exception? inner = null)
    : ContractRevertException("Error", "Error(string)", [new ContractErrorArgument("reason", "string", reason)], data, inner)
{
    public string Reason { get; } = reason;
}

/// <summary>A revert with Solidity's <c>Panic(uint256)</c>: a failed assert, an overflow, an index out of bounds.</summary>
public sealed class PanicException(BigInteger code, byte[] data, Exception? inner = null)
    : ContractRevertException("Panic", "Panic(uint256)", [new ContractErrorArgument("code", "uint256", code)], data, inner)
{
    public BigInteger Code { get; } = code;
}

/// <summary>
/// Custom errors known by their 4-byte selector, each with the decoder that turns its revert
/// data into a typed exception. The generated contract clients fill one table with every error
/// of every contract, so that an error raised by a contract further down a call (the registry
/// under the gate) is decoded as well as the callee's own.
/// </summary>
public sealed class ContractErrorTable
{
    private readonly Dictionary<uint, Func<byte[], Exception?, ContractRevertException>> _decoders = [];

    /// <summary>Registers the decoder of the error with <paramref name="selector"/> (the first 4 bytes of the keccak of its signature, as hex).</summary>
    public void Add(string selector, Func<byte[], Exception?, ContractRevertException> decode)
    {
        var key = Selector(selector.HexToByteArray());
        if (!_decoders.TryAdd(key, decode))
            throw new InvalidOperationException($"two errors share the selector {selector}");
    }

    public int Count => _decoders.Count;

    /// <summary>Decodes <paramref name="data"/> into the typed exception of its error.</summary>
    public ContractRevertException Decode(byte[] data, Exception? inner = null)
    {
        if (data.Length >= 4)
        {
            var selector = Selector(data);
            if (_decoders.TryGetValue(selector, out var decode)) return decode(data, inner);
            if (selector == ErrorSelector)
                return new RevertReasonException(new FunctionCallDecoder().DecodeFunctionErrorMessage(data.ToHex(prefix: true)), data, inner);
            if (selector == PanicSelector && data.Length == 36)
                return new PanicException(new BigInteger(data.AsSpan(4), isUnsigned: true, isBigEndian: true), data, inner);
        }
        return new ContractRevertException(ContractRevertException.UnknownName, "", [], data, inner);
    }

    /// <summary>
    /// The typed revert that <paramref name="exception"/> (thrown by Nethereum for an eth_call or
    /// a gas estimate that reverted) carries, or null when it is not a revert (a transport or
    /// node error, which callers let through as Nethereum's own exception).
    /// </summary>
    public ContractRevertException? FromNethereum(Exception exception)
    {
        var hex = exception switch
        {
            SmartContractCustomErrorRevertException custom => custom.ExceptionEncodedData,
            SmartContractRevertException revert => revert.EncodedData,
            RpcResponseException rpc when rpc.RpcError?.Data is { } d && d.ToString() is { } s && s.IsHex() => s,
            _ => null,
        };
        return hex is null ? null : Decode(hex.HexToByteArray(), exception);
    }

    /// <summary>Runs <paramref name="call"/>, rethrowing any revert as its typed exception.</summary>
    public async Task<T> Run<T>(Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (FromNethereum(e) is { } typed)
        {
            throw typed;
        }
    }

    private const uint ErrorSelector = 0x08c379a0;
    private const uint PanicSelector = 0x4e487b71;

    private static uint Selector(ReadOnlySpan<byte> data) =>
        data.Length < 4 ? throw new ArgumentException("a selector is 4 bytes") : System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data);
}

using Nethereum.Contracts;
using Nethereum.Contracts.ContractHandlers;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;

namespace CrossMargin.Chain;

/// <summary>
/// A transaction that was mined but failed (receipt status 0): its gas estimate passed, the
/// state changed before it ran. Names the call and the transaction.
/// </summary>
public sealed class TransactionFailedException(string call, TransactionReceipt receipt)
    : Exception($"{call} failed in block {receipt.BlockNumber?.Value} (transaction {receipt.TransactionHash}, status 0)")
{
    public TransactionReceipt Receipt { get; } = receipt;
}

/// <summary>What the generated clients do for every transaction, written once.</summary>
public static class ContractTransactions
{
    /// <summary>
    /// Sends <paramref name="message"/> and waits for its receipt. Nethereum estimates the gas
    /// first, so a call that would revert is refused before anything is sent, with the revert
    /// decoded by <paramref name="errors"/>; a transaction that fails in its block all the same
    /// is a <see cref="TransactionFailedException"/>.
    /// </summary>
    public static async Task<TransactionReceipt> SendAsync<TFunction>(ContractHandler handler, TFunction message, ContractErrorTable errors, string call, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(errors);
        var receipt = await errors.Run(() => handler.SendRequestAndWaitForReceiptAsync(message, cancellationToken)).ConfigureAwait(false);
        EnsureSucceeded(receipt, call);
        return receipt;
    }

    public static void EnsureSucceeded(TransactionReceipt receipt, string call)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        if (receipt.Status?.Value != 1) throw new TransactionFailedException(call, receipt);
    }
}

/// <summary>Creation bytecode as forge writes it, with the addresses of external libraries still to fill in.</summary>
public static class ContractBytecode
{
    /// <summary>
    /// Writes each library address at its byte offset (forge's linkReferences "start") over the
    /// 40-character placeholder solc left there. A placeholder missing at an offset, or an
    /// address of the wrong length, is refused: linking at a wrong offset would deploy code that
    /// calls garbage.
    /// </summary>
    public static string Link(string bytecode, IReadOnlyList<(int Start, string Address)> links)
    {
        ArgumentNullException.ThrowIfNull(bytecode);
        ArgumentNullException.ThrowIfNull(links);
        var hex = bytecode.RemoveHexPrefix().ToCharArray();
        foreach (var (start, address) in links)
        {
            var digits = address.RemoveHexPrefix();
            if (digits.Length != 40 || !digits.IsHex()) throw new ArgumentException($"'{address}' is not an address", nameof(links));
            var at = 2 * start;
            if (at + 40 > hex.Length || hex[at] != '_' || hex[at + 1] != '_')
                throw new ArgumentException($"no library placeholder at byte {start} of the bytecode", nameof(links));
            digits.ToLowerInvariant().CopyTo(0, hex, at, 40);
        }
        var linked = new string(hex);
        if (linked.Contains("__", StringComparison.Ordinal)) throw new ArgumentException("a library placeholder is left unlinked", nameof(links));
        return "0x" + linked;
    }
}

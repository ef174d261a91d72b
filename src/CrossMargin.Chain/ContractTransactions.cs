using Nethereum.Contracts;
using Nethereum.Contracts.ContractHandlers;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;

namespace CrossMargin.Chain;

/// <summary>
/// A transaction that was mined but failed (receipt status 0): its gas estimate passed, the
/// state changed before it ran. Names the call and the transaction.
/// </summary>
public sealed class TransactionFailedException(string call, TransactionReceipt receipt, string? why = null, Exception? inner = null)
    : Exception($"{call} failed in block {receipt.BlockNumber?.Value} (transaction {receipt.TransactionHash}, status 0, gas used {receipt.GasUsed?.Value})"
        + (why is null ? "" : $": {why}"), inner)
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
        await SetGasLimitAsync(handler, message, errors).ConfigureAwait(false);
        var receipt = await errors.Run(() => handler.SendRequestAndWaitForReceiptAsync(message, cancellationToken)).ConfigureAwait(false);
        if (receipt.Status?.Value != 1) throw await ExplainFailureAsync(handler, receipt, errors, call).ConfigureAwait(false);
        return receipt;
    }

    /// <summary>
    /// Gives <paramref name="message"/> a gas limit of the node's estimate plus a margin, unless
    /// it has one. The node estimates on the latest block's state and time, and the transaction
    /// runs in the next block: a write that the estimate saw as rewriting an equal value (a
    /// timestamp stored again within the same second, say) costs a full write one second later,
    /// and an exact estimate then runs out of gas. The margin (a fifth, plus 25,000: more than
    /// one fresh storage write) covers such writes; unused gas is not charged. A call that would
    /// revert is refused here, typed.
    /// </summary>
    public static async Task SetGasLimitAsync<TFunction>(ContractHandler handler, TFunction message, ContractErrorTable errors)
        where TFunction : FunctionMessage, new()
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(errors);
        if (message.Gas is not null) return;
        var estimate = await errors.Run(() => handler.EstimateGasAsync(message)).ConfigureAwait(false);
        message.Gas = estimate.Value + estimate.Value / 5 + 25_000;
    }

    /// <summary>
    /// Why a mined transaction failed, as far as the node can tell: the same call replayed on
    /// the state before its block, its revert decoded by <paramref name="errors"/> (the typed
    /// error is the inner exception). A replay that succeeds means another transaction of the
    /// same block changed the state first, or the gas limit was too small: both are named.
    /// </summary>
    public static async Task<TransactionFailedException> ExplainFailureAsync(ContractHandler handler, TransactionReceipt receipt, ContractErrorTable errors, string call)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(errors);
        try
        {
            var eth = handler.EthApiContractService;
            var tx = await eth.Transactions.GetTransactionByHash.SendRequestAsync(receipt.TransactionHash).ConfigureAwait(false);
            if (tx is null || receipt.BlockNumber is null) return new TransactionFailedException(call, receipt);
            var replay = new CallInput { Data = tx.Input, To = tx.To, From = tx.From, Gas = tx.Gas, Value = tx.Value };
            var before = new BlockParameter(new Nethereum.Hex.HexTypes.HexBigInteger(receipt.BlockNumber.Value - 1));
            await errors.Run(() => eth.Transactions.Call.SendRequestAsync(replay, before)).ConfigureAwait(false);
            return new TransactionFailedException(call, receipt,
                $"the same call succeeds on the state before block {receipt.BlockNumber.Value} with its gas limit {tx.Gas?.Value}: another transaction of that block changed the state first, or it ran out of gas");
        }
        catch (ContractRevertException revert)
        {
            return new TransactionFailedException(call, receipt, $"it reverts with {revert.Message}", revert);
        }
        catch (Exception e) when (e is Nethereum.JsonRpc.Client.RpcClientUnknownException or Nethereum.JsonRpc.Client.RpcClientTimeoutException or Nethereum.JsonRpc.Client.RpcResponseException)
        {
            return new TransactionFailedException(call, receipt, $"replayed on the state before its block, it fails too: {e.Message}", e);
        }
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

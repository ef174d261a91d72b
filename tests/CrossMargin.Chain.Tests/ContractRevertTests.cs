using System.Numerics;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Xunit;

namespace CrossMargin.Chain.Tests;

/// <summary>Revert data that no contract of ours produces on purpose: each must still become a <see cref="ContractRevertException"/> that says what it was.</summary>
public class ContractRevertTests
{
    private static readonly ContractErrorTable Empty = new();

    [Fact]
    public void ErrorString_IsARevertReasonWithTheText()
    {
        // Error(string) with "no way": selector, offset 32, length 7, the text padded.
        var data = ("0x08c379a0" + "20".PadLeft(64, '0') + "6".PadLeft(64, '0') + "6e6f20776179".PadRight(64, '0')).HexToByteArray();
        var e = Assert.IsType<RevertReasonException>(Empty.Decode(data));
        Assert.Equal("no way", e.Reason);
        Assert.Equal("Error", e.ErrorName);
    }

    [Fact]
    public void Panic_CarriesItsCode()
    {
        var data = ("0x4e487b71" + "11".PadLeft(64, '0')).HexToByteArray(); // 0x11: arithmetic overflow
        var e = Assert.IsType<PanicException>(Empty.Decode(data));
        Assert.Equal(new BigInteger(0x11), e.Code);
    }

    [Theory]
    [InlineData("0x")]
    [InlineData("0xdeadbeef")]
    [InlineData("0x12")]
    public void UnknownData_IsNamedUnknown_AndKeepsTheBytes(string hex)
    {
        var e = Empty.Decode(hex.HexToByteArray());
        Assert.Equal(ContractRevertException.UnknownName, e.ErrorName);
        Assert.Equal(hex.HexToByteArray(), e.RevertData);
    }

    [Fact]
    public void NethereumsRevertExceptions_AreTranslated_OthersAreNot()
    {
        var custom = new SmartContractCustomErrorRevertException("0xdeadbeef");
        Assert.Equal(ContractRevertException.UnknownName, Empty.FromNethereum(custom)!.ErrorName);
        Assert.Same(custom, Empty.FromNethereum(custom)!.InnerException);
        Assert.Null(Empty.FromNethereum(new InvalidOperationException("not a revert")));
    }

    [Fact]
    public void TwoErrorsWithOneSelector_AreRefused()
    {
        var table = new ContractErrorTable();
        table.Add("0x01020304", (d, i) => Empty.Decode(d, i));
        Assert.Throws<InvalidOperationException>(() => table.Add("0x01020304", (d, i) => Empty.Decode(d, i)));
    }

    [Fact]
    public void Link_WritesTheAddressOverThePlaceholder_AndRefusesAWrongOffset()
    {
        var placeholder = "__$23c2a4dbedd433b12ec97a54fe48904b86$__";
        var bytecode = "0x6001" + placeholder + "6002";
        const string address = "0x00000000000000000000000000000000000000AB";
        Assert.Equal("0x6001" + address[2..].ToLowerInvariant() + "6002", ContractBytecode.Link(bytecode, [(2, address)]));
        Assert.Throws<ArgumentException>(() => ContractBytecode.Link(bytecode, [(1, address)]));
        Assert.Throws<ArgumentException>(() => ContractBytecode.Link(bytecode, [])); // left unlinked
        Assert.Throws<ArgumentException>(() => ContractBytecode.Link(bytecode, [(2, "0x1234")]));
    }

    [Fact]
    public void ErrorReasonOfNethereumsDecoder_MatchesOurs()
    {
        // The same bytes through Nethereum's own decoder: one reading of Error(string).
        var data = ("0x08c379a0" + "20".PadLeft(64, '0') + "2".PadLeft(64, '0') + "6f6b".PadRight(64, '0'));
        Assert.Equal(new FunctionCallDecoder().DecodeFunctionErrorMessage(data), ((RevertReasonException)Empty.Decode(data.HexToByteArray())).Reason);
    }
}

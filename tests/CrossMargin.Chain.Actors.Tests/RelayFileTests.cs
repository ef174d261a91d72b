using CrossMargin.Chain.Actors.Relay;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>The relay's own files: the committee keys file and the state file, read strictly, never showing a key.</summary>
public sealed class RelayFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("crossmargin-relay-files-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string json)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void CommitteeKeys_RoundTrip_InTheOrderWritten()
    {
        var path = Path.Combine(_folder, "keys.json");
        CommitteeKeysFile.Write(path, [AnvilNode.DevKeys[2], AnvilNode.DevKeys[1]]);
        var keys = CommitteeKeysFile.Read(path);
        Assert.Equal([AnvilNode.DevKeys[2][2..], AnvilNode.DevKeys[1][2..]], keys.Select(k => Convert.ToHexStringLower(k.GetPrivateKeyAsBytes())));
    }

    [Theory]
    [InlineData("""{ "format": "crossmargin-committee-keys/1", "keys": ["KEY", "KEY"] }""", "$.keys[1]")]
    [InlineData("""{ "format": "crossmargin-committee-keys/1", "keys": ["0x0000000000000000000000000000000000000000000000000000000000000000"] }""", "$.keys[0]")]
    [InlineData("""{ "format": "crossmargin-committee-keys/1", "keys": ["0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"] }""", "$.keys[0]")]
    [InlineData("""{ "format": "crossmargin-committee-keys/1", "keys": [] }""", "$.keys")]
    [InlineData("""{ "format": "crossmargin-committee-keys/2", "keys": ["KEY"] }""", "$.format")]
    [InlineData("""{ "format": "crossmargin-committee-keys/1", "keys": ["KEY"], "threshold": 2 }""", "$")]
    [InlineData("""{ "format": "crossmargin-committee-keys/1", "keys": ["KEY"], "keys": ["KEY"] }""", "$")]
    [InlineData("""{ "format": "crossmargin-committee-keys/1" }""", "$")]
    public void AMalformedCommitteeKeysFile_IsRefusedNamingTheFileAndEntry_WithoutShowingAKey(string json, string where)
    {
        var path = Write("keys.json", json.Replace("KEY", AnvilNode.DevKeys[1], StringComparison.Ordinal));
        var error = Assert.Throws<CommitteeKeysFileException>(() => CommitteeKeysFile.Read(path));
        Assert.Equal(path, error.File);
        Assert.StartsWith(where, error.JsonPath, StringComparison.Ordinal);
        Assert.DoesNotContain(AnvilNode.DevKeys[1][2..], error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void State_RoundTrips_AndAMissingFileIsNoState()
    {
        var path = Path.Combine(_folder, "sub", "state.json");
        Assert.Null(RelayState.ReadIfExists(path));
        var state = new RelayState(31338, "0x" + new string('a', 40), 31337, "0x" + new string('b', 40), 17, "0x" + new string('c', 64));
        state.Write(path);
        Assert.Equal(state, RelayState.ReadIfExists(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Theory]
    [InlineData("""{ "format": "crossmargin-relay-state/1", "sourceChainId": 1, "sourceRegistry": "0x12", "destinationChainId": 2, "destinationRegistry": "0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "block": 1, "blockHash": "0xcccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc" }""", "$.sourceRegistry")]
    [InlineData("""{ "format": "crossmargin-relay-state/1", "sourceChainId": 1, "sourceRegistry": "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "destinationChainId": 2, "destinationRegistry": "0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "block": -1, "blockHash": "0xcccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc" }""", "$.block")]
    [InlineData("""{ "format": "crossmargin-relay-state/1", "sourceChainId": 1, "sourceRegistry": "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "destinationChainId": 2, "destinationRegistry": "0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "block": 1 }""", "$")]
    [InlineData("""not json""", "$")]
    public void AMalformedStateFile_IsRefusedNamingTheFileAndPath(string json, string where)
    {
        var path = Write("state.json", json);
        var error = Assert.Throws<RelayStateFileException>(() => RelayState.ReadIfExists(path));
        Assert.Equal(path, error.File);
        Assert.StartsWith(where, error.JsonPath, StringComparison.Ordinal);
    }
}

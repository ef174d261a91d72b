using System.Net;
using System.Text;
using System.Text.Json;
using CrossMargin.Chain;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Margin;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>`crossmargin venue serve` as its own process: the HTTP API on a real deployment, SIGINT, and bad input.</summary>
[Collection(VenueCollection.Name)]
public class VenueServeTests(VenueSystem system)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private RunningCli Serve(string venue, string data, int port) =>
        RunningCli.StartIn(null, "venue", "serve", "--rpc", system.Node.Endpoint.ToString(), "--deployment", system.DeploymentFile,
            "--venue", venue, "--data", data, "--token", system.Token.Address, "--listen", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--poll", "1", "--private-key", AnvilNode.DevKeys[VenueSystem.OperatorAccount]);

    private static string StateJson(uint venueId, string firstBalance = "2500000000") => $$"""
        { "venueId": "{{venueId}}", "balances": ["{{firstBalance}}", "0"], "debts": ["1000000", "0"],
          "positions": [{ "underlying": 1, "delta": "-500000", "gamma": "0", "vega": "12", "markToMarket": "-350000000" }] }
        """;

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient http, HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Serve_PutStateThenGetOpening_OpensTheRegistrysCommitment_RefusesBadRequests_AndExitsZeroOnInterrupt()
    {
        var port = VenueSystem.FreePort();
        var data = VenueSystem.NewDataDirectory();
        var account = VenueSystem.RandomAccount(new Random(1401));
        await using var serve = Serve("lending", data, port);
        Assert.True(await serve.WaitForOutputAsync("serving the lending venue", StartTimeout), serve.Output);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        var (status, body) = await SendAsync(http, HttpMethod.Put, $"accounts/{account}/state", StateJson(1));
        Assert.True(status == HttpStatusCode.OK, body);
        var posted = Opening.Parse(body, MarginConfiguration.Small);

        (status, body) = await SendAsync(http, HttpMethod.Get, $"accounts/{account}/opening");
        Assert.Equal(HttpStatusCode.OK, status);
        var opening = Opening.Parse(body, MarginConfiguration.Small);
        Assert.Equal(posted.Commitment, opening.Commitment);
        var standing = await system.Governance.Registry.StandingOfAsync(account, 1);
        Assert.Equal(opening.Commitment, (await system.Governance.Registry.SlotOfAsync(account, standing.Slot)).Commitment);
        Assert.Equal((ulong)opening.Value.StateNonce, standing.LastNonce);

        // A malformed body: 400 naming the field, nothing posted.
        (status, body) = await SendAsync(http, HttpMethod.Put, $"accounts/{account}/state", StateJson(1, firstBalance: "12.5"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("$.balances[0]", JsonDocument.Parse(body).RootElement.GetProperty("field").GetString());
        (status, body) = await SendAsync(http, HttpMethod.Post, $"accounts/{account}/state", """{ "venueId": "1", "balances": ["1", "2"], "debts": ["0", "0"] }""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("positions", body, StringComparison.Ordinal);
        (status, body) = await SendAsync(http, HttpMethod.Get, "accounts/not-an-address/opening");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("account", JsonDocument.Parse(body).RootElement.GetProperty("field").GetString());
        Assert.Equal(standing.LastNonce, (await system.Governance.Registry.StandingOfAsync(account, 1)).LastNonce);

        // An account the venue does not hold, and a path that is not the API's: 404.
        (status, _) = await SendAsync(http, HttpMethod.Get, $"accounts/{VenueSystem.RandomAccount(new Random(1402))}/opening");
        Assert.Equal(HttpStatusCode.NotFound, status);
        (status, _) = await SendAsync(http, HttpMethod.Get, $"accounts/{account}/elsewhere");
        Assert.Equal(HttpStatusCode.NotFound, status);
        // The lending venue has no trades.
        (status, body) = await SendAsync(http, HttpMethod.Post, $"accounts/{account}/trade", $$"""{ "state": {{StateJson(1)}} }""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("venue", JsonDocument.Parse(body).RootElement.GetProperty("field").GetString());

        // A withdrawal: proposed, then refused by the gate with a bogus proof; the opening stays.
        (status, body) = await SendAsync(http, HttpMethod.Post, $"accounts/{account}/withdraw", $$"""{ "state": {{StateJson(1, firstBalance: "1500000000")}} }""");
        Assert.True(status == HttpStatusCode.OK, body);
        Assert.Equal(opening.Value.StateNonce + 1, Opening.Parse(body, MarginConfiguration.Small).Value.StateNonce);
        var proof = string.Join(", ", Enumerable.Range(1, 8).Select(i => $"\"{i}\""));
        (status, body) = await SendAsync(http, HttpMethod.Post, $"accounts/{account}/withdraw/confirm",
            $$"""{ "proof": [{{proof}}], "proofNonce": "0", "roundId": "{{system.RoundId}}", "tau": "3600" }""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("$.token", JsonDocument.Parse(body).RootElement.GetProperty("field").GetString());
        (status, body) = await SendAsync(http, HttpMethod.Post, $"accounts/{account}/withdraw/confirm",
            $$"""{ "proof": [{{proof}}], "proofNonce": "0", "roundId": "{{system.RoundId}}", "tau": "3600", "token": "{{system.Token.Address}}", "amount": "1000000000" }""");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("ProofRejected", JsonDocument.Parse(body).RootElement.GetProperty("revert").GetString());
        (status, body) = await SendAsync(http, HttpMethod.Get, $"accounts/{account}/opening");
        Assert.Equal(opening.Commitment, Opening.Parse(body, MarginConfiguration.Small).Commitment);

        Assert.Equal(0, await serve.InterruptAsync());
        Assert.Contains($"post {account} stateNonce {opening.Value.StateNonce} gas ", serve.Output, StringComparison.Ordinal);
        Assert.Contains("stopped", serve.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_PerpTrade_ProposesAnOpeningToProveOver_AndABogusProofIsRefusedWithTheGatesRevert()
    {
        var port = VenueSystem.FreePort();
        var account = VenueSystem.RandomAccount(new Random(1403));
        await using var serve = Serve("perp", VenueSystem.NewDataDirectory(), port);
        Assert.True(await serve.WaitForOutputAsync("serving the perp venue", StartTimeout), serve.Output);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        var (status, body) = await SendAsync(http, HttpMethod.Post, $"accounts/{account}/trade", $$"""{ "state": {{StateJson(2)}} }""");
        Assert.True(status == HttpStatusCode.OK, body);
        var proposed = Opening.Parse(body, MarginConfiguration.Small);
        Assert.Equal(1, proposed.Value.StateNonce);

        var proof = string.Join(", ", Enumerable.Range(1, 8).Select(i => $"\"{i}\""));
        (status, body) = await SendAsync(http, HttpMethod.Post, $"accounts/{account}/trade/confirm",
            $$"""{ "proof": [{{proof}}], "proofNonce": "0", "roundId": "{{system.RoundId}}", "tau": "3600" }""");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("ProofRejected", JsonDocument.Parse(body).RootElement.GetProperty("revert").GetString());
        (status, _) = await SendAsync(http, HttpMethod.Get, $"accounts/{account}/opening");
        Assert.Equal(HttpStatusCode.NotFound, status); // nothing was opened

        (status, body) = await SendAsync(http, HttpMethod.Post, $"accounts/{account}/trade/confirm", """{ "proof": ["1"], "proofNonce": "0", "roundId": "1", "tau": "3600" }""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("$.proof", JsonDocument.Parse(body).RootElement.GetProperty("field").GetString());
        Assert.Equal(0, await serve.InterruptAsync());
    }

    [Fact]
    public async Task Serve_KilledAndStartedAgain_KeepsItsBook_AndCarriesOnAtTheNextNonce()
    {
        var data = VenueSystem.NewDataDirectory();
        var account = VenueSystem.RandomAccount(new Random(1404));
        Opening first;
        var port = VenueSystem.FreePort();
        await using (var serve = Serve("perp", data, port))
        {
            Assert.True(await serve.WaitForOutputAsync("serving the perp venue", StartTimeout), serve.Output);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            var (status, body) = await SendAsync(http, HttpMethod.Put, $"accounts/{account}/state", StateJson(2));
            Assert.True(status == HttpStatusCode.OK, body);
            first = Opening.Parse(body, MarginConfiguration.Small);
            serve.Kill(); // as a crash: nothing of its shutdown runs
        }

        port = VenueSystem.FreePort();
        await using var restarted = Serve("perp", data, port);
        Assert.True(await restarted.WaitForOutputAsync("serving the perp venue", StartTimeout), restarted.Output);
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") })
        {
            var (status, body) = await SendAsync(http, HttpMethod.Get, $"accounts/{account}/opening");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(first.Commitment, Opening.Parse(body, MarginConfiguration.Small).Commitment);
            (status, body) = await SendAsync(http, HttpMethod.Put, $"accounts/{account}/state", StateJson(2, firstBalance: "1"));
            Assert.True(status == HttpStatusCode.OK, body);
            Assert.Equal(first.Value.StateNonce + 1, Opening.Parse(body, MarginConfiguration.Small).Value.StateNonce);
        }
        Assert.Equal(0, await restarted.InterruptAsync());
    }

    [Fact]
    public void Serve_WithABadDeploymentFile_ExitsTwoNamingIt()
    {
        var data = VenueSystem.NewDataDirectory();
        var broken = Path.Combine(data, "broken-deployment.json");
        File.WriteAllText(broken, """{ "format": "crossmargin-deployment/1", "complete": true """);
        var (code, _, error) = CrossmarginCli.RunIn(null, "venue", "serve", "--rpc", system.Node.Endpoint.ToString(), "--deployment", broken,
            "--venue", "lending", "--data", Path.Combine(data, "book"), "--token", system.Token.Address, "--private-key", AnvilNode.DevKeys[VenueSystem.OperatorAccount]);
        Assert.Equal(2, code);
        Assert.Contains(broken, error, StringComparison.Ordinal);

        (code, _, error) = CrossmarginCli.RunIn(null, "venue", "serve", "--rpc", system.Node.Endpoint.ToString(), "--deployment", Path.Combine(data, "missing.json"),
            "--venue", "lending", "--data", Path.Combine(data, "book"), "--token", system.Token.Address, "--private-key", AnvilNode.DevKeys[VenueSystem.OperatorAccount]);
        Assert.Equal(2, code);
        Assert.Contains("--deployment", error, StringComparison.Ordinal);

        (code, _, error) = CrossmarginCli.RunIn(null, "venue", "serve", "--rpc", system.Node.Endpoint.ToString(), "--deployment", system.DeploymentFile,
            "--venue", "options", "--data", Path.Combine(data, "book"), "--token", system.Token.Address, "--private-key", AnvilNode.DevKeys[VenueSystem.OperatorAccount]);
        Assert.Equal(2, code);
        Assert.Contains("--venue", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_WithATokenThatIsNotAContract_ExitsTwoNamingIt()
    {
        const string NotAContract = "0x000000000000000000000000000000000000dead";
        var (code, _, error) = CrossmarginCli.RunIn(null, "venue", "serve", "--rpc", system.Node.Endpoint.ToString(), "--deployment", system.DeploymentFile,
            "--venue", "lending", "--data", VenueSystem.NewDataDirectory(), "--token", NotAContract, "--private-key", AnvilNode.DevKeys[VenueSystem.OperatorAccount]);
        Assert.Equal(2, code);
        Assert.Contains(NotAContract, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_WithAKeyThatIsNotTheOperators_ExitsTwoNamingBothAccounts()
    {
        var (code, _, error) = CrossmarginCli.RunIn(null, "venue", "serve", "--rpc", system.Node.Endpoint.ToString(), "--deployment", system.DeploymentFile,
            "--venue", "perp", "--data", VenueSystem.NewDataDirectory(), "--token", system.Token.Address, "--private-key", AnvilNode.DevKeys[3]);
        Assert.Equal(2, code);
        Assert.Contains(system.Node.DevAccounts[3].Address, error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("operator", error, StringComparison.Ordinal);
        Assert.DoesNotContain(AnvilNode.DevKeys[3].Replace("0x", "", StringComparison.Ordinal), error, StringComparison.OrdinalIgnoreCase);
    }
}

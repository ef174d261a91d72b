using CrossMargin.Chain;
using Nethereum.Web3;
using Xunit;

namespace CrossMargin.Testing;

/// <summary>
/// A real anvil node shared by the tests of a class or collection: started on a free loopback
/// port before the first test, stopped after the last one, whether they pass, fail or are
/// cancelled (and, through <see cref="AnvilNode"/>'s watchdog, even if the test host dies).
/// </summary>
public class AnvilFixture : IAsyncLifetime
{
    private AnvilNode? _node;

    /// <summary>The options the node was started with; override to choose others.</summary>
    public virtual AnvilOptions Options => new();

    public AnvilNode Node => _node ?? throw new InvalidOperationException("the anvil fixture is not started");

    /// <summary>Nethereum's Web3 for the node, without an account (reads; the node's own accounts for transactions).</summary>
    public Web3 Web3 => Node.Web3;

    /// <summary>Starts the node; a fixture that deploys contracts overrides this and calls it first.</summary>
    public virtual async Task InitializeAsync() => _node = await AnvilNode.StartAsync(Options);

    /// <summary>
    /// Kills the node and starts another on the same port (clients keep their URL) from
    /// <paramref name="state"/>, a state <see cref="AnvilNode.DumpStateAsync"/> returned: what an
    /// operator does after a crash, with whatever the node had persisted by then.
    /// </summary>
    public async Task RestartAsync(string state)
    {
        var port = Node.Endpoint.Port;
        await Node.DisposeAsync();
        _node = await AnvilNode.StartAsync(Options with { Port = port });
        await _node.LoadStateAsync(state);
    }

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
    }
}

using CrossMargin.Chain;
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

    public JsonRpcClient Rpc => Node.Rpc;

    public async Task InitializeAsync() => _node = await AnvilNode.StartAsync(Options);

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
    }
}

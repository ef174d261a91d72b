using System.Runtime.InteropServices;

namespace CrossMargin.Cli;

/// <summary>
/// How a long-running verb (venue serve, oracle report, relay) is stopped: SIGINT (Ctrl-C) or
/// SIGTERM cancels <see cref="Token"/> instead of killing the process, so the step under way
/// finishes and its state is written before the verb exits 0.
/// </summary>
public sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public StopSignal()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    public CancellationToken Token => _stop.Token;
    public bool Requested => _stop.IsCancellationRequested;

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _stop.Cancel();
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
    }
}

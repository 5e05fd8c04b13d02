using Grpc.Core;
using V1 = Voip.Media.Control.V1;

namespace Voip.Media.Tests.Interop.Room;

/// <summary>Records the engine's event stream in the background so tests can wait for (or look back at) events.</summary>
public sealed class EngineEventLog : IDisposable
{
    private readonly AsyncServerStreamingCall<V1.EngineEvent> _call;
    private readonly List<V1.EngineEvent> _events = [];
    private readonly Lock _gate = new();
    private readonly Task _reader;

    public EngineEventLog(V1.MediaEngine.MediaEngineClient client)
    {
        _call = client.StreamEvents(new V1.StreamEventsRequest());
        _reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in _call.ResponseStream.ReadAllAsync())
                {
                    lock (_gate)
                    {
                        _events.Add(e);
                    }
                }
            }
            catch (Exception e) when (e is RpcException or ObjectDisposedException or OperationCanceledException)
            {
                // The stream ends with the test; disposing the call mid-read surfaces as any of these.
            }
        });
    }

    public async Task<V1.EngineEvent?> WaitAsync(Func<V1.EngineEvent, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            lock (_gate)
            {
                var found = _events.FirstOrDefault(match);
                if (found is not null)
                {
                    return found;
                }
            }

            await Task.Delay(50);
        }

        return null;
    }

    public void Dispose()
    {
        _call.Dispose();
        _reader.Wait(TimeSpan.FromSeconds(2));
    }
}

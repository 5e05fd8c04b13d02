using System.Threading.Channels;
using Grpc.Core;
using V1 = Voip.Media.Control.V1;

namespace Voip.ControlPlane.Tests.Media;

/// <summary>
/// An engine for registry tests: GetEngineInfo answers with <see cref="Info"/> or fails while <see cref="Down"/>;
/// StreamEvents hands out a stream the test can feed (<see cref="Publish"/>) or break (<see cref="Kill"/>).
/// </summary>
public sealed class FakeEngineClient : V1.MediaEngine.MediaEngineClient
{
    private Channel<V1.EngineEvent>? stream;
    private int streams;

    public V1.EngineInfo Info { get; set; } = new() { Version = "fake" };

    public volatile bool Down;

    public int StreamsOpened => Volatile.Read(ref streams);

    public override AsyncUnaryCall<V1.EngineInfo> GetEngineInfoAsync(V1.GetEngineInfoRequest request, CallOptions options)
    {
        var result = Down
            ? Task.FromException<V1.EngineInfo>(new RpcException(new Status(StatusCode.Unavailable, "fake engine down")))
            : Task.FromResult(Info.Clone());
        return new AsyncUnaryCall<V1.EngineInfo>(result, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public override AsyncServerStreamingCall<V1.EngineEvent> StreamEvents(V1.StreamEventsRequest request, CallOptions options)
    {
        var channel = Channel.CreateUnbounded<V1.EngineEvent>();
        stream = channel;
        Interlocked.Increment(ref streams);
        if (Down)
        {
            channel.Writer.TryComplete(new RpcException(new Status(StatusCode.Unavailable, "fake engine down")));
        }

        return new AsyncServerStreamingCall<V1.EngineEvent>(
            new Reader(channel.Reader, options.CancellationToken), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public void Publish(V1.EngineEvent e) => stream?.Writer.TryWrite(e);

    /// <summary>The engine dies: info fails and the open stream breaks as a reset connection does.</summary>
    public void Kill()
    {
        Down = true;
        stream?.Writer.TryComplete(new RpcException(new Status(StatusCode.Unavailable, "connection reset")));
    }

    private sealed class Reader(ChannelReader<V1.EngineEvent> reader, CancellationToken callToken) : IAsyncStreamReader<V1.EngineEvent>
    {
        public V1.EngineEvent Current { get; private set; } = null!;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, callToken);
            try
            {
                if (!await reader.WaitToReadAsync(linked.Token))
                {
                    return false;
                }
            }
            catch (ChannelClosedException ex) when (ex.InnerException is RpcException rpc)
            {
                throw rpc;
            }
            catch (OperationCanceledException)
            {
                throw new RpcException(new Status(StatusCode.Cancelled, "cancelled"));
            }

            Current = await reader.ReadAsync(CancellationToken.None);
            return true;
        }
    }
}

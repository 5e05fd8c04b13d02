using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Net.Client;
using Voip.Media.Control.V1;

namespace Voip.LoadGen;

/// <summary>The AOT engine under test, started on ephemeral ports with one shard, and its gRPC client.</summary>
internal sealed partial class EngineHandle : IDisposable
{
    private readonly ChildProcess _child;
    private readonly GrpcChannel _channel;

    private EngineHandle(ChildProcess child, string grpc)
    {
        _child = child;
        _channel = GrpcChannel.ForAddress(grpc);
        Client = new MediaEngine.MediaEngineClient(_channel);
    }

    public MediaEngine.MediaEngineClient Client { get; }

    public int Pid => _child.Pid;

    public string Log => _child.Log;

    public static async Task<EngineHandle> StartAsync(string binary)
    {
        var child = ChildProcess.Start(binary, ["--grpc", "127.0.0.1:0", "--rtc-port-base", "0", "--shards", "1", "--log-level", "Warning"], redirectInput: false);
        try
        {
            var ready = await child.WaitForLineAsync(ReadyLine(), TimeSpan.FromSeconds(30));
            return new EngineHandle(child, ready.Groups[1].Value);
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    /// <summary>True when the engine implements routers (Produce/Consume); false when only echo exists.</summary>
    public async Task<bool> SupportsRoutersAsync()
    {
        try
        {
            var router = await Client.CreateRouterAsync(new CreateRouterRequest());
            await Client.CloseRouterAsync(new CloseRouterRequest { RouterId = router.RouterId });
            return true;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unimplemented)
        {
            return false;
        }
    }

    /// <summary>Forwarded RTP packets over all shards, and the worst shard's p50/p99 forward latency.</summary>
    public async Task<(long Forwarded, double P50, double P99)> ForwardingAsync()
    {
        var info = await Client.GetEngineInfoAsync(new GetEngineInfoRequest());
        long forwarded = 0;
        double p50 = 0, p99 = 0;
        foreach (var shard in info.Shards)
        {
            forwarded += (long)shard.ForwardedPackets;
            p50 = Math.Max(p50, shard.ForwardLatencyP50Us);
            p99 = Math.Max(p99, shard.ForwardLatencyP99Us);
        }

        return (forwarded, p50, p99);
    }

    public void Dispose()
    {
        _channel.Dispose();
        _child.Dispose();
    }

    [GeneratedRegex(@"voip-media ready grpc=(\S+)")]
    private static partial Regex ReadyLine();
}

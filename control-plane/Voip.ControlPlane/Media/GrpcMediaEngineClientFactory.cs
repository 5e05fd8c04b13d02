using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using V1 = Voip.Media.Control.V1;

namespace Voip.ControlPlane.Media;

/// <summary>
/// One HTTP/2 channel per engine. HTTP/2 keep-alive pings notice an engine host that vanished without
/// closing the connection (a local kill resets it at once). With MEDIA_ENGINE_TOKEN every call carries
/// <c>authorization: Bearer …</c>.
/// </summary>
public sealed class GrpcMediaEngineClientFactory(MediaOptions options) : IMediaEngineClientFactory, IDisposable
{
    private readonly ConcurrentBag<GrpcChannel> channels = [];

    public V1.MediaEngine.MediaEngineClient Create(Uri address)
    {
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                KeepAlivePingDelay = TimeSpan.FromSeconds(5),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
                ConnectTimeout = options.RequestTimeout,
            },
        });
        channels.Add(channel);
        CallInvoker invoker = channel.CreateCallInvoker();
        if (options.Token is { } token)
        {
            var value = "Bearer " + token;
            invoker = invoker.Intercept(metadata =>
            {
                metadata.Add("authorization", value);
                return metadata;
            });
        }

        return new V1.MediaEngine.MediaEngineClient(invoker);
    }

    public void Dispose()
    {
        foreach (var channel in channels)
        {
            channel.Dispose();
        }
    }
}

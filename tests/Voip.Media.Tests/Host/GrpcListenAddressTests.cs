using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using Voip.Media.Control.V1;

namespace Voip.Media.Tests.Host;

/// <summary>Where the gRPC API listens: 127.0.0.1:3005 (the seed's media-service port) unless
/// VOIP_MEDIA_GRPC or --grpc (which wins) say otherwise.</summary>
[TestFixture]
[Category("Interop")]
public sealed class GrpcListenAddressTests
{
    [Test]
    public async Task DefaultIsLoopbackPort3005()
    {
        // Probe the port first: another engine on this machine (a developer's `make run`) must turn
        // this into a skip with a reason, not a failure.
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, 3005);
            probe.Start();
            probe.Stop();
        }
        catch (SocketException ex)
        {
            Assert.Ignore($"127.0.0.1:3005 is in use on this machine ({ex.SocketErrorCode}), so the default cannot be started here");
        }

        await using var engine = await EngineRun.StartAsync(["--rtc-port-base", "0", "--shards", "1"]);
        Assert.That(engine.GrpcAddress, Is.EqualTo("http://127.0.0.1:3005"), engine.Output);
        using var channel = GrpcChannel.ForAddress(engine.GrpcAddress!);
        Assert.That((await new MediaEngine.MediaEngineClient(channel).GetEngineInfoAsync(new GetEngineInfoRequest())).DtlsFingerprintSha256, Is.Not.Empty);
    }

    [Test]
    public async Task EnvironmentOverridesDefaultAndFlagOverridesEnvironment()
    {
        await using (var fromEnv = await EngineRun.StartAsync(["--rtc-port-base", "0", "--shards", "1"], new Dictionary<string, string> { ["VOIP_MEDIA_GRPC"] = "127.0.0.1:0" }))
        {
            Assert.That(fromEnv.GrpcAddress, Does.StartWith("http://127.0.0.1:").And.Not.EqualTo("http://127.0.0.1:3005"), fromEnv.Output);
        }

        // The environment names a port that cannot be bound twice; the flag wins, so the engine starts.
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using var fromFlag = await EngineRun.StartAsync(
            ["--grpc", "127.0.0.1:0", "--rtc-port-base", "0", "--shards", "1"],
            new Dictionary<string, string> { ["VOIP_MEDIA_GRPC"] = $"127.0.0.1:{takenPort}" });
        Assert.That(fromFlag.GrpcAddress, Does.StartWith("http://127.0.0.1:").And.Not.EndWith($":{takenPort}"), fromFlag.Output);
    }

    [Test]
    public async Task BadAddressIsRefused()
    {
        await using var engine = await EngineRun.StartAsync(["--grpc", "localhost"]);
        Assert.That(engine.ExitCode, Is.EqualTo(2));
        Assert.That(engine.Output, Does.Contain("is not HOST:PORT"));
    }
}

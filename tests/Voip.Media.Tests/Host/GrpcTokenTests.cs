using Grpc.Core;
using Grpc.Net.Client;
using Voip.Media.Control.V1;

namespace Voip.Media.Tests.Host;

/// <summary>
/// The shared-secret token on the engine's gRPC API (`--grpc-token`): enforced on every call, unary and
/// streaming, engine API and reflection alike, also on loopback once it is set.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class GrpcTokenTests
{
    private const string Token = "s3cret-token-0123456789abcdef";
    private EngineRun _engine = null!;
    private GrpcChannel _channel = null!;
    private MediaEngine.MediaEngineClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _engine = await EngineRun.StartAsync(["--grpc", "127.0.0.1:0", "--rtc-port-base", "0", "--shards", "1", "--grpc-token", Token]);
        Assert.That(_engine.GrpcAddress, Is.Not.Null, _engine.Output);
        _channel = GrpcChannel.ForAddress(_engine.GrpcAddress!);
        _client = new MediaEngine.MediaEngineClient(_channel);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _channel?.Dispose();
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }
    }

    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    [Test]
    public void CallWithoutTokenIsUnauthenticated()
    {
        var ex = Assert.ThrowsAsync<RpcException>(async () => await _client.GetEngineInfoAsync(new GetEngineInfoRequest()));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(ex.Status.Detail, Does.Contain("authorization: Bearer"), "the message should say what to send");
    }

    [TestCase("wrong-token-0123456789abcdef")]
    [TestCase("s3cret-token-0123456789abcde")] // a prefix of the right one
    [TestCase("s3cret-token-0123456789abcdefX")] // the right one plus a character
    [TestCase("")]
    public void CallWithWrongTokenIsUnauthenticated(string token)
    {
        var ex = Assert.ThrowsAsync<RpcException>(async () => await _client.GetEngineInfoAsync(new GetEngineInfoRequest(), Bearer(token)));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
    }

    [Test]
    public void TokenInAnotherSchemeIsUnauthenticated()
    {
        var ex = Assert.ThrowsAsync<RpcException>(async () =>
            await _client.GetEngineInfoAsync(new GetEngineInfoRequest(), new Metadata { { "authorization", "Basic " + Token } }));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
    }

    [Test]
    public async Task CallWithTokenSucceeds()
    {
        var info = await _client.GetEngineInfoAsync(new GetEngineInfoRequest(), Bearer(Token));
        Assert.That(info.DtlsFingerprintSha256, Is.Not.Empty);

        // And the API works beyond a read: create and close a transport.
        var transport = await _client.CreateWebRtcTransportAsync(new CreateWebRtcTransportRequest(), Bearer(Token));
        await _client.CloseTransportAsync(new CloseTransportRequest { TransportId = transport.TransportId }, Bearer(Token));
    }

    [Test]
    public void StreamingCallWithoutTokenIsUnauthenticated()
    {
        using var call = _client.StreamEvents(new StreamEventsRequest());
        var ex = Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
    }

    [Test]
    public async Task ReflectionNeedsTheTokenToo()
    {
        var reflection = new Grpc.Reflection.V1.ServerReflection.ServerReflectionClient(_channel);
        using (var call = reflection.ServerReflectionInfo())
        {
            // The refusal may end the call before the request is written: then the write reports it, else the read.
            var ex = Assert.ThrowsAsync<RpcException>(async () =>
            {
                await call.RequestStream.WriteAsync(new Grpc.Reflection.V1.ServerReflectionRequest { ListServices = "" });
                await call.ResponseStream.MoveNext(CancellationToken.None);
            });
            Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
        }

        var services = await ReflectionTests.ListServicesAsync(_channel, Bearer(Token));
        Assert.That(services, Does.Contain("voip.media.v1.MediaEngine"));
    }

    [Test]
    public async Task TokenFromTheEnvironmentIsEnforced()
    {
        await using var engine = await EngineRun.StartAsync(
            ["--grpc", "127.0.0.1:0", "--rtc-port-base", "0", "--shards", "1"],
            new Dictionary<string, string> { ["VOIP_MEDIA_GRPC_TOKEN"] = Token });
        Assert.That(engine.GrpcAddress, Is.Not.Null, engine.Output);
        using var channel = GrpcChannel.ForAddress(engine.GrpcAddress!);
        var client = new MediaEngine.MediaEngineClient(channel);

        var ex = Assert.ThrowsAsync<RpcException>(async () => await client.GetEngineInfoAsync(new GetEngineInfoRequest()));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That((await client.GetEngineInfoAsync(new GetEngineInfoRequest(), Bearer(Token))).DtlsFingerprintSha256, Is.Not.Empty);
    }

    [Test]
    public async Task WithoutATokenLoopbackStaysOpen()
    {
        await using var engine = await EngineRun.StartAsync(["--grpc", "127.0.0.1:0", "--rtc-port-base", "0", "--shards", "1"]);
        using var channel = GrpcChannel.ForAddress(engine.GrpcAddress!);
        var info = await new MediaEngine.MediaEngineClient(channel).GetEngineInfoAsync(new GetEngineInfoRequest());
        Assert.That(info.DtlsFingerprintSha256, Is.Not.Empty);
    }

    [TestCase("short")]
    [TestCase("has a space in it 0123456789")]
    public async Task WeakTokenIsRefused(string token)
    {
        await using var engine = await EngineRun.StartAsync(["--grpc", "127.0.0.1:0", "--grpc-token", token]);
        Assert.That(engine.GrpcAddress, Is.Null, "the engine should refuse to start");
        Assert.That(engine.ExitCode, Is.EqualTo(2));
        Assert.That(engine.Output, Does.Contain("--grpc-token"));
    }
}

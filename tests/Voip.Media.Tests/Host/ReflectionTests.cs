using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;
using V1 = Grpc.Reflection.V1;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace Voip.Media.Tests.Host;

/// <summary>
/// gRPC server reflection in the shipped AOT binary — what `grpcurl list` / `grpcurl describe` use —
/// driven with Grpc.Reflection's own client over both protocol versions (grpcurl tries v1, then v1alpha).
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class ReflectionTests
{
    private EngineRun _engine = null!;
    private GrpcChannel _channel = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _engine = await EngineRun.StartAsync(["--grpc", "127.0.0.1:0", "--rtc-port-base", "0", "--shards", "1"]);
        Assert.That(_engine.GrpcAddress, Is.Not.Null, _engine.Output);
        _channel = GrpcChannel.ForAddress(_engine.GrpcAddress!);
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

    public static async Task<List<string>> ListServicesAsync(GrpcChannel channel, Metadata? headers = null)
    {
        var client = new V1.ServerReflection.ServerReflectionClient(channel);
        using var call = client.ServerReflectionInfo(headers);
        await call.RequestStream.WriteAsync(new V1.ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.That(await call.ResponseStream.MoveNext(CancellationToken.None), Is.True);
        var response = call.ResponseStream.Current;
        Assert.That(response.MessageResponseCase, Is.EqualTo(V1.ServerReflectionResponse.MessageResponseOneofCase.ListServicesResponse), response.ToString());
        return [.. response.ListServicesResponse.Service.Select(s => s.Name)];
    }

    [Test]
    public async Task ListsTheEngineAndReflectionServices()
    {
        var services = await ListServicesAsync(_channel);
        Assert.That(services, Is.EquivalentTo(new[]
        {
            "voip.media.v1.MediaEngine",
            "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection",
        }));
    }

    [Test]
    public async Task DescribesMediaEngineWithAllItsFiles()
    {
        var client = new V1.ServerReflection.ServerReflectionClient(_channel);
        using var call = client.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new V1.ServerReflectionRequest { FileContainingSymbol = "voip.media.v1.MediaEngine" });
        Assert.That(await call.ResponseStream.MoveNext(CancellationToken.None), Is.True);
        var response = call.ResponseStream.Current;
        Assert.That(response.MessageResponseCase, Is.EqualTo(V1.ServerReflectionResponse.MessageResponseOneofCase.FileDescriptorResponse), response.ToString());

        // The server sends the file and its imports; together they must build a descriptor set that
        // resolves (what grpcurl does before it can print or call anything).
        var files = response.FileDescriptorResponse.FileDescriptorProto.ToList();
        var protos = files.Select(FileDescriptorProto.Parser.ParseFrom).ToList();
        Assert.That(protos.Select(p => p.Name), Does.Contain("voip/media/v1/engine.proto"));
        var engineFile = protos.Single(p => p.Name == "voip/media/v1/engine.proto");
        var service = engineFile.Service.Single();
        Assert.That(service.Name, Is.EqualTo("MediaEngine"));
        Assert.That(service.Method.Select(m => m.Name), Does.Contain("GetEngineInfo").And.Contain("CreateWebRtcTransport").And.Contain("StreamEvents"));
        Assert.That(service.Method.Single(m => m.Name == "StreamEvents").ServerStreaming, Is.True);

        // Every import is either in this response or fetchable by name.
        var known = protos.Select(p => p.Name).ToHashSet();
        foreach (var dependency in protos.SelectMany(p => p.Dependency).Distinct().Where(d => !known.Contains(d)).ToList())
        {
            await call.RequestStream.WriteAsync(new V1.ServerReflectionRequest { FileByFilename = dependency });
            Assert.That(await call.ResponseStream.MoveNext(CancellationToken.None), Is.True);
            Assert.That(call.ResponseStream.Current.MessageResponseCase, Is.EqualTo(V1.ServerReflectionResponse.MessageResponseOneofCase.FileDescriptorResponse), $"{dependency}: {call.ResponseStream.Current}");
            files.AddRange(call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto);
            known.Add(dependency);
        }

        await call.RequestStream.CompleteAsync();
        var built = FileDescriptor.BuildFromByteStrings(Distinct(files));
        var method = built.SelectMany(f => f.Services).Single(s => s.FullName == "voip.media.v1.MediaEngine").FindMethodByName("CreateWebRtcTransport");
        Assert.That(method.InputType.FullName, Is.EqualTo("voip.media.v1.CreateWebRtcTransportRequest"));
        Assert.That(method.OutputType.Fields.InFieldNumberOrder(), Is.Not.Empty);
    }

    [Test]
    public async Task UnknownSymbolIsNotFound()
    {
        var client = new V1.ServerReflection.ServerReflectionClient(_channel);
        using var call = client.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new V1.ServerReflectionRequest { FileContainingSymbol = "voip.media.v1.NoSuchService" });
        await call.RequestStream.CompleteAsync();
        Assert.That(await call.ResponseStream.MoveNext(CancellationToken.None), Is.True);
        var response = call.ResponseStream.Current;
        Assert.That(response.MessageResponseCase, Is.EqualTo(V1.ServerReflectionResponse.MessageResponseOneofCase.ErrorResponse));
        Assert.That(response.ErrorResponse.ErrorCode, Is.EqualTo((int)StatusCode.NotFound));
    }

    [Test]
    public async Task V1AlphaListsTheEngineToo()
    {
        var client = new V1Alpha.ServerReflection.ServerReflectionClient(_channel);
        using var call = client.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new V1Alpha.ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.That(await call.ResponseStream.MoveNext(CancellationToken.None), Is.True);
        Assert.That(call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name), Does.Contain("voip.media.v1.MediaEngine"));
    }

    /// <summary>BuildFromByteStrings wants each file once, dependencies before dependents.</summary>
    private static List<ByteString> Distinct(List<ByteString> files)
    {
        var byName = new Dictionary<string, (FileDescriptorProto Proto, ByteString Bytes)>();
        foreach (var bytes in files)
        {
            var proto = FileDescriptorProto.Parser.ParseFrom(bytes);
            byName.TryAdd(proto.Name, (proto, bytes));
        }

        var ordered = new List<ByteString>();
        var done = new HashSet<string>();
        void Visit(string name)
        {
            if (!done.Add(name) || !byName.TryGetValue(name, out var file))
            {
                return;
            }

            foreach (var dependency in file.Proto.Dependency)
            {
                Visit(dependency);
            }

            ordered.Add(file.Bytes);
        }

        foreach (var name in byName.Keys)
        {
            Visit(name);
        }

        return ordered;
    }
}

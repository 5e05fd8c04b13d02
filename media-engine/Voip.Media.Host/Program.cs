using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Reflection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Voip.Media.Control;
using Voip.Media.Diagnostics;
using Voip.Media.Host.Registration;
using Voip.Media.Engine;

namespace Voip.Media.Host;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(HostSettings.Usage);
            return 0;
        }

        HostSettings settings;
        try
        {
            settings = HostSettings.Parse(args, Environment.GetEnvironmentVariable);
        }
        catch (SettingsException ex)
        {
            Console.Error.WriteLine($"voip-media: {ex.Message}");
            Console.Error.WriteLine(HostSettings.Usage);
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.SetMinimumLevel(Enum.Parse<LogLevel>(settings.LogLevel, ignoreCase: true));
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        X509Certificate2? tlsCertificate;
        try
        {
            tlsCertificate = settings.GrpcTls ? LoadCertificate(settings.GrpcTlsCertPath!, settings.GrpcTlsKeyPath!) : null;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException)
        {
            Console.Error.WriteLine($"voip-media: cannot load --grpc-tls-cert {settings.GrpcTlsCertPath} / --grpc-tls-key {settings.GrpcTlsKeyPath}: {ex.Message}. Give a PEM certificate and its PEM private key.");
            return 2;
        }

        builder.WebHost.ConfigureKestrel(k =>
            k.Listen(settings.Grpc, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (tlsCertificate is not null)
                {
                    listen.UseHttps(tlsCertificate);
                }
            }));
        builder.Services.AddGrpc(o => o.EnableDetailedErrors = false);
        AddReflection(builder.Services);
        builder.Services.AddSingleton(settings.Engine);
        builder.Services.AddSingleton(sp => new MediaEngine(settings.Engine, sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(sp => new EngineLoadSampler(sp.GetRequiredService<MediaEngine>()));

        var app = builder.Build();
        if (settings.GrpcToken is { } token)
        {
            app.UseMiddleware<GrpcTokenMiddleware>(GrpcTokenMiddleware.HashToken(token));
        }

        app.MapGrpcService<MediaEngineService>();
        app.MapGrpcService<ReflectionV1ServiceImpl>();
        app.MapGrpcService<ReflectionServiceImpl>();

        MediaEngine engine;
        try
        {
            engine = app.Services.GetRequiredService<MediaEngine>();
            engine.Start();
            // Sampling from the start, so the first GetEngineInfo already reports a load.
            app.Services.GetRequiredService<EngineLoadSampler>();
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException)
        {
            Console.Error.WriteLine($"voip-media: cannot listen: {ex.Message}. Is another engine running on these ports? Change --grpc / --rtc-port-base.");
            return 1;
        }

        var grpc = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? settings.Grpc.ToString();
        var rtc = string.Join(",", engine.ShardEndPoints);
        // One machine-readable line for scripts and tests that start the engine.
        Console.WriteLine($"voip-media ready grpc={grpc} rtc={rtc} fingerprint=sha-256/{engine.Certificate.Sha256Fingerprint}");
        Console.Out.Flush();

        Task registration = Task.CompletedTask;
        if (settings.Registration.Enabled)
        {
            var url = (settings.Registration.AdvertiseUrl?.ToString() ?? grpc).TrimEnd('/');
            var registrar = new RedisRegistrar(settings.Registration, url, engine, app.Services.GetRequiredService<EngineLoadSampler>(), app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Voip.Media.Registration"));
            registration = registrar.RunAsync(app.Lifetime.ApplicationStopping);
        }

        await app.WaitForShutdownAsync().ConfigureAwait(false);
        await registration.ConfigureAwait(false);
        engine.Dispose();
        tlsCertificate?.Dispose();
        return 0;
    }

    /// <summary>
    /// gRPC server reflection (grpc.reflection.v1 and v1alpha), so grpcurl and other tools can list and
    /// describe the API without the .proto files. The services it describes are listed here at compile
    /// time rather than discovered by AddGrpcReflection(), which looks each endpoint's descriptor up by
    /// System.Reflection (and carries a trim-unsafe fallback that fails the AOT publish with IL2104).
    /// </summary>
    private static void AddReflection(IServiceCollection services)
    {
        Google.Protobuf.Reflection.ServiceDescriptor[] described =
        [
            Voip.Media.Control.V1.MediaEngine.Descriptor,
            Grpc.Reflection.V1.ServerReflection.Descriptor,
            Grpc.Reflection.V1Alpha.ServerReflection.Descriptor,
        ];
        services.AddSingleton(new ReflectionV1ServiceImpl(described));
        services.AddSingleton(new ReflectionServiceImpl(described));
    }

    private static X509Certificate2 LoadCertificate(string certPath, string keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        // Linux SslStream copes with an ephemeral key; re-import as PKCS#12 anyway so the key is a
        // persisted one on every platform (SslStream on Windows refuses ephemeral keys).
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }
}

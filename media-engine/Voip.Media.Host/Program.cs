using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Voip.Media.Control;
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
        builder.WebHost.ConfigureKestrel(k =>
            k.Listen(settings.Grpc, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.EnableDetailedErrors = false);
        builder.Services.AddSingleton(settings.Engine);
        builder.Services.AddSingleton(sp => new MediaEngine(settings.Engine, sp.GetRequiredService<ILoggerFactory>()));

        var app = builder.Build();
        app.MapGrpcService<MediaEngineService>();

        MediaEngine engine;
        try
        {
            engine = app.Services.GetRequiredService<MediaEngine>();
            engine.Start();
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

        await app.WaitForShutdownAsync().ConfigureAwait(false);
        engine.Dispose();
        return 0;
    }
}

using StackExchange.Redis;

namespace Voip.ControlPlane.Storage.Redis;

/// <summary>The shared multiplexer; connected at start-up so a wrong REDIS_HOST fails fast with a clear message.</summary>
public sealed class RedisConnection(RedisOptions options, ILogger<RedisConnection> logger) : IStoreInitializer, IDependencyCheck, IAsyncDisposable
{
    private IConnectionMultiplexer? multiplexer;

    public string Name => "redis";

    public RedisOptions Options => options;

    public IConnectionMultiplexer Multiplexer => multiplexer ?? throw new InvalidOperationException("Redis is not connected yet");

    public IDatabase Database => Multiplexer.GetDatabase();

    public string Key(string suffix) => options.KeyPrefix + suffix;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (multiplexer is not null)
        {
            return;
        }

        var config = new ConfigurationOptions
        {
            EndPoints = { { options.Host, options.Port } },
            Password = options.Password,
            AbortOnConnectFail = false,
            ConnectTimeout = 5000,
            ClientName = "voip-control-plane",
        };
        var connection = await ConnectionMultiplexer.ConnectAsync(config);
        if (!connection.IsConnected)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException($"Cannot reach Redis at {options.Host}:{options.Port} (REDIS_HOST/REDIS_PORT)");
        }

        multiplexer = connection;
        StorageLog.RedisReady(logger, $"{options.Host}:{options.Port}");
    }

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        if (multiplexer is not { IsConnected: true })
        {
            return false;
        }

        await Database.PingAsync();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (multiplexer is not null)
        {
            await multiplexer.DisposeAsync();
        }
    }
}

using Voip.ControlPlane.Auth;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Storage.Mongo;
using Voip.ControlPlane.Storage.Sqlite;
using Voip.ControlPlane.Users;

namespace Voip.ControlPlane.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The stores for users, refresh tokens and calls: MongoDB when MONGODB_URL is set, else SQLite. Users and
    /// calls are registered behind <see cref="VersionedUserStore"/> / <see cref="VersionedCallStore"/>, which
    /// expire cached history pages on every write.
    /// </summary>
    public static IServiceCollection AddVoipStorage(this IServiceCollection services, StorageOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<CallHistoryVersions>();
        services.AddHostedService<StoreInitializerService>();
        if (options.MongoUrl is not null)
        {
            services.AddSingleton<MongoDatabaseContext>();
            services.AddSingleton<IStoreInitializer>(sp => sp.GetRequiredService<MongoDatabaseContext>());
            services.AddSingleton<IDependencyCheck>(sp => sp.GetRequiredService<MongoDatabaseContext>());
            services.AddSingleton<MongoUserStore>();
            services.AddSingleton<IUserStore>(sp => new VersionedUserStore(sp.GetRequiredService<MongoUserStore>(), sp.GetRequiredService<CallHistoryVersions>()));
            services.AddSingleton<IRefreshTokenStore, MongoRefreshTokenStore>();
            services.AddSingleton<MongoCallStore>();
            services.AddSingleton<ICallStore>(sp => new VersionedCallStore(sp.GetRequiredService<MongoCallStore>(), sp.GetRequiredService<CallHistoryVersions>()));
        }
        else
        {
            services.AddSingleton<SqliteDatabase>();
            services.AddSingleton<IStoreInitializer>(sp => sp.GetRequiredService<SqliteDatabase>());
            services.AddSingleton<IDependencyCheck>(sp => sp.GetRequiredService<SqliteDatabase>());
            services.AddSingleton<SqliteUserStore>();
            services.AddSingleton<IUserStore>(sp => new VersionedUserStore(sp.GetRequiredService<SqliteUserStore>(), sp.GetRequiredService<CallHistoryVersions>()));
            services.AddSingleton<IRefreshTokenStore, SqliteRefreshTokenStore>();
            services.AddSingleton<SqliteCallStore>();
            services.AddSingleton<ICallStore>(sp => new VersionedCallStore(sp.GetRequiredService<SqliteCallStore>(), sp.GetRequiredService<CallHistoryVersions>()));
            services.AddSingleton<ICallHistoryJsonSource>(sp => sp.GetRequiredService<SqliteCallStore>());
        }

        return services;
    }
}

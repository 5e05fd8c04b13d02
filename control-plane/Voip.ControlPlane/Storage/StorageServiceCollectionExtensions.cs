using Voip.ControlPlane.Auth;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Storage.Mongo;
using Voip.ControlPlane.Storage.Sqlite;
using Voip.ControlPlane.Users;

namespace Voip.ControlPlane.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The stores for users, refresh tokens and calls: MongoDB when MONGODB_URL is set, else SQLite.</summary>
    public static IServiceCollection AddVoipStorage(this IServiceCollection services, StorageOptions options)
    {
        services.AddSingleton(options);
        services.AddHostedService<StoreInitializerService>();
        if (options.MongoUrl is not null)
        {
            services.AddSingleton<MongoDatabaseContext>();
            services.AddSingleton<IStoreInitializer>(sp => sp.GetRequiredService<MongoDatabaseContext>());
            services.AddSingleton<IDependencyCheck>(sp => sp.GetRequiredService<MongoDatabaseContext>());
            services.AddSingleton<IUserStore, MongoUserStore>();
            services.AddSingleton<IRefreshTokenStore, MongoRefreshTokenStore>();
            services.AddSingleton<ICallStore, MongoCallStore>();
        }
        else
        {
            services.AddSingleton<SqliteDatabase>();
            services.AddSingleton<IStoreInitializer>(sp => sp.GetRequiredService<SqliteDatabase>());
            services.AddSingleton<IDependencyCheck>(sp => sp.GetRequiredService<SqliteDatabase>());
            services.AddSingleton<IUserStore, SqliteUserStore>();
            services.AddSingleton<IRefreshTokenStore, SqliteRefreshTokenStore>();
            services.AddSingleton<SqliteCallStore>();
            services.AddSingleton<ICallStore>(sp => sp.GetRequiredService<SqliteCallStore>());
        }

        return services;
    }
}

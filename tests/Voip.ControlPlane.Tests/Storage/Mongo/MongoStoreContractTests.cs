using Microsoft.Extensions.Logging.Abstractions;
using Voip.ControlPlane.Storage;
using Voip.ControlPlane.Storage.Mongo;

namespace Voip.ControlPlane.Tests.Storage.Mongo;

/// <summary>The same contract against a real MongoDB, when VOIP_TEST_MONGODB_URL names one.</summary>
[Category("Interop")]
public class MongoStoreContractTests : StoreContractTests
{
    [OneTimeSetUp]
    public async Task SetUpAsync()
    {
        var url = Environment.GetEnvironmentVariable("VOIP_TEST_MONGODB_URL");
        if (string.IsNullOrEmpty(url))
        {
            Assert.Ignore("VOIP_TEST_MONGODB_URL is not set: no MongoDB server can be installed on this machine (TESTING.md); set it to mongodb://host:27017 to run the MongoDB store contract");
        }

        // A fresh database per run so the tests never see old data.
        var builder = new MongoDB.Driver.MongoUrlBuilder(url) { DatabaseName = "voip_test_" + Guid.NewGuid().ToString("N")[..12] };
        var context = new MongoDatabaseContext(new StorageOptions { MongoUrl = builder.ToString() }, NullLogger<MongoDatabaseContext>.Instance);
        await context.InitializeAsync(CancellationToken.None);
        Users = new MongoUserStore(context);
        RefreshTokens = new MongoRefreshTokenStore(context);
        Calls = new MongoCallStore(context);
    }
}

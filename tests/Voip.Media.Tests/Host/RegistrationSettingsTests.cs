namespace Voip.Media.Tests.Host;

/// <summary>The Redis registration flags: what the engine refuses, and why, before it starts anything.</summary>
[TestFixture]
[Category("Interop")]
public sealed class RegistrationSettingsTests
{
    [TestCase("--register-redis", ":6379", "must be HOST or HOST:PORT")]
    [TestCase("--register-redis", "127.0.0.1:99999", "must be a whole number from 1 to 65535")]
    [TestCase("--advertise-url", "ftp://media:3005", "must be an http(s) URL with no path")]
    [TestCase("--advertise-url", "https://media:3005/api", "must be an http(s) URL with no path")]
    [TestCase("--register-interval", "0", "must be a number of seconds")]
    public async Task BadValuesAreRefusedWithTheReason(string option, string value, string reason)
    {
        await using var engine = await EngineRun.StartAsync([option, value, "--grpc", "127.0.0.1:0", "--rtc-port-base", "0", "--shards", "1"]);
        Assert.That(engine.ExitCode, Is.EqualTo(2), engine.Output);
        Assert.That(engine.Output, Does.Contain(reason));
    }

    /// <summary>Control planes elsewhere cannot dial 0.0.0.0: listening on every address needs an advertised URL.</summary>
    [Test]
    public async Task ListeningOnEveryAddress_NeedsAnAdvertisedUrl()
    {
        await using var engine = await EngineRun.StartAsync(
            ["--register-redis", "127.0.0.1", "--grpc", "0.0.0.0:0", "--grpc-token", "0123456789abcdef0123", "--rtc-port-base", "0", "--shards", "1"]);
        Assert.That(engine.ExitCode, Is.EqualTo(2), engine.Output);
        Assert.That(engine.Output, Does.Contain("--advertise-url"));
    }
}

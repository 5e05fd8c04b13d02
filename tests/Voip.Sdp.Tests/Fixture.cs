namespace Voip.Sdp.Tests;

/// <summary>Reads the Chromium SDPs captured under Fixtures/ (see Fixtures/README.md).</summary>
internal static class Fixture
{
    public static readonly string[] All =
    [
        "chromium-audio-video-offer.sdp",
        "chromium-simulcast-offer.sdp",
        "chromium-datachannel-offer.sdp",
        "chromium-answer.sdp",
        "chromium-recvonly-answer.sdp",
    ];

    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", name));
}

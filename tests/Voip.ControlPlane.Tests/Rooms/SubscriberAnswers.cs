using System.Text;

namespace Voip.ControlPlane.Tests.Rooms;

/// <summary>
/// SDP for socket-level room tests without a browser: Chromium's captured publish offer (Voip.Sdp's fixture),
/// and a recvonly answer to a server's subscriber offer shaped as Chromium answers (same sections and mids,
/// the offered codecs, setup:active, our own ICE credentials and a captured fingerprint).
/// </summary>
public static class SubscriberAnswers
{
    public const string Fingerprint = "sha-256 0D:DB:3C:B5:A6:8F:00:88:25:19:77:3F:B2:84:41:D5:75:DD:B3:7E:0F:E1:DD:F5:DC:F5:AD:45:37:56:50:A4";

    public static string PublishOffer { get; } = File.ReadAllText(Path.Combine(RepoRoot(), "tests", "Voip.Sdp.Tests", "Fixtures", "chromium-audio-video-offer.sdp"));

    public static string AnswerTo(string offer)
    {
        var answer = new StringBuilder("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        var sections = offer.Split("\r\nm=");
        foreach (var line in Lines(sections[0]))
        {
            if (line.StartsWith("a=group:", StringComparison.Ordinal))
            {
                answer.Append(line).Append("\r\n");
            }
        }

        answer.Append("a=msid-semantic: WMS\r\n");
        foreach (var section in sections.Skip(1))
        {
            var lines = Lines("m=" + section).ToList();
            var m = lines[0].Split(' ');
            var closed = m[1] == "0";
            answer.Append(m[0]).Append(' ').Append(closed ? "0" : "9").Append(' ').Append(string.Join(' ', m.Skip(2))).Append("\r\n");
            answer.Append("c=IN IP4 0.0.0.0\r\n");
            foreach (var line in lines.Where(l => l.StartsWith("a=mid:", StringComparison.Ordinal)))
            {
                answer.Append(line).Append("\r\n");
            }

            if (closed)
            {
                continue;
            }

            answer.Append("a=ice-ufrag:tst1\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n");
            answer.Append("a=fingerprint:").Append(Fingerprint).Append("\r\n");
            answer.Append("a=setup:active\r\n");
            answer.Append(lines.Contains("a=inactive") ? "a=inactive\r\n" : "a=recvonly\r\n");
            answer.Append("a=rtcp-mux\r\n");
            foreach (var line in lines.Where(l => l.StartsWith("a=rtpmap:", StringComparison.Ordinal) || l.StartsWith("a=fmtp:", StringComparison.Ordinal) || l.StartsWith("a=rtcp-fb:", StringComparison.Ordinal)))
            {
                answer.Append(line).Append("\r\n");
            }
        }

        return answer.ToString();
    }

    private static IEnumerable<string> Lines(string text) => text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Voip.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Voip.sln not found above " + AppContext.BaseDirectory);
    }
}

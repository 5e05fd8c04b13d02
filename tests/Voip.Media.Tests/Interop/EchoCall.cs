using System.Text.Json;
using Microsoft.Playwright;
using Voip.Media.Control.V1;

namespace Voip.Media.Tests.Interop;

/// <summary>One browser peer connection echoed by the engine: offer from the page, transport and
/// answer from the engine's API, then the page's stats on demand.</summary>
public sealed class EchoCall
{
    private EchoCall(IPage page, int index, string transportId)
    {
        Page = page;
        Index = index;
        TransportId = transportId;
    }

    public IPage Page { get; }

    public int Index { get; }

    public string TransportId { get; }

    public static async Task<EchoCall> StartAsync(IPage page, MediaEngine.MediaEngineClient engine, SrtpProfile? profile = null, Func<string, string>? tamperFingerprint = null, int videoWidth = 640)
    {
        var created = await page.EvaluateAsync<JsonElement>("w => createCall(w, w * 9 / 16)", videoWidth);
        int index = created[0].GetInt32();
        string offer = created[1].GetString()!;

        var request = new CreateWebRtcTransportRequest();
        if (profile is { } p)
        {
            request.SrtpProfiles.Add(p);
        }

        var transport = await engine.CreateWebRtcTransportAsync(request);
        var answer = EchoAnswer.Build(offer, transport);
        var connect = new ConnectWebRtcTransportRequest
        {
            TransportId = transport.TransportId,
            DtlsParameters = new DtlsParameters { Role = DtlsRole.Client },
            RemoteUsernameFragment = answer.RemoteUfrag,
            RemotePassword = answer.RemotePassword,
        };
        connect.DtlsParameters.Fingerprints.Add(new DtlsFingerprint
        {
            Algorithm = answer.RemoteFingerprintAlgorithm,
            Value = tamperFingerprint is null ? answer.RemoteFingerprint : tamperFingerprint(answer.RemoteFingerprint),
        });
        await engine.ConnectWebRtcTransportAsync(connect);

        var echo = new SetTransportEchoRequest { TransportId = transport.TransportId };
        echo.Streams.AddRange(answer.Streams);
        await engine.SetTransportEchoAsync(echo);

        await page.EvaluateAsync("([i, sdp]) => setAnswer(i, sdp)", new object[] { index, answer.Sdp });
        return new EchoCall(page, index, transport.TransportId);
    }

    public async Task<CallStats> GetStatsAsync()
    {
        var s = await Page.EvaluateAsync<JsonElement>("i => callStats(i)", Index);
        return new CallStats(
            s.GetProperty("dtlsState").GetString() ?? "",
            s.GetProperty("iceState").GetString() ?? "",
            s.GetProperty("framesDecoded").GetInt32(),
            s.GetProperty("audioPacketsReceived").GetInt32(),
            s.GetProperty("videoPacketsReceived").GetInt32(),
            s.GetProperty("srtpCipher").GetString() ?? "",
            s.GetProperty("frameWidth").GetInt32());
    }

    /// <summary>Polls until <paramref name="done"/> holds or the time is up; returns the last stats.</summary>
    public async Task<CallStats> WaitAsync(Func<CallStats, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var stats = await GetStatsAsync();
        while (!done(stats) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            stats = await GetStatsAsync();
        }

        return stats;
    }
}

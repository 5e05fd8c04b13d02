using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Voip.Media.Srtp;

namespace Voip.LoadGen;

/// <summary>
/// The bare C forwarder (bench/floor-forwarder): told the publishers' and subscribers' SRTP keys and
/// addresses on stdin, it forwards the same packets as the engine with the least work possible.
/// </summary>
internal sealed partial class FloorProcess : IDisposable
{
    private readonly ChildProcess _child;

    private FloorProcess(ChildProcess child, int port)
    {
        _child = child;
        EndPoint = new IPEndPoint(IPAddress.Loopback, port);
    }

    public IPEndPoint EndPoint { get; }

    public int Pid => _child.Pid;

    public static async Task<FloorProcess> StartAsync(string binary)
    {
        var child = ChildProcess.Start(binary, [], redirectInput: true);
        try
        {
            var ready = await child.WaitForLineAsync(ReadyLine(), TimeSpan.FromSeconds(10));
            return new FloorProcess(child, int.Parse(ready.Groups[1].Value, CultureInfo.InvariantCulture));
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    /// <summary>Packets from <paramref name="ssrc"/> are decrypted with the publisher's sending keys.</summary>
    public void AddPublisher(uint ssrc, SrtpKeyingMaterial publisherKeys) =>
        _child.Input.WriteLine($"pub {ssrc:x8} {Convert.ToHexString(publisherKeys.LocalMasterKey)} {Convert.ToHexString(publisherKeys.LocalMasterSalt)}");

    /// <summary>
    /// Copies of <paramref name="publisherSsrc"/> go to <paramref name="to"/> as <paramref name="outSsrc"/>,
    /// encrypted with the keys the subscriber expects from the engine (a distinct SSRC keeps the GCM IVs apart).
    /// </summary>
    public void AddSubscriber(uint publisherSsrc, IPEndPoint to, uint outSsrc, SrtpKeyingMaterial subscriberKeys) =>
        _child.Input.WriteLine($"sub {publisherSsrc:x8} {to.Address} {to.Port} {outSsrc:x8} {Convert.ToHexString(subscriberKeys.RemoteMasterKey)} {Convert.ToHexString(subscriberKeys.RemoteMasterSalt)}");

    public async Task GoAsync()
    {
        var configured = _child.WaitForLineAsync(ConfiguredLine(), TimeSpan.FromSeconds(10));
        await _child.Input.WriteLineAsync("go");
        await _child.Input.FlushAsync();
        await configured;
    }

    /// <summary>The forwarder's own count of packets it handed to sendmmsg.</summary>
    public async Task<long> ForwardedAsync()
    {
        var stats = _child.WaitForLineAsync(StatsLine(), TimeSpan.FromSeconds(5));
        await _child.Input.WriteLineAsync("stats");
        await _child.Input.FlushAsync();
        Match match;
        try
        {
            match = await stats;
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("the floor forwarder did not answer 'stats'; its output:\n" + _child.Log);
        }

        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    public string Log => _child.Log;

    public void Dispose() => _child.Dispose();

    [GeneratedRegex(@"floor ready port=(\d+)")]
    private static partial Regex ReadyLine();

    [GeneratedRegex(@"floor configured")]
    private static partial Regex ConfiguredLine();

    [GeneratedRegex(@"floor stats received=\d+ forwarded=(\d+)")]
    private static partial Regex StatsLine();
}

using System.Diagnostics;
using System.Globalization;

namespace Voip.Media.Tests.Interop.Room;

/// <summary>
/// FFmpeg's VP8 decoder (Debian <c>ffmpeg</c>, installed by scripts/install-deps.sh) as an independent check
/// that frames a non-decoding peer (werift) reassembled really are video: ffprobe decodes every frame of an
/// IVF file and reports how many it decoded and their size.
/// </summary>
public static class Vp8Decoder
{
    public const string FfprobePath = "/usr/bin/ffprobe";

    public static async Task<Vp8DecodeResult> DecodeIvfAsync(string path)
    {
        if (!File.Exists(FfprobePath))
        {
            Assert.Fail($"{FfprobePath} is missing: apt-get install -y ffmpeg (make deps installs it)");
        }

        var start = new ProcessStartInfo(FfprobePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames,width,height", "-of", "default=noprint_wrappers=1", path })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.That(process.ExitCode, Is.EqualTo(0), $"ffprobe {path}: {await stderr}");

        var values = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => kv[1]);
        int Get(string key) => values.TryGetValue(key, out var v) && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : -1;
        return new Vp8DecodeResult(Get("nb_read_frames"), Get("width"), Get("height"), (await stderr).Trim());
    }
}

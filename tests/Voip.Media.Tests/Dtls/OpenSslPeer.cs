using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Voip.Media.Dtls;

namespace Voip.Media.Tests.Dtls;

/// <summary>Runs <c>openssl s_client</c> / <c>s_server</c> as a DTLS peer and collects its output.</summary>
internal sealed partial class OpenSslPeer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private OpenSslPeer(string arguments)
    {
        var start = new ProcessStartInfo(Executable!, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Full path of openssl, or null when it is not installed.</summary>
    public static string? Executable { get; } = FindOnPath("openssl");

    public string Output
    {
        get
        {
            lock (_gate)
                return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    public static OpenSslPeer Start(string arguments) => new(arguments);

    /// <summary>Closes stdin: s_client then shuts the connection down (close_notify) and exits.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Waits until the output matches <paramref name="pattern"/>; returns group 1, or null on timeout.</summary>
    public async Task<string?> WaitForAsync(Regex pattern, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            Match m = pattern.Match(Output);
            if (m.Success)
                return m.Groups[1].Value;
            await Task.Delay(20);
        }
        return null;
    }

    public static Regex KeyingMaterial => KeyingMaterialRegex();

    public static Regex SrtpProfile => SrtpProfileRegex();

    /// <summary>Makes a throwaway P-256 certificate + key with openssl; returns the paths and its fingerprint.</summary>
    public static (string Cert, string Key, DtlsFingerprint Fingerprint) MakeCertificate(string directory)
    {
        string cert = Path.Combine(directory, "cert.pem");
        string key = Path.Combine(directory, "key.pem");
        using var p = Process.Start(new ProcessStartInfo(Executable!,
            $"req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout {key} -out {cert} -days 1 -subj /CN=openssl-interop")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException("openssl req failed: " + err);

        string pem = File.ReadAllText(cert);
        string base64 = Regex.Replace(pem, "-----[^-]+-----|\\s", string.Empty);
        return (cert, key, DtlsFingerprint.FromCertificate(Convert.FromBase64String(base64)));
    }

    public static byte[] ParseHex(string hex) => Convert.FromHexString(hex.Trim());

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_gate)
            _output.AppendLine(line);
    }

    private static string? FindOnPath(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(2000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"Keying material:\s*([0-9A-Fa-f]+)")]
    private static partial Regex KeyingMaterialRegex();

    [GeneratedRegex(@"SRTP Extension negotiated, profile=(\S+)")]
    private static partial Regex SrtpProfileRegex();
}

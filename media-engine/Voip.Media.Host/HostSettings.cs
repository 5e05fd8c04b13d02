using System.Globalization;
using System.Net;
using Voip.Media.Engine;
using Voip.Media.Srtp;

namespace Voip.Media.Host;

/// <summary>
/// The engine's settings from environment variables (VOIP_MEDIA_*) overridden by command-line
/// flags. Every setting has a default that runs on one machine; every bad value is refused with
/// a message naming the setting and what it accepts.
/// </summary>
public sealed class HostSettings
{
    public const string Usage = """
        usage: voip-media [options]
          --grpc HOST:PORT         gRPC control API (env VOIP_MEDIA_GRPC, default 127.0.0.1:3005; port 0 = any).
                                   A non-loopback address needs --grpc-tls-cert, --grpc-tls-key and --grpc-token.
          --grpc-tls-cert FILE     PEM certificate (chain) for the gRPC API (env VOIP_MEDIA_GRPC_TLS_CERT)
          --grpc-tls-key FILE      PEM private key of that certificate (env VOIP_MEDIA_GRPC_TLS_KEY)
          --grpc-token SECRET      shared secret every call must send as `authorization: Bearer SECRET`
                                   (env VOIP_MEDIA_GRPC_TOKEN; enforced on loopback too when set)
          --rtc-ip IP              UDP bind address for media (env VOIP_MEDIA_RTC_IP, default 127.0.0.1)
          --announced-ip IP        address put in ICE candidates (env VOIP_MEDIA_ANNOUNCED_IP, default the bind address)
          --rtc-port-base PORT     shard i listens on PORT+i (env VOIP_MEDIA_RTC_PORT_BASE, default 40000; 0 = any)
          --shards N               packet threads / UDP ports (env VOIP_MEDIA_SHARDS, default: one per core)
          --consent-timeout SEC    close a transport after SEC s without a valid ICE check (env VOIP_MEDIA_CONSENT_TIMEOUT, default 30)
          --dtls-timeout SEC       DTLS handshake timeout (env VOIP_MEDIA_DTLS_TIMEOUT, default 10)
          --srtp-profiles LIST     preference order, comma-separated of aes128gcm,aes256gcm,aes128cm
                                   (env VOIP_MEDIA_SRTP_PROFILES, default aes128gcm,aes256gcm,aes128cm)
          --max-transports N       (env VOIP_MEDIA_MAX_TRANSPORTS, default 10000)
          --log-level LEVEL        Trace|Debug|Information|Warning|Error (env VOIP_MEDIA_LOG_LEVEL, default Information)
          --register-redis HOST[:PORT]  announce this engine and its load to control planes through Redis
                                   (env VOIP_MEDIA_REGISTER_REDIS; default off: control planes use MEDIA_ENGINES)
          --register-redis-password PW  (env VOIP_MEDIA_REGISTER_REDIS_PASSWORD)
          --register-key-prefix P  the control plane's REDIS_KEY_PREFIX (env VOIP_MEDIA_REGISTER_KEY_PREFIX, default voip:)
          --register-interval SEC  heartbeat period; the entry expires after three (env VOIP_MEDIA_REGISTER_INTERVAL, default 2)
          --advertise-url URL      gRPC URL control planes dial (env VOIP_MEDIA_ADVERTISE_URL; default from --grpc,
                                   e.g. http://127.0.0.1:3005; required when --grpc listens on 0.0.0.0 or ::)
        """;

    public IPEndPoint Grpc { get; private set; } = new(IPAddress.Loopback, 3005);

    /// <summary>PEM certificate for TLS on the gRPC listener; null = plaintext (loopback only).</summary>
    public string? GrpcTlsCertPath { get; private set; }

    /// <summary>PEM private key for <see cref="GrpcTlsCertPath"/>.</summary>
    public string? GrpcTlsKeyPath { get; private set; }

    /// <summary>Shared secret every gRPC call must present; null = no token check (loopback only).</summary>
    public string? GrpcToken { get; private set; }

    public bool GrpcTls => GrpcTlsCertPath is not null;

    public string LogLevel { get; private set; } = "Information";

    public MediaEngineOptions Engine { get; } = new();

    public Registration.RegistrationSettings Registration { get; } = new();

    public static HostSettings Parse(string[] args, Func<string, string?> env)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in Keys)
        {
            if (env("VOIP_MEDIA_" + key.Replace('-', '_').ToUpperInvariant()) is { Length: > 0 } value)
            {
                values[key] = value;
            }
        }

        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new SettingsException($"unexpected argument '{arg}'");
            }

            string name = arg[2..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }

            if (!Keys.Contains(name))
            {
                throw new SettingsException($"unknown option '--{name}'");
            }

            value ??= i + 1 < args.Length ? args[++i] : throw new SettingsException($"option '--{name}' needs a value");
            values[name] = value;
        }

        var settings = new HostSettings();
        foreach (var (key, value) in values)
        {
            settings.Apply(key, value);
        }

        settings.ValidateRegistration();
        settings.ValidateGrpc();
        try
        {
            settings.Engine.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new SettingsException(ex.Message);
        }

        return settings;
    }

    private static readonly HashSet<string> Keys =
        ["grpc", "grpc-tls-cert", "grpc-tls-key", "grpc-token", "rtc-ip", "announced-ip", "rtc-port-base", "shards", "consent-timeout", "dtls-timeout", "srtp-profiles", "max-transports", "log-level",
         "register-redis", "register-redis-password", "register-key-prefix", "register-interval", "advertise-url"];

    private void Apply(string key, string value)
    {
        switch (key)
        {
            case "grpc":
                if (!IPEndPoint.TryParse(value, out var grpc))
                {
                    throw new SettingsException($"--grpc '{value}' is not HOST:PORT (e.g. 127.0.0.1:3005)");
                }

                Grpc = grpc;
                break;
            case "grpc-tls-cert":
                GrpcTlsCertPath = value;
                break;
            case "grpc-tls-key":
                GrpcTlsKeyPath = value;
                break;
            case "grpc-token":
                GrpcToken = value;
                break;
            case "rtc-ip":
                Engine.RtcListenIp = ParseIp(key, value);
                break;
            case "announced-ip":
                Engine.AnnouncedIp = ParseIp(key, value);
                break;
            case "rtc-port-base":
                Engine.RtcPortBase = ParseInt(key, value, 0, 65535);
                break;
            case "shards":
                Engine.Shards = ParseInt(key, value, 1, 256);
                break;
            case "consent-timeout":
                Engine.ConsentTimeout = TimeSpan.FromSeconds(ParseSeconds(key, value));
                break;
            case "dtls-timeout":
                Engine.DtlsHandshakeTimeout = TimeSpan.FromSeconds(ParseSeconds(key, value));
                break;
            case "srtp-profiles":
                Engine.SrtpProfiles = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseProfile)];
                break;
            case "max-transports":
                Engine.MaxTransports = ParseInt(key, value, 1, 1_000_000);
                break;
            case "log-level":
                if (!Enum.TryParse<Microsoft.Extensions.Logging.LogLevel>(value, ignoreCase: true, out _))
                {
                    throw new SettingsException($"--log-level '{value}': use Trace, Debug, Information, Warning or Error");
                }

                LogLevel = value;
                break;
            case "register-redis":
                ApplyRedis(value);
                break;
            case "register-redis-password":
                Registration.RedisPassword = value;
                break;
            case "register-key-prefix":
                Registration.KeyPrefix = value;
                break;
            case "register-interval":
                Registration.Interval = TimeSpan.FromSeconds(ParseSeconds(key, value));
                break;
            case "advertise-url":
                if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.AbsolutePath != "/")
                {
                    throw new SettingsException($"--advertise-url '{value}' must be an http(s) URL with no path, e.g. https://media-1.example.com:3005");
                }

                Registration.AdvertiseUrl = url;
                break;
        }
    }

    private void ApplyRedis(string value)
    {
        var colon = value.LastIndexOf(':');
        var host = colon > 0 ? value[..colon] : value;
        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            throw new SettingsException($"--register-redis '{value}' must be HOST or HOST:PORT, e.g. 127.0.0.1:6379");
        }

        Registration.RedisHost = host;
        if (colon > 0)
        {
            Registration.RedisPort = ParseInt("register-redis", value[(colon + 1)..], 1, 65535);
        }
    }

    /// <summary>A control plane elsewhere cannot dial "0.0.0.0": an engine listening on every address must say which one to use.</summary>
    private void ValidateRegistration()
    {
        if (Registration.Enabled && Registration.AdvertiseUrl is null && (Grpc.Address.Equals(IPAddress.Any) || Grpc.Address.Equals(IPAddress.IPv6Any)))
        {
            throw new SettingsException($"--register-redis with --grpc {Grpc}: set --advertise-url (VOIP_MEDIA_ADVERTISE_URL) to the URL control planes should dial, e.g. https://media-1.example.com:{Grpc.Port}");
        }
    }

    /// <summary>
    /// Anyone who can reach a non-loopback listener could create transports and read stats, so such a
    /// listener needs both TLS (the token must not cross the network in clear) and the token itself.
    /// On loopback both stay optional: only local processes can connect.
    /// </summary>
    private void ValidateGrpc()
    {
        if ((GrpcTlsCertPath is null) != (GrpcTlsKeyPath is null))
        {
            throw new SettingsException("--grpc-tls-cert and --grpc-tls-key (VOIP_MEDIA_GRPC_TLS_CERT / VOIP_MEDIA_GRPC_TLS_KEY) go together: set both PEM files or neither");
        }

        foreach (var (option, path) in new[] { ("--grpc-tls-cert", GrpcTlsCertPath), ("--grpc-tls-key", GrpcTlsKeyPath) })
        {
            if (path is not null && !File.Exists(path))
            {
                throw new SettingsException($"{option} '{path}': no such file");
            }
        }

        if (GrpcToken is { } token && (token.Length < 16 || token.Any(char.IsWhiteSpace)))
        {
            throw new SettingsException("--grpc-token (VOIP_MEDIA_GRPC_TOKEN) must be at least 16 characters with no whitespace; e.g. `openssl rand -hex 32`");
        }

        if (IPAddress.IsLoopback(Grpc.Address))
        {
            return;
        }

        var missing = new List<string>(3);
        if (GrpcTlsCertPath is null)
        {
            missing.Add("--grpc-tls-cert FILE (VOIP_MEDIA_GRPC_TLS_CERT)");
            missing.Add("--grpc-tls-key FILE (VOIP_MEDIA_GRPC_TLS_KEY)");
        }

        if (GrpcToken is null)
        {
            missing.Add("--grpc-token SECRET (VOIP_MEDIA_GRPC_TOKEN)");
        }

        if (missing.Count > 0)
        {
            throw new SettingsException(
                $"--grpc {Grpc} is not a loopback address, so the control API needs TLS and a shared-secret token; set {string.Join(", ", missing)} — or listen on 127.0.0.1");
        }
    }

    private static SrtpProfile ParseProfile(string name) => name.ToLowerInvariant() switch
    {
        "aes128gcm" or "aead_aes_128_gcm" => SrtpProfile.AeadAes128Gcm,
        "aes256gcm" or "aead_aes_256_gcm" => SrtpProfile.AeadAes256Gcm,
        "aes128cm" or "aes128_cm_hmac_sha1_80" or "aes_cm_128_hmac_sha1_80" => SrtpProfile.Aes128CmHmacSha1_80,
        _ => throw new SettingsException($"--srtp-profiles: unknown profile '{name}'; use aes128gcm, aes256gcm or aes128cm"),
    };

    private static IPAddress ParseIp(string key, string value) =>
        IPAddress.TryParse(value, out var ip) ? ip : throw new SettingsException($"--{key} '{value}' is not an IP address");

    private static int ParseInt(string key, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max
            ? n
            : throw new SettingsException($"--{key} '{value}' must be a whole number from {min} to {max}");

    private static double ParseSeconds(string key, string value) =>
        double.TryParse(value.TrimEnd('s'), NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0 && s <= 3600
            ? s
            : throw new SettingsException($"--{key} '{value}' must be a number of seconds between 0 and 3600 (e.g. 30 or 0.5)");
}

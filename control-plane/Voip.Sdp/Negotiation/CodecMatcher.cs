namespace Voip.Sdp;

/// <summary>
/// Decides whether an offered codec is one the SFU supports: same mime type, clock rate and (audio) channel
/// count, and equal values for the fmtp parameters the capability pins. For H.264 only the profile part of
/// <c>profile-level-id</c> (profile_idc + constraint flags, RFC 6184 §8.1) must match; the level may differ.
/// </summary>
internal static class CodecMatcher
{
    public static RtpCodecCapability? FindCapability(string kind, SdpCodec offered, IReadOnlyList<RtpCodecCapability> capabilities)
    {
        foreach (var cap in capabilities)
        {
            if (Matches(kind, offered, cap))
            {
                return cap;
            }
        }
        return null;
    }

    public static bool Matches(string kind, SdpCodec offered, RtpCodecCapability cap)
    {
        if (!string.Equals(offered.MimeType(kind), cap.MimeType, StringComparison.OrdinalIgnoreCase)
            || offered.ClockRate != cap.ClockRate)
        {
            return false;
        }
        if (kind == "audio" && (offered.Channels ?? 1) != (cap.Channels ?? 1))
        {
            return false;
        }
        foreach (var (name, wanted) in cap.Parameters)
        {
            var value = offered.Parameters.TryGetValue(name, out var v) ? v : DefaultValue(name);
            var equal = name == "profile-level-id"
                ? value is { Length: 6 } && wanted.Length == 6 && value.AsSpan(0, 4).Equals(wanted.AsSpan(0, 4), StringComparison.OrdinalIgnoreCase)
                : string.Equals(value, wanted, StringComparison.OrdinalIgnoreCase);
            if (!equal)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Values that apply when the parameter is absent (RFC 6184 §8.1, VP9 and AV1 RTP payload specs).</summary>
    private static string? DefaultValue(string name) => name switch
    {
        "packetization-mode" => "0",
        "profile-id" => "0",
        "profile" => "0",
        "profile-level-id" => "42001f",
        _ => null,
    };
}

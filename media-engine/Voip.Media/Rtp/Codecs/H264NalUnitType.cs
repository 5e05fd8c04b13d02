namespace Voip.Media.Rtp.Codecs;

/// <summary>The NAL unit types the SFU looks at (H.264 Table 7-1, RFC 6184 §5.2).</summary>
public enum H264NalUnitType : byte
{
    NonIdrSlice = 1,
    IdrSlice = 5,
    Sei = 6,
    SequenceParameterSet = 7,
    PictureParameterSet = 8,
    AccessUnitDelimiter = 9,

    /// <summary>Single-time aggregation packet (RFC 6184 §5.7.1).</summary>
    StapA = 24,
    StapB = 25,
    Mtap16 = 26,
    Mtap24 = 27,

    /// <summary>Fragmentation unit (RFC 6184 §5.8).</summary>
    FuA = 28,
    FuB = 29,
}

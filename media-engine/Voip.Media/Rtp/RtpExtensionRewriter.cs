
namespace Voip.Media.Rtp;

/// <summary>
/// Maps a producer's header-extension ids to a consumer's (the ids each side negotiated in SDP,
/// RFC 8285 §5) and strips the elements the consumer did not negotiate. An id map is indexed by the
/// incoming id (15 entries suffice for one-byte form, 256 for two-byte); a 0 entry, or an id past the
/// map's end, means "strip".
/// </summary>
public static class RtpExtensionRewriter
{
    /// <summary>
    /// Rewrites ids in place. A stripped element is zeroed, which turns each of its bytes into a padding
    /// byte (§4.2, §4.3), so the block keeps its size. One-byte blocks can only take new ids 1..14.
    /// </summary>
    public static RtpExtensionResult RewriteInPlace(Span<byte> body, bool twoByte, ReadOnlySpan<byte> idMap)
    {
        var reader = new RtpExtensionReader(body, twoByte);
        while (reader.TryRead(out RtpExtension e))
        {
            int offset = reader.ElementOffset;
            int headerSize = twoByte ? 2 : 1;
            byte mapped = e.Id < idMap.Length ? idMap[e.Id] : (byte)0;
            if (mapped == 0)
            {
                body.Slice(offset, headerSize + e.Data.Length).Clear();
            }
            else if (twoByte)
            {
                body[offset] = mapped;
            }
            else
            {
                if (mapped > 14)
                {
                    return RtpExtensionResult.IdOutOfRange;
                }

                body[offset] = (byte)((mapped << 4) | (body[offset] & 0x0F));
            }
        }

        return reader.Result;
    }

    /// <summary>
    /// Rebuilds an extension block — preamble, kept elements with new ids, zero padding — into
    /// <paramref name="destination"/>. The output uses the one-byte form when every kept element fits it,
    /// else the two-byte form. <paramref name="written"/> is 0 when nothing is kept (the caller clears X).
    /// Needs at most 4 + 2 × body.Length + 3 bytes.
    /// </summary>
    public static RtpExtensionResult Rebuild(ReadOnlySpan<byte> body, bool twoByte, ReadOnlySpan<byte> idMap, Span<byte> destination, out int written)
    {
        written = 0;
        bool anyKept = false;
        bool needTwoByte = false;
        var reader = new RtpExtensionReader(body, twoByte);
        while (reader.TryRead(out RtpExtension e))
        {
            byte mapped = e.Id < idMap.Length ? idMap[e.Id] : (byte)0;
            if (mapped != 0)
            {
                anyKept = true;
                needTwoByte |= !RtpExtensionWriter.FitsOneByte(mapped, e.Data.Length);
            }
        }

        if (reader.Result != RtpExtensionResult.Ok)
        {
            return reader.Result;
        }

        if (!anyKept)
        {
            return RtpExtensionResult.Ok;
        }

        var writer = new RtpExtensionWriter(destination, needTwoByte);
        reader = new RtpExtensionReader(body, twoByte);
        while (reader.TryRead(out RtpExtension e))
        {
            byte mapped = e.Id < idMap.Length ? idMap[e.Id] : (byte)0;
            if (mapped != 0 && !writer.TryAdd(mapped, e.Data))
            {
                return RtpExtensionResult.DestinationTooSmall;
            }
        }

        return writer.TryFinish(out written) ? RtpExtensionResult.Ok : RtpExtensionResult.DestinationTooSmall;
    }

    /// <summary>
    /// Copies a packet's fixed header and CSRCs to <paramref name="destination"/> and appends the rebuilt
    /// extension block (X cleared when nothing is kept, or when the source's profile is unknown — an
    /// opaque block cannot be filtered). <paramref name="headerLength"/> is where the payload goes.
    /// </summary>
    public static RtpExtensionResult RewriteHeader(RtpHeader header, ReadOnlySpan<byte> idMap, Span<byte> destination, out int headerLength)
    {
        headerLength = 0;
        int fixedAndCsrcs = RtpHeader.FixedLength + (4 * header.CsrcCount);
        if (destination.Length < fixedAndCsrcs)
        {
            return RtpExtensionResult.DestinationTooSmall;
        }

        header.Packet.Slice(0, fixedAndCsrcs).CopyTo(destination);
        int extensionLength = 0;
        if (header.IsOneByteExtension || header.IsTwoByteExtension)
        {
            RtpExtensionResult r = Rebuild(header.ExtensionBody, header.IsTwoByteExtension, idMap, destination.Slice(fixedAndCsrcs), out extensionLength);
            if (r != RtpExtensionResult.Ok)
            {
                return r;
            }
        }

        destination[0] = (byte)((destination[0] & ~0x10) | (extensionLength > 0 ? 0x10 : 0));
        headerLength = fixedAndCsrcs + extensionLength;
        return RtpExtensionResult.Ok;
    }
}

using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using Voip.Media.Rtp;

namespace Voip.Media.Srtp;

/// <summary>SRTP: RTP packet protection (RFC 3711 §3.1–3.3, RFC 7714 §7–8).</summary>
public sealed partial class SrtpContext
{
    /// <summary>
    /// Protects the RTP packet in <c>buffer[..length]</c> in place and appends the tag; <paramref name="buffer"/>
    /// must have room for <see cref="GetRtpOverhead"/> more bytes.
    /// </summary>
    public SrtpResult ProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        if ((uint)length > (uint)buffer.Length)
        {
            protectedLength = 0;
            return SrtpResult.InvalidArgument;
        }

        return ProtectRtpCore(buffer.Slice(0, length), buffer, out protectedLength);
    }

    /// <summary>
    /// Protects <paramref name="plainPacket"/> into <paramref name="destination"/>: the header is copied and the
    /// payload is encrypted straight into place — for a forwarding SFU the encryption is the copy. The two
    /// spans may be the same memory but must not otherwise overlap.
    /// </summary>
    public SrtpResult ProtectRtp(ReadOnlySpan<byte> plainPacket, Span<byte> destination, out int written)
    {
        if (plainPacket.Overlaps(destination, out int offset) && offset != 0)
        {
            written = 0;
            return SrtpResult.InvalidArgument;
        }

        return ProtectRtpCore(plainPacket, destination, out written);
    }

    private SrtpResult ProtectRtpCore(ReadOnlySpan<byte> src, Span<byte> dst, out int written)
    {
        written = 0;
        RtpParseResult parse = RtpHeader.GetHeaderLength(src, out int headerLength);
        if (parse != RtpParseResult.Ok)
        {
            return parse == RtpParseResult.TooShort ? SrtpResult.TooShort : SrtpResult.Malformed;
        }

        int length = src.Length;
        int total = length + _rtpTagLength;
        if (dst.Length < total)
        {
            return SrtpResult.BufferTooSmall;
        }

        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(src.Slice(2));
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(src.Slice(8));
        int slot = _streams.FindSlot(ssrc, out bool found);
        if (!found)
        {
            if (_streams.IsFull)
            {
                return SrtpResult.TooManySsrcs;
            }

            _streams.Occupy(slot, ssrc);
        }

        // The sender estimates the index the way the receiver will (RFC 3711 §3.3.1) and, like libsrtp,
        // refuses to reuse one unless told the packet is a verbatim retransmission.
        ref SrtpStream stream = ref _streams[slot];
        ulong index = stream.EstimateIndex(seq, out long delta);
        SrtpResult check = stream.RtpWindow.Check(delta);
        if (check != SrtpResult.Ok && !(check == SrtpResult.Replayed && AllowRepeatTransmit))
        {
            return check;
        }

        stream.AcceptRtp(index, delta);

        if (!Unsafe.AreSame(ref MemoryMarshal.GetReference(src), ref MemoryMarshal.GetReference(dst)))
        {
            src.Slice(0, headerLength).CopyTo(dst);
        }

        ReadOnlySpan<byte> payload = src.Slice(headerLength);
        Span<byte> outPayload = dst.Slice(headerLength, payload.Length);
        if (_gcm)
        {
            // RFC 7714 §8: AAD is the whole header, the tag follows the ciphertext.
            _rtpGcm!.Seal(GcmIv(_rtpSalt, ssrc, index), dst.Slice(0, headerLength), payload, outPayload, dst.Slice(length, GcmTagLength));
        }
        else
        {
            Crypto.AesCounterMode.Transform(_rtpCm!, CmIv(_rtpSalt, ssrc, index), payload, outPayload);

            // RFC 3711 §4.2: tag = HMAC(k_a, packet || ROC), truncated to 80 bits.
            Span<byte> mac = stackalloc byte[20];
            Span<byte> roc = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(roc, (uint)(index >> 16));
            _rtpAuth!.Compute(dst.Slice(0, length), roc, mac);
            mac.Slice(0, CmTagLength).CopyTo(dst.Slice(length));
        }

        written = total;
        return SrtpResult.Ok;
    }

    /// <summary>
    /// Verifies and decrypts the SRTP packet in <c>buffer[..length]</c> in place. The replay window is
    /// checked before authentication and updated only after it succeeds (RFC 3711 §3.3). On any result but
    /// <see cref="SrtpResult.Ok"/> the packet must be dropped; its bytes may have been altered.
    /// </summary>
    public SrtpResult UnprotectRtp(Span<byte> buffer, int length, out int plainLength)
    {
        plainLength = 0;
        if ((uint)length > (uint)buffer.Length)
        {
            return SrtpResult.InvalidArgument;
        }

        int tagLength = _rtpTagLength;
        if (length < RtpHeader.FixedLength + tagLength)
        {
            return SrtpResult.TooShort;
        }

        int plain = length - tagLength;
        RtpParseResult parse = RtpHeader.GetHeaderLength(buffer.Slice(0, plain), out int headerLength);
        if (parse != RtpParseResult.Ok)
        {
            return parse == RtpParseResult.TooShort ? SrtpResult.TooShort : SrtpResult.Malformed;
        }

        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(buffer.Slice(2));
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer.Slice(8));
        int slot = _streams.FindSlot(ssrc, out bool found);
        if (!found && _streams.IsFull)
        {
            return SrtpResult.TooManySsrcs;
        }

        // An unknown SSRC is judged against fresh state and only gets a slot once it authenticates,
        // so forged packets cannot fill the table.
        SrtpStream fresh = default;
        ref SrtpStream stream = ref found ? ref _streams[slot] : ref fresh;
        ulong index = stream.EstimateIndex(seq, out long delta);
        SrtpResult check = stream.RtpWindow.Check(delta);
        if (check != SrtpResult.Ok)
        {
            return check;
        }

        Span<byte> payload = buffer.Slice(headerLength, plain - headerLength);
        if (_gcm)
        {
            if (!_rtpGcm!.Open(GcmIv(_rtpSalt, ssrc, index), buffer.Slice(0, headerLength), payload, payload, buffer.Slice(plain, GcmTagLength)))
            {
                return SrtpResult.AuthenticationFailed;
            }
        }
        else
        {
            Span<byte> mac = stackalloc byte[20];
            Span<byte> roc = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(roc, (uint)(index >> 16));
            _rtpAuth!.Compute(buffer.Slice(0, plain), roc, mac);
            if (!CryptographicOperations.FixedTimeEquals(mac.Slice(0, CmTagLength), buffer.Slice(plain, CmTagLength)))
            {
                return SrtpResult.AuthenticationFailed;
            }

            Crypto.AesCounterMode.Transform(_rtpCm!, CmIv(_rtpSalt, ssrc, index), payload, payload);
        }

        if (!found)
        {
            _streams.Occupy(slot, ssrc);
            stream = ref _streams[slot];
        }

        stream.AcceptRtp(index, delta);
        plainLength = plain;
        return SrtpResult.Ok;
    }
}

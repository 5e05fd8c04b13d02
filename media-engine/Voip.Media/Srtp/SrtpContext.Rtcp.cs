using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Voip.Media.Rtcp;

namespace Voip.Media.Srtp;

/// <summary>
/// SRTCP (RFC 3711 §3.4, RFC 7714 §9). The first 8 bytes (header + sender SSRC) stay clear; the rest is
/// encrypted. The trailer word is E (encrypted) || 31-bit SRTCP index:
/// AES-CM: <c>header | ciphertext | E+index | tag(10)</c>, the tag covering everything before it;
/// GCM:    <c>header | ciphertext | tag(16) | E+index</c>, with AAD = header || E+index.
/// </summary>
public sealed partial class SrtpContext
{
    private const uint EBit = 0x8000_0000;
    private const uint MaxSrtcpIndex = 0x7FFF_FFFF;

    /// <summary>Protects the (compound) RTCP packet in <c>buffer[..length]</c> in place, appending index and tag.</summary>
    public SrtpResult ProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if ((uint)length > (uint)buffer.Length)
        {
            return SrtpResult.InvalidArgument;
        }

        if (length < RtcpHeader.Length)
        {
            return SrtpResult.TooShort;
        }

        if (!RtcpHeader.TryParse(buffer.Slice(0, length), out RtcpHeader header))
        {
            return SrtpResult.Malformed;
        }

        int total = length + GetRtcpOverhead(Profile);
        if (buffer.Length < total)
        {
            return SrtpResult.BufferTooSmall;
        }

        uint ssrc = header.SenderSsrc;
        int slot = _streams.FindSlot(ssrc, out bool found);
        if (!found)
        {
            if (_streams.IsFull)
            {
                return SrtpResult.TooManySsrcs;
            }

            _streams.Occupy(slot, ssrc);
        }

        ref SrtpStream stream = ref _streams[slot];
        if (stream.RtcpIndex >= MaxSrtcpIndex)
        {
            return SrtpResult.KeyExpired;
        }

        // Like libsrtp, the first SRTCP index sent is 1.
        uint index = ++stream.RtcpIndex;
        uint trailer = EBit | index;
        Span<byte> body = buffer.Slice(RtcpHeader.Length, length - RtcpHeader.Length);
        if (_gcm)
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(length + GcmTagLength), trailer);
            Span<byte> aad = stackalloc byte[RtcpHeader.Length + SrtcpTrailerLength];
            buffer.Slice(0, RtcpHeader.Length).CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad.Slice(RtcpHeader.Length), trailer);
            _rtcpGcm!.Seal(GcmIv(_rtcpSalt, ssrc, index), aad, body, body, buffer.Slice(length, GcmTagLength));
        }
        else
        {
            Crypto.AesCounterMode.Transform(_rtcpCm!, CmIv(_rtcpSalt, ssrc, index), body, body);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(length), trailer);
            Span<byte> mac = stackalloc byte[20];
            _rtcpAuth!.Compute(buffer.Slice(0, length + SrtcpTrailerLength), mac);
            mac.Slice(0, CmTagLength).CopyTo(buffer.Slice(length + SrtcpTrailerLength));
        }

        protectedLength = total;
        return SrtpResult.Ok;
    }

    /// <summary>Verifies and decrypts the SRTCP packet in <c>buffer[..length]</c> in place.</summary>
    public SrtpResult UnprotectRtcp(Span<byte> buffer, int length, out int plainLength)
    {
        plainLength = 0;
        if ((uint)length > (uint)buffer.Length)
        {
            return SrtpResult.InvalidArgument;
        }

        int tagLength = _rtpTagLength;
        if (length < RtcpHeader.Length + SrtcpTrailerLength + tagLength)
        {
            return SrtpResult.TooShort;
        }

        if (!RtcpHeader.TryParse(buffer.Slice(0, length), out RtcpHeader header))
        {
            return SrtpResult.Malformed;
        }

        int plain = length - SrtcpTrailerLength - tagLength;
        int trailerOffset = _gcm ? length - SrtcpTrailerLength : plain;
        uint trailer = BinaryPrimitives.ReadUInt32BigEndian(buffer.Slice(trailerOffset));
        bool encrypted = (trailer & EBit) != 0;
        uint index = trailer & MaxSrtcpIndex;

        uint ssrc = header.SenderSsrc;
        int slot = _streams.FindSlot(ssrc, out bool found);
        if (!found && _streams.IsFull)
        {
            return SrtpResult.TooManySsrcs;
        }

        SrtpStream fresh = default;
        ref SrtpStream stream = ref found ? ref _streams[slot] : ref fresh;
        long delta = (long)index - stream.RtcpIndex;
        SrtpResult check = stream.RtcpWindow.Check(delta);
        if (check != SrtpResult.Ok)
        {
            return check;
        }

        Span<byte> body = buffer.Slice(RtcpHeader.Length, plain - RtcpHeader.Length);
        if (_gcm)
        {
            if (!OpenRtcpGcm(buffer, plain, body, ssrc, index, trailer, encrypted))
            {
                return SrtpResult.AuthenticationFailed;
            }
        }
        else
        {
            Span<byte> mac = stackalloc byte[20];
            _rtcpAuth!.Compute(buffer.Slice(0, plain + SrtcpTrailerLength), mac);
            if (!CryptographicOperations.FixedTimeEquals(mac.Slice(0, CmTagLength), buffer.Slice(plain + SrtcpTrailerLength, CmTagLength)))
            {
                return SrtpResult.AuthenticationFailed;
            }

            if (encrypted)
            {
                Crypto.AesCounterMode.Transform(_rtcpCm!, CmIv(_rtcpSalt, ssrc, index), body, body);
            }
        }

        if (!found)
        {
            _streams.Occupy(slot, ssrc);
            stream = ref _streams[slot];
        }

        stream.AcceptRtcp(index, delta);
        plainLength = plain;
        return SrtpResult.Ok;
    }

    private bool OpenRtcpGcm(Span<byte> buffer, int plain, Span<byte> body, uint ssrc, uint index, uint trailer, bool encrypted)
    {
        Span<byte> tag = stackalloc byte[GcmTagLength];
        buffer.Slice(plain, GcmTagLength).CopyTo(tag);
        if (encrypted)
        {
            Span<byte> aad = stackalloc byte[RtcpHeader.Length + SrtcpTrailerLength];
            buffer.Slice(0, RtcpHeader.Length).CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad.Slice(RtcpHeader.Length), trailer);
            return _rtcpGcm!.Open(GcmIv(_rtcpSalt, ssrc, index), aad, body, body, tag);
        }

        // RFC 7714 §9.2, E = 0: the whole packet and the trailer are AAD and nothing is encrypted. Moving
        // the trailer over the (saved) tag makes the AAD contiguous without copying the packet.
        BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(plain), trailer);
        return _rtcpGcm!.Open(GcmIv(_rtcpSalt, ssrc, index), buffer.Slice(0, plain + SrtcpTrailerLength), default, default, tag);
    }
}

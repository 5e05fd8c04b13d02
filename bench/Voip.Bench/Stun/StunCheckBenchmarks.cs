using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Voip.Media.Ice;
using Voip.Media.Net;
using Voip.Media.Stun;

namespace Voip.Bench.Stun;

/// <summary>
/// One ICE connectivity check as an ICE-lite SFU sees it: a Chromium-shaped Binding request (USERNAME,
/// GOOG-NETWORK-INFO, ICE-CONTROLLING, USE-CANDIDATE, PRIORITY, MESSAGE-INTEGRITY, FINGERPRINT) is parsed,
/// authenticated and answered. The baseline does the same the obvious way (copy + HMACSHA1.HashData +
/// bitwise CRC + fresh arrays).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class StunCheckBenchmarks
{
    private const string LocalUfrag = "SfuUfrag12345678";
    private const string LocalPassword = "SfuPassword0123456789abcdefABCDEF";

    private readonly byte[] _key = Encoding.ASCII.GetBytes(LocalPassword);
    private readonly byte[] _localUfrag = Encoding.ASCII.GetBytes(LocalUfrag);
    private readonly byte[] _response = new byte[IceLiteResponder.MaxResponseLength];
    private readonly UdpEndpoint _from = UdpEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("198.51.100.10"), 40000));
    private byte[] _request = null!;
    private IceLiteResponder _responder = null!;
    private StunIntegrityKey _integrityKey = null!;
    private IncrementalHash _incremental = null!;

    [GlobalSetup]
    public void Setup()
    {
        byte[] buffer = new byte[256];
        var w = new StunWriter(buffer, StunMessageType.BindingRequest, Convert.FromHexString("6a5c3e1f00112233445566aa"));
        w.TryAddUsername(Encoding.ASCII.GetBytes(LocalUfrag + ":Xy9Q"));
        w.TryAddAttribute(0xC057, [0x00, 0x01, 0x00, 0x0a]); // GOOG-NETWORK-INFO
        w.TryAddIceControlling(0x1122334455667788);
        w.TryAddUseCandidate();
        w.TryAddPriority(0x6e7f1eff);
        w.TryAddMessageIntegrity(_key);
        w.TryAddFingerprint();
        _request = buffer[..w.Length];
        _responder = new IceLiteResponder(LocalUfrag, LocalPassword, TimeSpan.FromSeconds(30), 0);
        _integrityKey = new StunIntegrityKey(_key);
        _incremental = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, _key);
        // Both rows must produce a response our parser accepts, or the comparison means nothing.
        byte[] naive = NaiveCheck.Handle(_request, _localUfrag, _key, _from) ?? [];
        int length = FullCheck();
        if (!VerifyIntegrityIncrementalHash() || !VerifyIntegrity() || !VerifyFingerprint())
        {
            throw new InvalidOperationException("benchmark setup: verification rows disagree");
        }

        if (length != 64 || !Verifies(_response[..length]) || !Verifies(naive))
        {
            throw new InvalidOperationException("benchmark setup: check not answered correctly");
        }
    }

    private bool Verifies(byte[] response) =>
        StunMessage.TryParse(response, out StunMessage m, out _) && m.VerifyMessageIntegrity(_key) && m.VerifyFingerprint()
        && m.TryGetXorMappedAddress(out UdpEndpoint mapped) && mapped == _from;

    [GlobalCleanup]
    public void Cleanup()
    {
        _responder.Dispose();
        _integrityKey.Dispose();
        _incremental.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int NaiveFullCheck() => NaiveCheck.Handle(_request, _localUfrag, _key, _from)?.Length ?? 0;

    [Benchmark]
    public int FullCheck()
    {
        _responder.HandleBindingRequest(_request, _from, 1000, _response, out int length);
        return length;
    }

    [Benchmark]
    public bool ParseOnly() => StunMessage.TryParse(_request, out _, out _);

    [Benchmark]
    public bool VerifyIntegrity() => StunMessage.TryParse(_request, out StunMessage m, out _) && m.VerifyMessageIntegrity(_integrityKey);

    /// <summary>The same verification through a reused <see cref="IncrementalHash"/> (OpenSSL), for comparison.</summary>
    [Benchmark]
    public bool VerifyIntegrityIncrementalHash()
    {
        if (!StunMessage.TryParse(_request, out StunMessage m, out _))
        {
            return false;
        }

        int mi = _request.Length - 8 - 24;
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)(mi - 20 + 24));
        _incremental.AppendData(_request.AsSpan(0, 2));
        _incremental.AppendData(length);
        _incremental.AppendData(_request.AsSpan(4, mi - 4));
        Span<byte> mac = stackalloc byte[20];
        _incremental.GetHashAndReset(mac);
        return m.HasMessageIntegrity && CryptographicOperations.FixedTimeEquals(mac, _request.AsSpan(mi + 4, 20));
    }

    [Benchmark]
    public bool VerifyFingerprint() => StunMessage.TryParse(_request, out StunMessage m, out _) && m.VerifyFingerprint();

    [Benchmark]
    public int WriteResponse()
    {
        var w = new StunWriter(_response, StunMessageType.BindingSuccessResponse, _request.AsSpan(8, 12));
        w.TryAddXorMappedAddress(_from);
        w.TryAddMessageIntegrity(_integrityKey);
        w.TryAddFingerprint();
        return w.Length;
    }

    /// <summary>The straightforward way, for comparison: arrays, one-shot HMAC, bit-at-a-time CRC.</summary>
    private static class NaiveCheck
    {
        public static byte[]? Handle(byte[] request, byte[] localUfrag, byte[] key, UdpEndpoint from)
        {
            if (request.Length < 20 || BinaryPrimitives.ReadUInt32BigEndian(request.AsSpan(4)) != StunMessage.MagicCookie)
            {
                return null;
            }

            int username = -1, integrity = -1, fingerprint = -1;
            for (int offset = 20; offset + 4 <= request.Length;)
            {
                ushort type = BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(offset));
                int length = BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(offset + 2));
                if (type == StunAttributeType.Username)
                {
                    username = offset;
                }
                else if (type == StunAttributeType.MessageIntegrity)
                {
                    integrity = offset;
                }
                else if (type == StunAttributeType.Fingerprint)
                {
                    fingerprint = offset;
                }

                offset += 4 + ((length + 3) & ~3);
            }

            if (username < 0 || integrity < 0)
            {
                return null;
            }

            string user = Encoding.UTF8.GetString(request, username + 4, BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(username + 2)));
            if (!user.StartsWith(Encoding.ASCII.GetString(localUfrag) + ":", StringComparison.Ordinal))
            {
                return null;
            }

            if (fingerprint >= 0 && (BitwiseCrc(request.AsSpan(0, fingerprint)) ^ StunCrc32.FingerprintXor)
                != BinaryPrimitives.ReadUInt32BigEndian(request.AsSpan(fingerprint + 4)))
            {
                return null;
            }

            byte[] copy = request[..integrity];
            BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(2), (ushort)(integrity - 20 + 24));
            byte[] mac = HMACSHA1.HashData(key, copy);
            if (!mac.AsSpan().SequenceEqual(request.AsSpan(integrity + 4, 20)))
            {
                return null;
            }

            byte[] response = new byte[64];
            BinaryPrimitives.WriteUInt16BigEndian(response, StunMessageType.BindingSuccessResponse);
            BinaryPrimitives.WriteUInt16BigEndian(response.AsSpan(2), 12 + 24);
            request.AsSpan(4, 16).CopyTo(response.AsSpan(4));
            BinaryPrimitives.WriteUInt32BigEndian(response.AsSpan(20), 0x00200008);
            response[25] = 1;
            BinaryPrimitives.WriteUInt16BigEndian(response.AsSpan(26), (ushort)(from.Port ^ 0x2112));
            byte[] address = from.ToIPEndPoint().Address.GetAddressBytes();
            for (int i = 0; i < 4; i++)
            {
                response[28 + i] = (byte)(address[i] ^ response[4 + i]);
            }

            BinaryPrimitives.WriteUInt32BigEndian(response.AsSpan(32), 0x00080014);
            HMACSHA1.HashData(key, response[..32]).CopyTo(response, 36);
            BinaryPrimitives.WriteUInt16BigEndian(response.AsSpan(2), 12 + 24 + 8);
            BinaryPrimitives.WriteUInt32BigEndian(response.AsSpan(56), 0x80280004);
            BinaryPrimitives.WriteUInt32BigEndian(response.AsSpan(60), BitwiseCrc(response.AsSpan(0, 56)) ^ StunCrc32.FingerprintXor);
            return response;
        }

        private static uint BitwiseCrc(ReadOnlySpan<byte> data)
        {
            uint crc = 0xFFFFFFFF;
            foreach (byte b in data)
            {
                crc ^= b;
                for (int i = 0; i < 8; i++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
                }
            }

            return ~crc;
        }
    }
}

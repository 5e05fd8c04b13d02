namespace Voip.Media.Srtp.Crypto;

/// <summary>
/// The AES key schedule (FIPS-197 §5.2), computed once per session key. It runs in managed code so
/// the hardware path only needs AESENC/AESENCLAST; the S-box is generated rather than tabulated.
/// </summary>
internal static class AesKeyExpansion
{
    private static readonly byte[] SBox = BuildSBox();

    /// <summary>Expands a 16- or 32-byte key into <c>16 × (rounds + 1)</c> bytes; returns the round count.</summary>
    public static int Expand(ReadOnlySpan<byte> key, Span<byte> roundKeys)
    {
        int nk = key.Length / 4;
        if (key.Length != 16 && key.Length != 32)
        {
            throw new ArgumentException("AES key must be 16 or 32 bytes.", nameof(key));
        }

        int rounds = nk + 6;
        int totalWords = 4 * (rounds + 1);
        key.CopyTo(roundKeys);
        byte rcon = 1;
        Span<byte> temp = stackalloc byte[4];
        for (int i = nk; i < totalWords; i++)
        {
            roundKeys.Slice((i - 1) * 4, 4).CopyTo(temp);
            if (i % nk == 0)
            {
                byte t0 = temp[0];
                temp[0] = (byte)(SBox[temp[1]] ^ rcon);
                temp[1] = SBox[temp[2]];
                temp[2] = SBox[temp[3]];
                temp[3] = SBox[t0];
                rcon = (byte)((rcon << 1) ^ ((rcon & 0x80) != 0 ? 0x1B : 0));
            }
            else if (nk > 6 && i % nk == 4)
            {
                for (int j = 0; j < 4; j++)
                {
                    temp[j] = SBox[temp[j]];
                }
            }

            for (int j = 0; j < 4; j++)
            {
                roundKeys[(i * 4) + j] = (byte)(roundKeys[((i - nk) * 4) + j] ^ temp[j]);
            }
        }

        return rounds;
    }

    // Walks the multiplicative group with generator 3 and its inverse in step, so q = p^-1, then applies
    // the FIPS-197 §5.1.1 affine transform.
    private static byte[] BuildSBox()
    {
        var box = new byte[256];
        byte p = 1, q = 1;
        do
        {
            p = (byte)(p ^ (p << 1) ^ ((p & 0x80) != 0 ? 0x1B : 0));
            q ^= (byte)(q << 1);
            q ^= (byte)(q << 2);
            q ^= (byte)(q << 4);
            if ((q & 0x80) != 0)
            {
                q ^= 0x09;
            }

            int x = q ^ Rotl(q, 1) ^ Rotl(q, 2) ^ Rotl(q, 3) ^ Rotl(q, 4);
            box[p] = (byte)(x ^ 0x63);
        }
        while (p != 1);

        box[0] = 0x63;
        return box;
    }

    private static int Rotl(byte x, int s) => ((x << s) | (x >> (8 - s))) & 0xFF;
}

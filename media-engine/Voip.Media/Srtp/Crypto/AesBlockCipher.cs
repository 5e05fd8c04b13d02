using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Voip.Media.Srtp.Crypto;

/// <summary>
/// One AES key, ready for the packet path: expanded round keys for AES-NI, or — where the CPU has no
/// AES instructions — a platform <see cref="Aes"/> used in ECB mode to make counter-mode keystream.
/// </summary>
internal sealed class AesBlockCipher : IDisposable
{
    private RoundKeys _roundKeys;
    private readonly Aes? _portable;

    public AesBlockCipher(ReadOnlySpan<byte> key, bool allowHardware = true)
    {
        Span<byte> expanded = stackalloc byte[16 * 15];
        Rounds = AesKeyExpansion.Expand(key, expanded);
        for (int r = 0; r <= Rounds; r++)
        {
            _roundKeys[r] = Vector128.Create<byte>(expanded.Slice(r * 16, 16));
        }

        CryptographicOperations.ZeroMemory(expanded);
        IsHardware = allowHardware && X86Aes.IsSupported;
        if (!IsHardware)
        {
            _portable = Aes.Create();
            _portable.Key = key.ToArray();
        }
    }

    /// <summary>10 for AES-128, 14 for AES-256.</summary>
    public int Rounds { get; }

    /// <summary>True when AES-NI encrypts blocks; otherwise use <see cref="EncryptBlocksPortable"/>.</summary>
    public bool IsHardware { get; }

    /// <summary>Round key 0; the rest follow contiguously (use <see cref="Unsafe.Add{T}(ref T, int)"/>).</summary>
    public ref Vector128<byte> RoundKeyZero => ref _roundKeys[0];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<byte> EncryptBlock(Vector128<byte> block)
    {
        if (IsHardware)
        {
            ref Vector128<byte> rk = ref _roundKeys[0];
            block ^= rk;
            int last = Rounds;
            for (int r = 1; r < last; r++)
            {
                block = X86Aes.Encrypt(block, Unsafe.Add(ref rk, r));
            }

            return X86Aes.EncryptLast(block, Unsafe.Add(ref rk, last));
        }

        Span<byte> buffer = stackalloc byte[16];
        block.CopyTo(buffer);
        EncryptBlocksPortable(buffer, buffer);
        return Vector128.Create<byte>(buffer);
    }

    /// <summary>ECB-encrypts whole blocks without AES-NI (the fallback path).</summary>
    public void EncryptBlocksPortable(ReadOnlySpan<byte> input, Span<byte> output) =>
        _portable!.EncryptEcb(input, output, PaddingMode.None);

    public void Dispose()
    {
        _roundKeys = default;
        _portable?.Dispose();
    }

    [InlineArray(15)]
    private struct RoundKeys
    {
        private Vector128<byte> _element0;
    }
}

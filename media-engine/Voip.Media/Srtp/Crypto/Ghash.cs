using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Voip.Media.Srtp.Crypto;

/// <summary>
/// GF(2^128) arithmetic for GHASH (NIST SP 800-38D §6.3) with PCLMULQDQ. GCM's bit order is reflected;
/// working on byte-reversed blocks turns it into plain polynomial multiplication whose 255-bit product
/// is shifted left by one and reduced modulo x^128 + x^7 + x^2 + x + 1 (the carry-less multiplication
/// method of Gueron and Kounavis). Products are accumulated unreduced so several blocks share one
/// reduction ("aggregated reduction").
/// </summary>
internal static class Ghash
{
    private static readonly Vector128<byte> ReverseMask =
        Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

    public static bool IsSupported => Pclmulqdq.IsSupported && Ssse3.IsSupported;

    /// <summary>Byte-reverses a block into (and out of) the multiplication domain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Reflect(Vector128<byte> block) => Ssse3.Shuffle(block, ReverseMask).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Unreflect(Vector128<ulong> value) => Ssse3.Shuffle(value.AsByte(), ReverseMask);

    /// <summary>Adds a·b (unreduced, schoolbook) into the lo/mid/hi accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd(
        Vector128<ulong> a, Vector128<ulong> b, ref Vector128<ulong> lo, ref Vector128<ulong> mid, ref Vector128<ulong> hi)
    {
        lo ^= Pclmulqdq.CarrylessMultiply(a, b, 0x00);
        hi ^= Pclmulqdq.CarrylessMultiply(a, b, 0x11);
        mid ^= Pclmulqdq.CarrylessMultiply(a, b, 0x10) ^ Pclmulqdq.CarrylessMultiply(a, b, 0x01);
    }

    /// <summary>Folds the accumulators into one reduced field element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Reduce(Vector128<ulong> lo, Vector128<ulong> mid, Vector128<ulong> hi)
    {
        lo ^= Sse2.ShiftLeftLogical128BitLane(mid, 8);
        hi ^= Sse2.ShiftRightLogical128BitLane(mid, 8);

        // The reflected product is one bit short: shift the 256-bit hi:lo left by one.
        Vector128<uint> lo32 = lo.AsUInt32();
        Vector128<uint> hi32 = hi.AsUInt32();
        Vector128<uint> carryLo = Sse2.ShiftRightLogical(lo32, 31);
        Vector128<uint> carryHi = Sse2.ShiftRightLogical(hi32, 31);
        lo32 = Sse2.ShiftLeftLogical(lo32, 1);
        hi32 = Sse2.ShiftLeftLogical(hi32, 1);
        Vector128<uint> cross = Sse2.ShiftRightLogical128BitLane(carryLo, 12);
        carryHi = Sse2.ShiftLeftLogical128BitLane(carryHi, 4);
        carryLo = Sse2.ShiftLeftLogical128BitLane(carryLo, 4);
        lo32 |= carryLo;
        hi32 |= carryHi | cross;

        // Reduction modulo x^128 + x^7 + x^2 + x + 1, in two phases.
        Vector128<uint> a = Sse2.ShiftLeftLogical(lo32, 31) ^ Sse2.ShiftLeftLogical(lo32, 30) ^ Sse2.ShiftLeftLogical(lo32, 25);
        Vector128<uint> aHigh = Sse2.ShiftRightLogical128BitLane(a, 4);
        a = Sse2.ShiftLeftLogical128BitLane(a, 12);
        lo32 ^= a;
        Vector128<uint> b = Sse2.ShiftRightLogical(lo32, 1) ^ Sse2.ShiftRightLogical(lo32, 2) ^ Sse2.ShiftRightLogical(lo32, 7);
        b ^= aHigh;
        lo32 ^= b;
        return (hi32 ^ lo32).AsUInt64();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Multiply(Vector128<ulong> a, Vector128<ulong> b)
    {
        Vector128<ulong> lo = default, mid = default, hi = default;
        MultiplyAdd(a, b, ref lo, ref mid, ref hi);
        return Reduce(lo, mid, hi);
    }
}

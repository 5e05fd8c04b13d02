using System.Runtime.InteropServices;

namespace Voip.Media.Net.Linux;

/// <summary>Linux <c>struct iovec</c> (uio.h): one scatter/gather buffer.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoVec
{
    public byte* Base;
    public nuint Length;
}

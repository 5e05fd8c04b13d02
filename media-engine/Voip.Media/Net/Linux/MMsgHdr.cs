using System.Runtime.InteropServices;

namespace Voip.Media.Net.Linux;

/// <summary>Linux <c>struct mmsghdr</c>: one entry of a recvmmsg(2)/sendmmsg(2) vector.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MMsgHdr
{
    public MsgHdr Header;

    /// <summary>Bytes received or sent for this entry, filled in by the kernel.</summary>
    public uint Length;
}

using System.Runtime.InteropServices;

namespace Voip.Media.Net.Linux;

/// <summary>
/// Linux <c>struct msghdr</c> (socket.h). Sequential layout gives the same natural-alignment padding
/// as the C compiler (4 bytes after <see cref="NameLength"/> and after <see cref="Flags"/> on LP64).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MsgHdr
{
    public byte* Name;
    public uint NameLength;
    public IoVec* Iov;
    public nuint IovLength;
    public byte* Control;
    public nuint ControlLength;
    public int Flags;
}

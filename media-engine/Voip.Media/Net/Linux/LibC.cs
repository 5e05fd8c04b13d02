using System.Runtime.InteropServices;

namespace Voip.Media.Net.Linux;

/// <summary>
/// The few glibc/musl calls the shard's batched I/O needs. Source-generated (<c>LibraryImport</c>) so
/// Native AOT compiles the stubs ahead of time; all arguments are blittable, so the stubs do not
/// marshal or allocate. <c>SetLastError</c> captures <c>errno</c> for <see cref="Marshal.GetLastPInvokeError"/>.
/// </summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc";

    // socket.h / fcntl.h / poll.h / eventfd.h constants (identical on x86-64 and arm64 Linux).
    public const int MsgTrunc = 0x20;
    public const int MsgDontWait = 0x40;
    public const short PollIn = 0x1;
    public const int EfdNonBlock = 0x800;
    public const int EfdCloExec = 0x80000;
    public const int SolSocket = 1;
    public const int SoSndBufForce = 32;
    public const int SoRcvBufForce = 33;

    // errno values (asm-generic/errno-base.h, errno.h).
    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int ENoBufs = 105;

    [LibraryImport(Library, EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMmsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport(Library, EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMmsg(int fd, MMsgHdr* messages, uint count, int flags);

    [LibraryImport(Library, EntryPoint = "sendto", SetLastError = true)]
    public static partial nint SendTo(int fd, byte* buffer, nuint length, int flags, byte* address, uint addressLength);

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport(Library, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, void* value, uint length);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}

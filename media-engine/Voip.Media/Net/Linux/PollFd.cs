using System.Runtime.InteropServices;

namespace Voip.Media.Net.Linux;

/// <summary>Linux <c>struct pollfd</c> (poll.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short ReturnedEvents;
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Voip.Media.Net.Linux;

namespace Voip.Media.Tests.Net;

/// <summary>The blittable structs must match the LP64 Linux ABI byte for byte.</summary>
public class LinuxInteropLayoutTests
{
    [Test]
    public void StructSizesAndOffsetsMatchLp64Linux()
    {
        if (!OperatingSystem.IsLinux() || IntPtr.Size != 8)
        {
            Assert.Ignore("The layout checked here is 64-bit Linux's.");
        }

        Assert.Multiple(() =>
        {
            Assert.That(Unsafe.SizeOf<IoVec>(), Is.EqualTo(16));
            Assert.That(Unsafe.SizeOf<MsgHdr>(), Is.EqualTo(56));
            Assert.That(Unsafe.SizeOf<MMsgHdr>(), Is.EqualTo(64));
            Assert.That(Unsafe.SizeOf<PollFd>(), Is.EqualTo(8));
            Assert.That(Marshal.OffsetOf<MsgHdr>(nameof(MsgHdr.Iov)).ToInt32(), Is.EqualTo(16));
            Assert.That(Marshal.OffsetOf<MsgHdr>(nameof(MsgHdr.Control)).ToInt32(), Is.EqualTo(32));
            Assert.That(Marshal.OffsetOf<MsgHdr>(nameof(MsgHdr.Flags)).ToInt32(), Is.EqualTo(48));
            Assert.That(Marshal.OffsetOf<MMsgHdr>(nameof(MMsgHdr.Length)).ToInt32(), Is.EqualTo(56));
        });
    }
}

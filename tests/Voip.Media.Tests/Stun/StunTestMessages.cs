using Voip.Media.Stun;

namespace Voip.Media.Tests.Stun;

/// <summary>Builds checks shaped like Chromium's: USERNAME, GOOG-NETWORK-INFO, ICE-CONTROLLING, PRIORITY,
/// optional USE-CANDIDATE, MESSAGE-INTEGRITY, FINGERPRINT.</summary>
internal static class StunTestMessages
{
    public static byte[] ChromeLikeRequest(
        string username,
        byte[] key,
        bool useCandidate = false,
        bool controlling = true,
        bool controlled = false,
        bool integrity = true,
        bool fingerprint = true,
        ushort extraAttribute = 0,
        ushort messageType = StunMessageType.BindingRequest,
        byte[]? transactionId = null)
    {
        transactionId ??= Convert.FromHexString("6a5c3e1f00112233445566aa");
        byte[] buffer = new byte[512];
        var w = new StunWriter(buffer, messageType, transactionId);
        Assert.That(w.TryAddUsername(System.Text.Encoding.UTF8.GetBytes(username)), Is.True);
        Assert.That(w.TryAddAttribute(0xC057, [0x00, 0x01, 0x00, 0x0a]), Is.True); // GOOG-NETWORK-INFO
        if (controlling)
        {
            Assert.That(w.TryAddIceControlling(0x1122334455667788), Is.True);
        }

        if (controlled)
        {
            Assert.That(w.TryAddIceControlled(0x8877665544332211), Is.True);
        }

        if (useCandidate)
        {
            Assert.That(w.TryAddUseCandidate(), Is.True);
        }

        Assert.That(w.TryAddPriority(0x6e7f1eff), Is.True);
        if (extraAttribute != 0)
        {
            Assert.That(w.TryAddAttribute(extraAttribute, [1, 2, 3, 4]), Is.True);
        }

        if (integrity)
        {
            Assert.That(w.TryAddMessageIntegrity(key), Is.True);
        }

        if (fingerprint)
        {
            Assert.That(w.TryAddFingerprint(), Is.True);
        }

        return buffer[..w.Length];
    }
}

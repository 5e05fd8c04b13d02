using Voip.Media.Dtls;
using Voip.Media.Srtp;

namespace Voip.Media.Tests.Dtls;

/// <summary>RFC 5764 §4.2 layout of the exported keying material, and the server's profile choice.</summary>
public class DtlsSrtpProfilesTests
{
    [TestCase(SrtpProfile.Aes128CmHmacSha1_80, 16, 14)]
    [TestCase(SrtpProfile.AeadAes128Gcm, 16, 12)]
    [TestCase(SrtpProfile.AeadAes256Gcm, 32, 12)]
    public void Split_FollowsRfc5764Layout(SrtpProfile profile, int keyLength, int saltLength)
    {
        // client key | server key | client salt | server salt, each byte tagged with its field.
        byte[] exported = [
            .. Enumerable.Repeat((byte)0xC1, keyLength), .. Enumerable.Repeat((byte)0x51, keyLength),
            .. Enumerable.Repeat((byte)0xC5, saltLength), .. Enumerable.Repeat((byte)0x55, saltLength)];
        Assert.That(DtlsSrtpProfiles.ExportLength(profile), Is.EqualTo(exported.Length));

        SrtpKeyingMaterial client = DtlsSrtpProfiles.Split(profile, exported, DtlsRole.Client);
        SrtpKeyingMaterial server = DtlsSrtpProfiles.Split(profile, exported, DtlsRole.Server);

        Assert.That(client.Profile, Is.EqualTo(profile));
        Assert.That(client.LocalMasterKey, Is.EqualTo(Enumerable.Repeat((byte)0xC1, keyLength)));
        Assert.That(client.RemoteMasterKey, Is.EqualTo(Enumerable.Repeat((byte)0x51, keyLength)));
        Assert.That(client.LocalMasterSalt, Is.EqualTo(Enumerable.Repeat((byte)0xC5, saltLength)));
        Assert.That(client.RemoteMasterSalt, Is.EqualTo(Enumerable.Repeat((byte)0x55, saltLength)));
        Assert.That(server.LocalMasterKey, Is.EqualTo(client.RemoteMasterKey));
        Assert.That(server.RemoteMasterKey, Is.EqualTo(client.LocalMasterKey));
        Assert.That(server.LocalMasterSalt, Is.EqualTo(client.RemoteMasterSalt));
        Assert.That(server.RemoteMasterSalt, Is.EqualTo(client.LocalMasterSalt));
    }

    [Test]
    public void Select_TakesFirstOfOurPreferenceThatWasOffered()
    {
        SrtpProfile[] ours = [SrtpProfile.AeadAes256Gcm, SrtpProfile.Aes128CmHmacSha1_80];

        Assert.That(DtlsSrtpProfiles.Select(ours, [0x0001, 0x0007, 0x0008]), Is.EqualTo(SrtpProfile.AeadAes256Gcm));
        Assert.That(DtlsSrtpProfiles.Select(ours, [0x0002, 0x0001]), Is.EqualTo(SrtpProfile.Aes128CmHmacSha1_80));
        Assert.That(DtlsSrtpProfiles.Select(ours, [0x0007, 0x0002]), Is.EqualTo(SrtpProfile.None));
    }
}

namespace Voip.Sdp;

// Reads that combine the session level with a media section: RFC 8839 §5.4 and RFC 8122 §5 let ICE and
// DTLS attributes sit at either level, the media level winning.
public sealed partial class SessionDescription
{
    public IReadOnlyList<GroupAttribute> Groups => FindAll<GroupAttribute>();

    /// <summary>The mids of the first <c>a=group:BUNDLE</c>, or an empty list.</summary>
    public IReadOnlyList<string> BundleMids =>
        Groups.FirstOrDefault(g => g.Semantics == GroupAttribute.Bundle)?.Mids ?? (IReadOnlyList<string>)[];

    public MediaDescription? FindMedia(string mid) => Media.Find(m => m.Mid == mid);

    public IceParameters? GetIceParameters(MediaDescription media)
    {
        var ufrag = media.IceUfrag ?? IceUfrag;
        var pwd = media.IcePwd ?? IcePwd;
        return ufrag is null || pwd is null ? null : new IceParameters(ufrag, pwd, IceLite);
    }

    public DtlsParameters? GetDtlsParameters(MediaDescription media)
    {
        var fingerprints = media.Fingerprints.Count > 0 ? media.Fingerprints : Fingerprints;
        if (fingerprints.Count == 0)
        {
            return null;
        }
        var role = (media.Setup ?? Setup) switch
        {
            SdpSetupRole.Active => DtlsRole.Client,
            SdpSetupRole.Passive => DtlsRole.Server,
            _ => DtlsRole.Auto,
        };
        return new DtlsParameters(role, [.. fingerprints.Select(f => new DtlsFingerprint(f.Algorithm, f.Value))]);
    }

    /// <summary>The section's direction, else the session's, else sendrecv (RFC 8866 §6.7).</summary>
    public SdpDirection GetDirection(MediaDescription media) => media.Direction ?? Direction ?? SdpDirection.SendRecv;

    public IReadOnlyList<IceCandidate> GetCandidates(MediaDescription media) =>
        [.. media.Candidates.Where(c => c.Component == 1).Select(IceCandidate.FromAttribute)];
}

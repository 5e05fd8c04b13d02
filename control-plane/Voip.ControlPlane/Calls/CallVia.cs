namespace Voip.ControlPlane.Calls;

/// <summary>
/// How a 1:1 call's media travels (<c>via</c> on call-user and POST /api/calls/initiate): peer to peer (the seed's
/// flow, the default) or through the media engine, where the accepted call gets a two-person room (recording needs it).
/// </summary>
public static class CallVia
{
    public const string PeerToPeer = "p2p";
    public const string Sfu = "sfu";

    public static bool IsValid(string? value) => value is PeerToPeer or Sfu;
}

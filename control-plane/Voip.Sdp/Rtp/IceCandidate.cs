namespace Voip.Sdp;

/// <summary>An ICE candidate of the SFU or of a browser (RTP component only, since rtcp-mux is required).</summary>
public sealed record IceCandidate(
    string Foundation,
    uint Priority,
    string Address,
    int Port,
    string Protocol = "udp",
    string Type = "host",
    string? TcpType = null)
{
    public static IceCandidate FromAttribute(CandidateAttribute c) =>
        new(c.Foundation, c.Priority, c.Address, c.Port, c.Transport.ToLowerInvariant(), c.Type, c.TcpType);

    public CandidateAttribute ToAttribute(int component = 1) =>
        new(Foundation, component, Protocol, Priority, Address, Port, Type, TcpType: TcpType);
}

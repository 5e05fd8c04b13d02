using System.Text;

namespace Voip.Sdp;

/// <summary><c>a=sendrecv</c> / <c>a=sendonly</c> / <c>a=recvonly</c> / <c>a=inactive</c> (RFC 8866 §6.7).</summary>
public sealed record DirectionAttribute(SdpDirection Direction) : SdpAttribute
{
    public override string Name => Direction.ToSdp();

    public override bool HasValue => false;

    public override void AppendValue(StringBuilder builder)
    {
    }
}

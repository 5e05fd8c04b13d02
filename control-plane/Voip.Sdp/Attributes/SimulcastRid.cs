namespace Voip.Sdp;

/// <summary>One rid in an <c>a=simulcast</c> list; <c>~</c> marks it paused (RFC 8853 §5.1).</summary>
public sealed record SimulcastRid(string Rid, bool Paused = false)
{
    public override string ToString() => Paused ? "~" + Rid : Rid;
}

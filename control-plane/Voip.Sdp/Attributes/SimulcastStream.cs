namespace Voip.Sdp;

/// <summary>One simulcast stream: its rid alternatives, written comma-separated (RFC 8853 §5.1).</summary>
public sealed record SimulcastStream(ValueList<SimulcastRid> Alternatives)
{
    public static SimulcastStream Of(string rid) => new(new ValueList<SimulcastRid>([new SimulcastRid(rid)]));

    public override string ToString() => string.Join(',', Alternatives);
}

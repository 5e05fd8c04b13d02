namespace Voip.Sdp;

/// <summary>
/// One <c>name=value</c> item of an <c>a=fmtp</c> or <c>a=rid</c> parameter list. A bare token (e.g. the
/// <c>111/111</c> of a RED fmtp, RFC 2198) has a null <see cref="Value"/>.
/// </summary>
public sealed record SdpParameter(string Name, string? Value)
{
    public override string ToString() => Value is null ? Name : Name + "=" + Value;
}

using System.Text;

namespace Voip.Sdp;

/// <summary>
/// A property attribute (<c>a=rtcp-mux</c>, <c>a=ice-lite</c>, ...) when <see cref="Value"/> is null, or any
/// value attribute the library does not model (kept verbatim so it round-trips).
/// </summary>
public sealed record GenericAttribute : SdpAttribute
{
    public GenericAttribute(string name, string? value = null)
    {
        AttributeName = name;
        Value = value;
    }

    public string AttributeName { get; init; }

    public string? Value { get; init; }

    public override string Name => AttributeName;

    public override bool HasValue => Value is not null;

    public override void AppendValue(StringBuilder builder) => builder.Append(Value);

    public static GenericAttribute Flag(string name) => new(name);
}

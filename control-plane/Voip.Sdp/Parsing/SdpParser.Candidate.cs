namespace Voip.Sdp;

// candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP priority SP
//     connection-address SP port SP cand-type [SP rel-addr] [SP rel-port] *(SP cand-extension)
// cand-type = "typ" SP candidate-types; rel-addr = "raddr" SP connection-address; rel-port = "rport" SP port;
// cand-extension = extension-att-name SP extension-att-value   (RFC 8839 §5.1; tcptype: RFC 6544 §4.5)
public sealed partial class SdpParser
{
    private const int MaxCandidateExtensions = 32;

    /// <summary>Parses one trickled candidate (<c>candidate:...</c> or <c>a=candidate:...</c>).</summary>
    internal static CandidateAttribute ParseCandidate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new SdpParser { _line = 1 };
        var span = text.AsSpan();
        if (span.Length > SdpLimits.MaxLineLength)
        {
            throw Fail(1, $"candidate is {span.Length} characters long, more than the {SdpLimits.MaxLineLength} allowed");
        }
        if (span.StartsWith("a="))
        {
            span = span[2..];
        }
        if (!span.StartsWith("candidate:"))
        {
            throw Fail(1, "a trickled candidate must start with 'candidate:'");
        }
        return parser.ParseCandidateValue(span["candidate:".Length..].TrimEnd("\r\n"));
    }

    private CandidateAttribute ParseCandidateValue(ReadOnlySpan<char> value)
    {
        var t = new SpanTokenizer(value);
        var foundation = Token(ref t, "a=candidate", "foundation");
        if (foundation.Length > 32 || !IsIceChars(foundation))
        {
            throw Fail($"a=candidate foundation '{Shorten(foundation)}' must be 1 to 32 letters, digits, '+' or '/'");
        }
        var component = Number(Token(ref t, "a=candidate", "component id"), 1, 256, "a=candidate component id");
        var transport = Token(ref t, "a=candidate", "transport");
        if (!IsToken(transport))
        {
            throw Fail($"a=candidate transport '{Shorten(transport)}' is not a token");
        }
        var priority = UInt(Token(ref t, "a=candidate", "priority"), "a=candidate priority");
        var address = Token(ref t, "a=candidate", "address");
        var port = Number(Token(ref t, "a=candidate", "port"), 0, 65535, "a=candidate port");
        if (Token(ref t, "a=candidate", "'typ'") is not "typ")
        {
            throw Fail("a=candidate is missing 'typ' after the port");
        }
        var type = Token(ref t, "a=candidate", "candidate type");
        if (!IsToken(type))
        {
            throw Fail($"a=candidate type '{Shorten(type)}' is not a token");
        }
        var candidate = new CandidateAttribute(foundation.ToString(), component, transport.ToString(), priority,
            address.ToString(), port, type.ToString());
        List<SdpParameter>? extensions = null;
        while (t.Next(out var name))
        {
            if (name.IsEmpty)
            {
                throw Fail("a=candidate has an empty field (two spaces in a row?)");
            }
            var extValue = Token(ref t, "a=candidate", $"value for '{Shorten(name)}'");
            switch (name)
            {
                case "raddr" when candidate.RelatedAddress is null && extensions is null:
                    candidate = candidate with { RelatedAddress = extValue.ToString() };
                    break;
                case "rport" when candidate.RelatedPort is null && extensions is null:
                    candidate = candidate with { RelatedPort = Number(extValue, 0, 65535, "a=candidate rport") };
                    break;
                case "tcptype" when candidate.TcpType is null:
                    if (extValue is not ("active" or "passive" or "so"))
                    {
                        throw Fail($"a=candidate tcptype '{Shorten(extValue)}' is not active, passive or so (RFC 6544 §4.5)");
                    }
                    candidate = candidate with { TcpType = extValue.ToString() };
                    break;
                case "generation" when candidate.Generation is null:
                    candidate = candidate with { Generation = UInt(extValue, "a=candidate generation") };
                    break;
                case "raddr" or "rport" or "tcptype" or "generation":
                    throw Fail($"a=candidate has '{name}' twice or out of order");
                default:
                    if (!IsToken(name))
                    {
                        throw Fail($"a=candidate extension name '{Shorten(name)}' is not a token");
                    }
                    extensions ??= [];
                    if (extensions.Count == MaxCandidateExtensions)
                    {
                        throw Fail($"a=candidate has more than {MaxCandidateExtensions} extensions");
                    }
                    extensions.Add(new SdpParameter(name.ToString(), extValue.ToString()));
                    break;
            }
        }
        return extensions is null ? candidate : candidate with { Extensions = ValueList<SdpParameter>.Wrap([.. extensions]) };
    }
}

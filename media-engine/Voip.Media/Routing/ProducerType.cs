namespace Voip.Media.Routing;

public enum ProducerType : byte
{
    Simple = 1,

    /// <summary>Several encodings of one source (RFC 8853), lowest first; a consumer gets one of them.</summary>
    Simulcast = 2,
}

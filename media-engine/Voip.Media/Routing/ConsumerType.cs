namespace Voip.Media.Routing;

public enum ConsumerType : byte
{
    Simple = 1,

    /// <summary>Consumes one layer of a simulcast producer, switching on key frames.</summary>
    Simulcast = 2,
}

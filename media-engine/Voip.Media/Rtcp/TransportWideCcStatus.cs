namespace Voip.Media.Rtcp;

/// <summary>
/// One packet's status read out of TWCC feedback: its transport-wide sequence number, whether it
/// arrived, its receive delta (in 250 µs ticks) from the previous received packet (or the reference
/// time for the first) and the resulting arrival time in the receiver's clock (−1 when not received).
/// </summary>
public readonly record struct TransportWideCcStatus(
    ushort SequenceNumber,
    TransportWideCcSymbol Symbol,
    int DeltaTicks,
    long ArrivalTimeMicroseconds)
{
    public const int MicrosecondsPerTick = 250;

    public bool Received => Symbol != TransportWideCcSymbol.NotReceived;

    public int DeltaMicroseconds => DeltaTicks * MicrosecondsPerTick;
}

namespace Voip.Media.Rtcp;

/// <summary>A received packet to report in TWCC feedback: its transport-wide sequence number and arrival time (µs, any non-negative time base).</summary>
public readonly record struct TransportWideCcArrival(ushort SequenceNumber, long ArrivalTimeMicroseconds);

namespace Voip.LoadGen;

/// <summary>What one scenario measured over its measurement window.</summary>
internal sealed record ScenarioResult(
    Scenario Scenario,
    double Seconds,
    double OfferedPps,
    double EngineForwardedPps,
    double FloorForwardedPps,
    double EngineCpuUsPerPacket,
    double FloorCpuUsPerPacket,
    double EngineCpuCores,
    double FloorCpuCores,
    double GeneratorCpuCores,
    double P50Us,
    double P99Us,
    long EngineReceived,
    long EngineGaps,
    long EngineBad,
    long FloorReceived,
    long FloorGaps,
    long FloorBad,
    long Unexpected,
    long UnprotectFailures,
    long SendErrors,
    string LoadAverage)
{
    public double Ratio => FloorCpuUsPerPacket > 0 ? EngineCpuUsPerPacket / FloorCpuUsPerPacket : double.NaN;

    /// <summary>The subscribers got (nearly) everything from both forwarders, intact.</summary>
    public bool Verified => EngineReceived > 0 && FloorReceived > 0 && EngineBad == 0 && FloorBad == 0 && Unexpected == 0;
}

namespace Voip.Media.Tests.Interop;

/// <summary>What the page's getStats() summary says about one peer connection.</summary>
public sealed record CallStats(
    string DtlsState,
    string IceState,
    int FramesDecoded,
    int AudioPacketsReceived,
    int VideoPacketsReceived,
    string SrtpCipher,
    int FrameWidth)
{
    public bool HasMedia(int frames, int audioPackets) =>
        DtlsState == "connected" && FramesDecoded > frames && AudioPacketsReceived > audioPackets;
}

namespace Voip.ControlPlane.Tests.Rooms;

/// <summary>
/// A WAV file of a steady tone for Chromium's <c>--use-file-for-fake-audio-capture</c>: its default fake
/// microphone only beeps briefly once a second, which no speaker detector should take for someone talking.
/// </summary>
public static class ToneWav
{
    /// <summary>Writes <paramref name="seconds"/> of a 16-bit mono 48 kHz sine at about −12 dBFS (Chromium loops it).</summary>
    public static void Write(string path, double frequency = 440, int seconds = 3)
    {
        const int rate = 48_000;
        var samples = rate * seconds;
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write("RIFF"u8);
        writer.Write(36 + (samples * 2));
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1); // PCM
        writer.Write((short)1); // mono
        writer.Write(rate);
        writer.Write(rate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(samples * 2);
        for (var i = 0; i < samples; i++)
        {
            writer.Write((short)(Math.Sin(2 * Math.PI * frequency * i / rate) * 8000));
        }
    }
}

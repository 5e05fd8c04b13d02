namespace Voip.Media.Tests.Interop.Room;

/// <summary>What ffprobe decoded from an IVF file: frames, their size (-1 if unknown), and its error output.</summary>
public sealed record Vp8DecodeResult(int FramesDecoded, int Width, int Height, string Errors);

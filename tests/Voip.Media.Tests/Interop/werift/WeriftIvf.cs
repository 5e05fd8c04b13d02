namespace Voip.Media.Tests.Interop.Werift;

/// <summary>What <see cref="WeriftPeer.SaveIvfAsync"/> wrote: complete VP8 frames and the size the key frames declare.</summary>
public sealed record WeriftIvf(int Frames, int Width, int Height);

using V1 = Voip.Media.Control.V1;

namespace Voip.ControlPlane.Media;

/// <summary>Makes the gRPC client of one engine (a seam: tests hand the registry fake engines).</summary>
public interface IMediaEngineClientFactory
{
    V1.MediaEngine.MediaEngineClient Create(Uri address);
}

namespace Voip.ControlPlane.Common;

/// <summary><c>{ success, message }</c>, the seed's style for actions without a result.</summary>
public sealed record SuccessResponse(bool Success, string Message);

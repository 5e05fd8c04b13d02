namespace Voip.ControlPlane.Common;

/// <summary>The error body every endpoint returns: <c>{ "code": "AUTH001", "message": "…" }</c> (seed appendix A).</summary>
public sealed record ApiError(string Code, string Message);

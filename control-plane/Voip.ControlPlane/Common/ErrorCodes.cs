namespace Voip.ControlPlane.Common;

/// <summary>Error codes: the seed's (appendix A) and our own for what the seed leaves open.</summary>
public static class ErrorCodes
{
    // Seed appendix A.
    public const string InvalidCredentials = "AUTH001"; // 401
    public const string TokenExpired = "AUTH002";       // 401
    public const string Forbidden = "AUTH003";          // 403
    public const string UserOffline = "CALL001";        // 404
    public const string UserBusy = "CALL002";           // 409
    public const string CallFailed = "CALL003";         // 500
    public const string MediaUnavailable = "MEDIA001";  // 503
    public const string RecordingFailed = "MEDIA002";   // 500

    // Ours.
    public const string Validation = "VALIDATION001";       // 400: malformed or invalid input
    public const string OperatorInjection = "VALIDATION002"; // 400: $-prefixed keys (NoSQL operator injection)
    public const string RateLimited = "RATE001";            // 429
    public const string NotFound = "NOTFOUND001";           // 404
    public const string EmailTaken = "USER001";             // 409
    public const string MethodNotAllowed = "HTTP405";       // 405
    public const string Internal = "INTERNAL001";           // 500
    public const string Unavailable = "UNAVAILABLE001";     // 503
}

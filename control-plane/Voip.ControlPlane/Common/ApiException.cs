namespace Voip.ControlPlane.Common;

/// <summary>
/// Thrown on the control path to end a request with an <see cref="ApiError"/>; the error middleware turns it
/// into the JSON body and status. Only for request-level failures, never for expected hot-path results.
/// </summary>
public sealed class ApiException(int statusCode, string code, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Code { get; } = code;

    /// <summary>Seconds for a Retry-After header (429), when set.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static ApiException BadRequest(string message) => new(StatusCodes.Status400BadRequest, ErrorCodes.Validation, message);

    public static ApiException NotFound(string message) => new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, message);

    public static ApiException Unauthorized(string message) => new(StatusCodes.Status401Unauthorized, ErrorCodes.InvalidCredentials, message);

    public static ApiException Forbidden(string message) => new(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, message);
}

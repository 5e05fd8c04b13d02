using System.Security.Cryptography;
using System.Text;

namespace Voip.Media.Host;

/// <summary>
/// Refuses every request on the gRPC listener that does not carry <c>authorization: Bearer &lt;token&gt;</c>
/// with the configured shared secret. It sits in front of routing, so it covers every service on the
/// listener (the engine API and server reflection) and every call shape (unary and streaming) alike.
/// A refusal is a gRPC "trailers-only" response (status in the HTTP/2 headers, PROTOCOL-HTTP2.md of
/// the gRPC spec) with UNAUTHENTICATED, so clients see a normal RpcException.
/// </summary>
public sealed class GrpcTokenMiddleware(RequestDelegate next, byte[] expectedTokenHash)
{
    private const string Scheme = "Bearer ";

    /// <summary>The token is stored only as its SHA-256, so the comparison is over two fixed 32-byte
    /// values: its time depends neither on where they differ nor on the presented token's length.</summary>
    public static byte[] HashToken(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public Task InvokeAsync(HttpContext context)
    {
        string? header = context.Request.Headers.Authorization;
        if (header is not null && header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && Matches(header.AsSpan(Scheme.Length).Trim()))
        {
            return next(context);
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = "16"; // UNAUTHENTICATED
        response.Headers["grpc-message"] = header is null
            ? "missing metadata 'authorization: Bearer <token>' (the engine's --grpc-token)"
            : "invalid token in metadata 'authorization'";
        return Task.CompletedTask;
    }

    private bool Matches(ReadOnlySpan<char> presented)
    {
        Span<byte> utf8 = presented.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(presented.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(presented.Length)];
        int length = Encoding.UTF8.GetBytes(presented, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        return CryptographicOperations.FixedTimeEquals(hash, expectedTokenHash);
    }
}

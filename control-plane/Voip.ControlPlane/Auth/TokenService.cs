using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Voip.ControlPlane.Users;

namespace Voip.ControlPlane.Auth;

/// <summary>
/// Issues and checks HS256 JWTs carrying the seed's claims (userId, email, name, role, iat, exp, §7.1.1) plus
/// jti, sid (the refresh-token family, i.e. the login session), tokenUse, iss and aud. Validation pins the
/// algorithm to HS256 (no "none", no key confusion) and checks exp/nbf against the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class TokenService
{
    private readonly AuthOptions options;
    private readonly TimeProvider time;
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials credentials;
    private readonly TokenValidationParameters parameters;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, AuthenticatedUser> validated = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, AuthenticatedUser>.AlternateLookup<ReadOnlySpan<char>> validatedBySpan;
    private const int MaxCachedTokens = 50_000;

    public TokenService(AuthOptions options, TimeProvider time)
    {
        this.options = options;
        this.time = time;
        validatedBySpan = validated.GetAlternateLookup<ReadOnlySpan<char>>();
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.JwtSecret));
        credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        parameters = new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            // Lifetime is checked below against the injected clock, so tests can move time.
            ValidateLifetime = false,
            RequireExpirationTime = false,
        };
    }

    public IssuedToken CreateAccessToken(UserRecord user, string sessionId) =>
        Create(user, sessionId, TokenUse.Access, options.AccessTokenLifetime);

    public IssuedToken CreateRefreshToken(UserRecord user, string familyId) =>
        Create(user, familyId, TokenUse.Refresh, options.RefreshTokenLifetime);

    /// <summary>
    /// Validates an access token. Tokens that validated once are remembered (bounded), so a client's repeated
    /// requests skip the HMAC and JSON work; expiry is still checked on every use and revocation is checked by
    /// the caller on every request.
    /// </summary>
    public async Task<ValidatedToken> ValidateAccessTokenAsync(string token)
    {
        if (TryValidateCachedAccessToken(token, out var known))
        {
            return known;
        }

        var result = await ValidateAsync(token, TokenUse.Access);
        if (result.Status == TokenValidationStatus.Valid)
        {
            if (validated.Count >= MaxCachedTokens)
            {
                validated.Clear();
            }

            validated[token] = result.User!;
        }

        return result;
    }

    /// <summary>
    /// The answer for an access token that validated before (expiry checked now), without copying the token out
    /// of the request header; false when it has not been seen (then call <see cref="ValidateAccessTokenAsync"/>).
    /// </summary>
    public bool TryValidateCachedAccessToken(ReadOnlySpan<char> token, out ValidatedToken result)
    {
        if (validatedBySpan.TryGetValue(token, out var cached))
        {
            result = cached.ExpiresAt + options.ClockSkew <= time.GetUtcNow() ? ValidatedToken.Expired : new ValidatedToken(TokenValidationStatus.Valid, cached);
            return true;
        }

        result = default;
        return false;
    }

    public Task<ValidatedToken> ValidateRefreshTokenAsync(string token) => ValidateAsync(token, TokenUse.Refresh);

    private IssuedToken Create(UserRecord user, string sessionId, string use, TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        // JWT NumericDate has whole seconds (RFC 7519 §2); truncate so exp is exactly what we report.
        now = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var expires = now + lifetime;
        var tokenId = Guid.NewGuid().ToString("N");
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object>
            {
                ["userId"] = user.Id,
                ["email"] = user.Email,
                ["name"] = user.Name,
                ["role"] = user.Role,
                ["jti"] = tokenId,
                ["sid"] = sessionId,
                ["tokenUse"] = use,
            },
        };
        return new IssuedToken(handler.CreateToken(descriptor), tokenId, expires);
    }

    private async Task<ValidatedToken> ValidateAsync(string token, string expectedUse)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return ValidatedToken.Invalid;
        }

        var result = await handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt || jwt.Alg != SecurityAlgorithms.HmacSha256)
        {
            return ValidatedToken.Invalid;
        }

        if (!jwt.TryGetPayloadValue<long>("exp", out var exp)
            || !jwt.TryGetPayloadValue<string>("tokenUse", out var use) || use != expectedUse
            || !jwt.TryGetPayloadValue<string>("userId", out var userId)
            || !jwt.TryGetPayloadValue<string>("jti", out var jti)
            || !jwt.TryGetPayloadValue<string>("sid", out var sid))
        {
            return ValidatedToken.Invalid;
        }

        var now = time.GetUtcNow();
        if (jwt.TryGetPayloadValue<long>("nbf", out var nbf) && DateTimeOffset.FromUnixTimeSeconds(nbf) > now + options.ClockSkew)
        {
            return ValidatedToken.Invalid;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(exp);
        if (expiresAt + options.ClockSkew <= now)
        {
            return ValidatedToken.Expired;
        }

        jwt.TryGetPayloadValue<string>("email", out var email);
        jwt.TryGetPayloadValue<string>("name", out var name);
        jwt.TryGetPayloadValue<string>("role", out var role);
        return new ValidatedToken(
            TokenValidationStatus.Valid,
            new AuthenticatedUser(userId, email ?? "", name ?? "", role ?? Roles.User, jti, sid, expiresAt));
    }
}

using Voip.ControlPlane.Common;
using Voip.ControlPlane.RateLimiting;
using Voip.ControlPlane.Users;

namespace Voip.ControlPlane.Auth;

/// <summary>Registration, login, refresh-token rotation with reuse detection, and logout.</summary>
public sealed class AuthService(
    IUserStore users,
    IRefreshTokenStore refreshTokens,
    ITokenRevocationStore revocations,
    TokenService tokens,
    PasswordHasher hasher,
    RateLimiter limiter,
    AuthOptions options,
    TimeProvider time,
    ILogger<AuthService> logger)
{
    public async Task<AuthResponse> RegisterAsync(RegisterRequest request, string client, CancellationToken cancellationToken)
    {
        var decision = await limiter.HitAuthAsync(client, null, cancellationToken);
        if (!decision.Allowed)
        {
            throw RateLimiter.TooMany(decision, "authentication attempts");
        }

        var email = Validate.Email(request.Email);
        var name = Validate.Name(request.Name);
        PasswordPolicy.Check(request.Password, email);
        var now = time.GetUtcNow();
        var user = new UserRecord(ObjectIds.New(time), email, name, null, Roles.User, hasher.Hash(request.Password!), now, now);
        if (!await users.TryCreateAsync(user, cancellationToken))
        {
            throw new ApiException(StatusCodes.Status409Conflict, ErrorCodes.EmailTaken, "Email is already registered");
        }

        await limiter.ForgiveAsync(decision, CancellationToken.None);
        AuthLog.Registered(logger, user.Id);
        return await StartSessionAsync(user, Guid.NewGuid().ToString("N"), cancellationToken);
    }

    public async Task<AuthResponse> LoginAsync(LoginRequest request, string client, CancellationToken cancellationToken)
    {
        // Shape checks first (they are not attempts), without the password policy: an old password must still log in.
        var email = Validate.Email(request.Email);
        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > PasswordPolicy.MaxLength)
        {
            throw ApiException.BadRequest($"password is required and must be at most {PasswordPolicy.MaxLength} characters");
        }

        var decision = await limiter.HitAuthAsync(client, email, cancellationToken);
        if (!decision.Allowed)
        {
            throw RateLimiter.TooMany(decision, "login attempts");
        }

        var user = await users.GetByEmailAsync(email, cancellationToken);
        if (user is null)
        {
            hasher.VerifyDummy(request.Password);
        }

        if (user is null || !PasswordHasher.Verify(request.Password, user.PasswordHash))
        {
            AuthLog.LoginFailed(logger, client);
            throw ApiException.Unauthorized("Invalid email or password");
        }

        await limiter.ForgiveAsync(decision, CancellationToken.None);
        return await StartSessionAsync(user, Guid.NewGuid().ToString("N"), cancellationToken);
    }

    public async Task<AuthResponse> RefreshAsync(RefreshRequest request, string client, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.RefreshToken))
        {
            throw ApiException.BadRequest("refreshToken is required");
        }

        var decision = await limiter.HitAuthAsync(client, null, cancellationToken);
        if (!decision.Allowed)
        {
            throw RateLimiter.TooMany(decision, "authentication attempts");
        }

        var claims = await ValidateRefreshAsync(request.RefreshToken, cancellationToken);
        var now = time.GetUtcNow();
        var (status, record) = await refreshTokens.ConsumeAsync(claims.TokenId, now, cancellationToken);
        switch (status)
        {
            case RefreshConsumeStatus.Consumed:
                break;
            case RefreshConsumeStatus.Reused:
                // A spent token came back: either the client or an attacker holds a stolen copy. Revoke the
                // whole login (OAuth 2.0 Security BCP §4.14.2), including its live access tokens.
                await RevokeSessionAsync(claims.SessionId, now, cancellationToken);
                AuthLog.RefreshReuse(logger, claims.UserId, claims.SessionId);
                throw ApiException.Unauthorized("Refresh token was already used; the session has been revoked");
            default:
                throw ApiException.Unauthorized("Refresh token is no longer valid");
        }

        var user = await users.GetByIdAsync(record!.UserId, cancellationToken) ?? throw ApiException.Unauthorized("Account no longer exists");
        await limiter.ForgiveAsync(decision, CancellationToken.None);
        return await StartSessionAsync(user, record.FamilyId, cancellationToken);
    }

    /// <summary>Ends the session named by the refresh token, or else by the caller's access token.</summary>
    public async Task LogoutAsync(RefreshRequest? request, AuthenticatedUser? caller, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        AuthenticatedUser session;
        if (!string.IsNullOrEmpty(request?.RefreshToken))
        {
            session = await ValidateRefreshAsync(request.RefreshToken, cancellationToken);
        }
        else
        {
            session = caller ?? throw ApiException.Unauthorized("Provide a refreshToken or a bearer access token");
        }

        if (caller is not null)
        {
            await revocations.RevokeAsync(caller.TokenId, caller.ExpiresAt + options.ClockSkew, cancellationToken);
        }

        await RevokeSessionAsync(session.SessionId, now, cancellationToken);
        AuthLog.LoggedOut(logger, session.UserId, session.SessionId);
    }

    private async Task<AuthenticatedUser> ValidateRefreshAsync(string token, CancellationToken cancellationToken)
    {
        var result = await tokens.ValidateRefreshTokenAsync(token);
        switch (result.Status)
        {
            case TokenValidationStatus.Expired:
                throw new ApiException(StatusCodes.Status401Unauthorized, ErrorCodes.TokenExpired, "Refresh token expired");
            case TokenValidationStatus.Invalid:
                throw ApiException.Unauthorized("Invalid refresh token");
        }

        var claims = result.User!;
        if (await revocations.IsRevokedAsync(claims.TokenId, claims.SessionId, cancellationToken))
        {
            throw ApiException.Unauthorized("Refresh token has been revoked");
        }

        return claims;
    }

    private async Task RevokeSessionAsync(string sessionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The session id in the shared revocation store kills access tokens at once on every replica; the
        // store row keeps the refresh tokens dead for good.
        await revocations.RevokeAsync(sessionId, now + options.RefreshTokenLifetime + options.ClockSkew, cancellationToken);
        await refreshTokens.RevokeFamilyAsync(sessionId, now, cancellationToken);
    }

    private async Task<AuthResponse> StartSessionAsync(UserRecord user, string familyId, CancellationToken cancellationToken)
    {
        var access = tokens.CreateAccessToken(user, familyId);
        var refresh = tokens.CreateRefreshToken(user, familyId);
        await refreshTokens.CreateAsync(new RefreshTokenRecord(refresh.TokenId, familyId, user.Id, time.GetUtcNow(), refresh.ExpiresAt), cancellationToken);
        return new AuthResponse(user.Id, access.Token, refresh.Token);
    }
}

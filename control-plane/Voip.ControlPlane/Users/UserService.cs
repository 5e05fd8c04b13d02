using Voip.ControlPlane.Common;
using Voip.ControlPlane.Presence;

namespace Voip.ControlPlane.Users;

/// <summary>Profiles: one's own (with email) and other users' public summaries.</summary>
public sealed class UserService(IUserStore users, IPresenceTracker presence, TimeProvider time)
{
    public const int MaxSearchLength = 100;
    public const int MaxSearchLimit = 50;

    public async Task<UserProfileResponse> GetProfileAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await users.GetByIdAsync(userId, cancellationToken) ?? throw ApiException.NotFound("User not found");
        return ToProfile(user);
    }

    public async Task<UserProfileResponse> UpdateProfileAsync(string userId, UpdateProfileRequest request, CancellationToken cancellationToken)
    {
        var user = await users.GetByIdAsync(userId, cancellationToken) ?? throw ApiException.NotFound("User not found");
        if (request.Name is null && request.Avatar is null)
        {
            throw ApiException.BadRequest("Provide name and/or avatar to update");
        }

        var name = request.Name is null ? user.Name : Validate.Name(request.Name);
        var avatar = request.Avatar switch
        {
            null => user.Avatar,
            "" => null,
            var url => Validate.Url(url, "avatar"),
        };
        var updated = await users.UpdateProfileAsync(userId, name, avatar, time.GetUtcNow(), cancellationToken) ?? throw ApiException.NotFound("User not found");
        return ToProfile(updated);
    }

    public async Task<UserPublicResponse> GetPublicAsync(string id, CancellationToken cancellationToken)
    {
        if (!ObjectIds.IsValid(id))
        {
            throw ApiException.BadRequest("id must be a 24-character lowercase hex id");
        }

        var user = await users.GetByIdAsync(id, cancellationToken) ?? throw ApiException.NotFound("User not found");
        var state = await presence.GetAsync(user.Id, cancellationToken);
        return new UserPublicResponse(user.Id, user.Name, user.Avatar, state.Online, state.LastSeen);
    }

    public async Task<UserSearchResponse> SearchAsync(string? query, int limit, CancellationToken cancellationToken)
    {
        var q = query?.Trim();
        if (string.IsNullOrEmpty(q) || q.Length < 2)
        {
            throw ApiException.BadRequest("search must be at least 2 characters");
        }

        if (q.Any(char.IsControl))
        {
            throw ApiException.BadRequest("search must not contain control characters");
        }

        var found = await users.SearchAsync(q, limit, cancellationToken);
        return new UserSearchResponse(found.Select(u => new UserSummary(u.Id, u.Name, u.Avatar)).ToArray());
    }

    private static UserProfileResponse ToProfile(UserRecord u) => new(u.Id, u.Email, u.Name, u.Avatar, u.Role, u.CreatedAt, u.UpdatedAt);
}

namespace Voip.ControlPlane.Users;

/// <summary>A participant as the seed's call history shows it: <c>{ id, name, avatar }</c>.</summary>
public sealed record UserSummary(string Id, string Name, string? Avatar);

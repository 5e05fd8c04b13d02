namespace Voip.ControlPlane.Calls;

/// <summary>
/// A call participant as UTF-8 column values, for <see cref="CallHistoryJson"/>. <see cref="Exists"/> false
/// means the account is gone (written as the "Deleted user" summary); <see cref="HasAvatar"/> false is a null avatar.
/// </summary>
public readonly ref struct UserSummaryUtf8(ReadOnlySpan<byte> id, bool exists, ReadOnlySpan<byte> name, bool hasAvatar, ReadOnlySpan<byte> avatar)
{
    public ReadOnlySpan<byte> Id { get; } = id;

    public bool Exists { get; } = exists;

    public ReadOnlySpan<byte> Name { get; } = name;

    public bool HasAvatar { get; } = hasAvatar;

    public ReadOnlySpan<byte> Avatar { get; } = avatar;
}

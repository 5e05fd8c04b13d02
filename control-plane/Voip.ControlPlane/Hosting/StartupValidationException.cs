namespace Voip.ControlPlane.Hosting;

/// <summary>The configuration cannot run; <see cref="Exception.Message"/> lists every reason, one per line.</summary>
public sealed class StartupValidationException(IReadOnlyList<string> errors)
    : Exception("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

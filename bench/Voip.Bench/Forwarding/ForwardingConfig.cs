using BenchmarkDotNet.Configs;

namespace Voip.Bench.Forwarding;

/// <summary>Adds the per-forwarded-copy column to whatever job the command line picks.</summary>
internal sealed class ForwardingConfig : ManualConfig
{
    public ForwardingConfig() => AddColumn(new PerForwardedCopyColumn());
}

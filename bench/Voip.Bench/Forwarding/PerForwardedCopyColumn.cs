using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Voip.Bench.Forwarding;

/// <summary>Mean divided by the Consumers parameter: nanoseconds per packet copy sent to one subscriber.</summary>
internal sealed class PerForwardedCopyColumn : IColumn
{
    public string Id => nameof(PerForwardedCopyColumn);

    public string ColumnName => "ns/forwarded";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Mean / Consumers: nanoseconds per packet copy forwarded to one subscriber";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (summary[benchmarkCase]?.ResultStatistics is not { } statistics
            || benchmarkCase.Parameters["Consumers"] is not int consumers || consumers <= 0)
        {
            return "NA";
        }

        return (statistics.Mean / consumers).ToString("F1", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

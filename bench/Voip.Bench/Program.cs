using BenchmarkDotNet.Running;

namespace Voip.Bench;

public static class Program
{
    // `make bench BENCH='*Srtp*'` → dotnet run -c Release -- --filter '*Srtp*' --exporters github csv
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}

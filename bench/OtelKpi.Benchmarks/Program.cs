using BenchmarkDotNet.Running;

// Every BenchmarkDotNet command-line option works, for example:
//   dotnet run -c Release --project bench/OtelKpi.Benchmarks -- --filter '*'
//   dotnet run -c Release --project bench/OtelKpi.Benchmarks -- --filter '*' --job dry --inProcess   (smoke run)
// The exit code is 1 when a benchmark failed or the filter matched nothing, so a smoke run can gate CI.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
var failed = !summaries.Any()
    || summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Length == 0 || summary.Reports.Any(report => !report.Success));
return failed ? 1 : 0;

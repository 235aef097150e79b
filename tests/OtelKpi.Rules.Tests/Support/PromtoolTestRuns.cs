using System.Collections.Concurrent;
using OtelKpi.Testing;

namespace OtelKpi.Rules.Tests.Support;

/// <summary>
/// Runs promtool test rules on every rules/tests file once, as many at a time as there are processors, and
/// keeps the results for the theory that reports them file by file.
/// </summary>
public sealed class PromtoolTestRuns
{
    private readonly Lazy<IReadOnlyDictionary<string, PromtoolResult>> results = new(() =>
    {
        var done = new ConcurrentDictionary<string, PromtoolResult>(StringComparer.Ordinal);
        Parallel.ForEach(
            RuleFiles.Tests,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            file => done[file] = Promtool.TestRules(RepositoryPaths.Of(file)));
        return done;
    });

    /// <summary>The result for one test file (relative path).</summary>
    public PromtoolResult Of(string file) => this.results.Value[file];
}

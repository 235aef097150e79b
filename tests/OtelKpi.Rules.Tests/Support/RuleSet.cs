using System.Text.RegularExpressions;
using OtelKpi.Testing.PromQl;

namespace OtelKpi.Rules.Tests.Support;

/// <summary>
/// A set of rule files taken together, as Prometheus loads them: which rule records which series, and what
/// every rule reads, directly and through the recorded series it reads.
/// </summary>
public sealed partial class RuleSet
{
    private readonly Dictionary<string, List<Rule>> recorders;
    private readonly Dictionary<Rule, PromQlExpression> expressions = [];

    /// <summary>
    /// Builds the set; fails when two rules record the same series: the same name is allowed only with
    /// different static labels (such as <c>slo="availability"</c> and <c>slo="latency"</c>).
    /// </summary>
    public RuleSet(IEnumerable<RuleFile> files)
    {
        this.Files = files.ToList();
        this.Rules = this.Files.SelectMany(f => f.Groups).SelectMany(g => g.Rules).ToList();
        var duplicates = this.Rules.Where(r => r.Record is not null)
            .GroupBy(r => r.Record + string.Concat(r.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"|{l.Key}={l.Value}")))
            .Where(g => g.Count() > 1)
            .Select(g => g.First().Record!)
            .ToList();
        if (duplicates.Count > 0)
        {
            throw new InvalidOperationException($"Recorded by more than one rule: {string.Join(", ", duplicates)}");
        }

        this.recorders = this.Rules.Where(r => r.Record is not null)
            .GroupBy(r => r.Record!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    /// <summary>The shipped rules: every rules/*.yml.</summary>
    public static RuleSet Shipped { get; } = new(RuleFiles.Shipped.Select(RuleFile.Load));

    /// <summary>The files of the set.</summary>
    public IReadOnlyList<RuleFile> Files { get; }

    /// <summary>Every rule, in file and group order.</summary>
    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>Every recording rule.</summary>
    public IEnumerable<Rule> RecordingRules => this.Rules.Where(r => r.Record is not null);

    /// <summary>Every alerting rule.</summary>
    public IEnumerable<Rule> AlertingRules => this.Rules.Where(r => r.Alert is not null);

    /// <summary>Every recorded name.</summary>
    public IReadOnlySet<string> RecordedNames => this.recorders.Keys.ToHashSet();

    /// <summary>The rule recording <paramref name="name"/> (the first, when several record it with different labels), or null.</summary>
    public Rule? RecorderOf(string name) => this.recorders.GetValueOrDefault(name)?.First();

    /// <summary>Every rule recording <paramref name="name"/>; empty for a series no rule records.</summary>
    public IReadOnlyList<Rule> RecordersOf(string name) => this.recorders.GetValueOrDefault(name) ?? [];

    /// <summary>The group a rule is in.</summary>
    public RuleGroup GroupOf(Rule rule) => this.Files.SelectMany(f => f.Groups).Single(g => g.Rules.Contains(rule));

    /// <summary>The analysed expression of a rule, read strictly: every selector names its metric.</summary>
    public PromQlExpression ExpressionOf(Rule rule)
    {
        if (!this.expressions.TryGetValue(rule, out var expression))
        {
            expression = PromQlExpression.Parse(rule.Expr);
            this.expressions[rule] = expression;
        }

        return expression;
    }

    /// <summary>
    /// The series names a rule ultimately reads that no rule of the set records: raw scraped series and
    /// inputs such as user overrides. Recorded series are followed to their own rules.
    /// </summary>
    public IReadOnlySet<string> SourcesOf(Rule rule)
    {
        var sources = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<Rule>();
        var pending = new Stack<Rule>([rule]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!seen.Add(current))
            {
                continue;
            }

            foreach (var selector in this.ExpressionOf(current).Selectors)
            {
                var recorders = this.RecordersOf(selector.Metric!);
                if (recorders.Count == 0)
                {
                    sources.Add(selector.Metric!);
                }

                foreach (var recorder in recorders)
                {
                    pending.Push(recorder);
                }
            }
        }

        return sources;
    }

    /// <summary>
    /// How far back a rule's result depends on scraped data: the longest chain of range selectors and offsets
    /// through the recorded series it reads (an average over 3d of a rate over 5m looks back 3d5m). Two kinds
    /// of range are memories rather than windows that must be full, and do not count: last_over_time, which
    /// holds the latest value after the data stops, and the objectives (otelkpi:*), constants per job that
    /// are recorded for every job seen in the last hour.
    /// </summary>
    public TimeSpan LookbackOf(Rule rule) => this.LookbackOf(rule, []);

    private TimeSpan LookbackOf(Rule rule, HashSet<Rule> path)
    {
        if (!path.Add(rule))
        {
            throw new InvalidOperationException($"Recording rules depend on each other in a cycle through {rule}.");
        }

        if (rule.Record?.StartsWith("otelkpi:", StringComparison.Ordinal) == true)
        {
            path.Remove(rule);
            return TimeSpan.Zero; // an objective is a constant per job, valid as soon as it exists
        }

        var longest = TimeSpan.Zero;
        var offset = Offset().Matches(rule.Expr).Select(m => PromDuration.Parse(m.Groups[1].Value)).DefaultIfEmpty(TimeSpan.Zero).Max();
        foreach (var selector in this.ExpressionOf(rule).Selectors.Where(s => !s.Metric!.StartsWith("otelkpi:", StringComparison.Ordinal)))
        {
            var upstream = this.RecordersOf(selector.Metric!).Select(r => this.LookbackOf(r, path)).DefaultIfEmpty(TimeSpan.Zero).Max();
            var range = selector.Function == "last_over_time" ? TimeSpan.Zero : selector.RangeDuration;
            longest = TimeSpan.FromTicks(Math.Max(longest.Ticks, (range + offset + upstream).Ticks));
        }

        path.Remove(rule);
        return longest;
    }

    [GeneratedRegex(@"\boffset\s+([0-9]+[smhdwy][0-9smhdwy]*)")]
    private static partial Regex Offset();
}

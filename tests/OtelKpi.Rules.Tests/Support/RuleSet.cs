using OtelKpi.Testing.PromQl;

namespace OtelKpi.Rules.Tests.Support;

/// <summary>
/// A set of rule files taken together, as Prometheus loads them: which rule records which series, and what
/// every rule reads, directly and through the recorded series it reads.
/// </summary>
public sealed class RuleSet
{
    private readonly Dictionary<string, Rule> recorders;
    private readonly Dictionary<Rule, PromQlExpression> expressions = [];

    /// <summary>Builds the set; fails when two rules record the same name.</summary>
    public RuleSet(IEnumerable<RuleFile> files)
    {
        this.Files = files.ToList();
        this.Rules = this.Files.SelectMany(f => f.Groups).SelectMany(g => g.Rules).ToList();
        var duplicates = this.Rules.Where(r => r.Record is not null).GroupBy(r => r.Record!).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new InvalidOperationException($"Recorded by more than one rule: {string.Join(", ", duplicates)}");
        }

        this.recorders = this.Rules.Where(r => r.Record is not null).ToDictionary(r => r.Record!, StringComparer.Ordinal);
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

    /// <summary>The rule recording <paramref name="name"/>, or null.</summary>
    public Rule? RecorderOf(string name) => this.recorders.GetValueOrDefault(name);

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
                if (this.RecorderOf(selector.Metric!) is { } recorder)
                {
                    pending.Push(recorder);
                }
                else
                {
                    sources.Add(selector.Metric!);
                }
            }
        }

        return sources;
    }

    /// <summary>
    /// How far back a rule's result depends on scraped data: the longest chain of range selectors through
    /// the recorded series it reads (an average over 3d of a rate over 5m looks back 3d5m).
    /// </summary>
    public TimeSpan LookbackOf(Rule rule) => this.LookbackOf(rule, []);

    private TimeSpan LookbackOf(Rule rule, HashSet<Rule> path)
    {
        if (!path.Add(rule))
        {
            throw new InvalidOperationException($"Recording rules depend on each other in a cycle through {rule}.");
        }

        var longest = TimeSpan.Zero;
        foreach (var selector in this.ExpressionOf(rule).Selectors)
        {
            var upstream = this.RecorderOf(selector.Metric!) is { } recorder ? this.LookbackOf(recorder, path) : TimeSpan.Zero;
            longest = TimeSpan.FromTicks(Math.Max(longest.Ticks, (selector.RangeDuration + upstream).Ticks));
        }

        path.Remove(rule);
        return longest;
    }
}

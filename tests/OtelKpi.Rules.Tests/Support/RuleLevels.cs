using YamlDotNet.RepresentationModel;

namespace OtelKpi.Rules.Tests.Support;

/// <summary>
/// The shipped rules split by how many recording rules lie between them and the scraped series: level 1 reads
/// only scraped series, level 2 reads level 1, and so on. A rule engine that replays a past range evaluates one
/// rule at a time over the whole range, so a rule must not run before what it reads is written: replaying level
/// after level gives every rule its inputs complete, as Prometheus' evaluation order does at each step.
/// </summary>
public static class RuleLevels
{
    /// <summary>The level of every shipped rule.</summary>
    public static IReadOnlyDictionary<Rule, int> Of(RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var levels = new Dictionary<Rule, int>();
        int LevelOf(Rule rule)
        {
            if (!levels.TryGetValue(rule, out var level))
            {
                level = 1 + rules.ExpressionOf(rule).Selectors
                    .SelectMany(s => rules.RecordersOf(s.Metric!))
                    .Select(LevelOf)
                    .DefaultIfEmpty(0)
                    .Max();
                levels[rule] = level;
            }

            return level;
        }

        foreach (var rule in rules.Rules)
        {
            LevelOf(rule);
        }

        return levels;
    }

    /// <summary>
    /// Writes one rule file per level into <paramref name="directory"/>, each with the shipped groups (name and
    /// interval) holding only that level's rules, unchanged but for the alerts' annotations when
    /// <paramref name="withoutAnnotations"/> (vmalert's replay mode cannot run the query template function they
    /// use; annotations play no part in whether an alert fires). Returns the files, lowest level first.
    /// </summary>
    public static IReadOnlyList<string> WriteFiles(RuleSet rules, string directory, bool withoutAnnotations)
    {
        var levels = Of(rules);
        var files = new List<string>();
        foreach (var level in levels.Values.Distinct().Order())
        {
            var groups = new YamlSequenceNode();
            foreach (var file in rules.Files)
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(File.ReadAllText(OtelKpi.Testing.RepositoryPaths.Of(file.Path))));
                var yamlGroups = (YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode).Children["groups"];
                for (var g = 0; g < file.Groups.Count; g++)
                {
                    var source = (YamlMappingNode)yamlGroups[g];
                    var kept = new YamlSequenceNode(file.Groups[g].Rules
                        .Select((rule, index) => (rule, index))
                        .Where(r => levels[r.rule] == level)
                        .Select(r => Copy((YamlMappingNode)((YamlSequenceNode)source.Children["rules"])[r.index], withoutAnnotations)));
                    if (kept.Children.Count == 0)
                    {
                        continue;
                    }

                    var group = new YamlMappingNode { { "name", source.Children["name"] } };
                    if (source.Children.TryGetValue("interval", out var interval))
                    {
                        group.Add("interval", interval);
                    }

                    group.Add("rules", kept);
                    groups.Add(group);
                }
            }

            var path = Path.Combine(directory, $"level-{level:00}.yml");
            using (var writer = new StreamWriter(path))
            {
                new YamlStream(new YamlDocument(new YamlMappingNode { { "groups", groups } })).Save(writer, assignAnchors: false);
            }

            files.Add(path);
        }

        return files;
    }

    private static YamlMappingNode Copy(YamlMappingNode rule, bool withoutAnnotations) =>
        new(rule.Children.Where(c => !(withoutAnnotations && c.Key.ToString() == "annotations")));
}

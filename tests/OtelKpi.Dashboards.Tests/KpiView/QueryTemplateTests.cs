using OtelKpi.KpiView.Dashboards;

namespace OtelKpi.Dashboards.Tests.KpiView;

/// <summary>Variable substitution follows Grafana's Prometheus data source, escape for escape.</summary>
public class QueryTemplateTests
{
    private static readonly DashboardVariable Job = new("job", "query", "label_values(m, job)", Multi: true, IncludeAll: true, AllValue: ".*");
    private static readonly DashboardVariable Instance = new("instance", "query", "label_values(m, instance)", Multi: true, IncludeAll: true, AllValue: null);
    private static readonly DashboardVariable Single = new("path", "query", "label_values(m, path)", Multi: false, IncludeAll: false, AllValue: null);
    private static readonly DashboardVariable[] Variables = [Job, Instance, Single];
    private static readonly Dictionary<string, string> BuiltIns = new() { ["__rate_interval"] = "20s" };

    [Fact]
    public void All_with_a_custom_all_value_becomes_that_value_unescaped()
    {
        Assert.Equal(".*", QueryTemplate.Format(Job, VariableSelection.All(["a.b", "c"])));
    }

    [Fact]
    public void All_without_a_custom_all_value_becomes_every_option_escaped_and_alternated()
    {
        Assert.Equal(@"(10\\.0\\.0\\.1:80|10\\.0\\.0\\.2:80)", QueryTemplate.Format(Instance, VariableSelection.All(["10.0.0.1:80", "10.0.0.2:80"])));
    }

    [Fact]
    public void One_selected_value_is_regex_escaped_for_a_double_quoted_promql_string()
    {
        Assert.Equal(@"127\\.0\\.0\\.1:9090", QueryTemplate.Format(Instance, VariableSelection.Of("127.0.0.1:9090")));
        Assert.Equal(@"/api/products/\\{id:int\\}", QueryTemplate.Format(Instance, VariableSelection.Of("/api/products/{id:int}")));
        Assert.Equal(@"a\\\\b\\$\\^\\*\\+\\?\\(\\)\\[\\]\\|", QueryTemplate.Format(Instance, VariableSelection.Of(@"a\b$^*+?()[]|")));
    }

    [Fact]
    public void Several_selected_values_are_alternated_in_parentheses()
    {
        Assert.Equal("(shop|web)", QueryTemplate.Format(Job, VariableSelection.Of("shop", "web")));
    }

    [Fact]
    public void A_single_value_variable_only_escapes_backslashes_and_single_quotes()
    {
        Assert.Equal(@"a.b\\c\\'d", QueryTemplate.Format(Single, VariableSelection.Of(@"a.b\c'd")));
    }

    [Fact]
    public void Every_reference_syntax_and_built_ins_are_expanded()
    {
        var selections = new Dictionary<string, VariableSelection>
        {
            ["job"] = VariableSelection.Of("shop"),
            ["instance"] = VariableSelection.Of("h:1"),
            ["path"] = VariableSelection.Of("/x"),
        };

        var expanded = QueryTemplate.Expand(
            "rate(m{job=~\"$job\", instance=~\"${instance}\", path=\"[[path]]\"}[$__rate_interval])", Variables, selections, BuiltIns);

        Assert.Equal("rate(m{job=~\"shop\", instance=~\"h:1\", path=\"/x\"}[20s])", expanded);
    }

    [Fact]
    public void An_unknown_variable_is_an_error_rather_than_text_sent_to_prometheus()
    {
        var error = Assert.Throws<ArgumentException>(() => QueryTemplate.Expand("m{job=~\"$jobs\"}", Variables, new Dictionary<string, VariableSelection>(), BuiltIns));
        Assert.Contains("$jobs", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => QueryTemplate.Expand("rate(m[$__interval])", Variables, new Dictionary<string, VariableSelection>(), BuiltIns));
    }
}

namespace OtelKpi.Testing;

/// <summary>One line of a Prometheus text exposition: name, labels and value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>The label's value, or null when the sample does not carry it.</summary>
    public string? Label(string name) => this.Labels.TryGetValue(name, out var value) ? value : null;

    /// <summary>True when every given label has the given value.</summary>
    public bool Has(params (string Name, string Value)[] labels) => labels.All(l => this.Label(l.Name) == l.Value);
}

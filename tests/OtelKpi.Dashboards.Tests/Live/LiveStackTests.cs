namespace OtelKpi.Dashboards.Tests.Live;

/// <summary>The test classes that share one <see cref="LiveStackFixture"/>: one sample and one Prometheus for all of them.</summary>
[CollectionDefinition(Name)]
public sealed class LiveStackTests : ICollectionFixture<LiveStackFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "live stack";
}

namespace OtelKpi.Sample;

/// <summary>
/// <c>GET /traffic</c> shows the generator's settings; <c>POST /traffic</c> with a JSON body changes some of them
/// at run time, such as <c>{"errorRatio": 0.2}</c>. Neither is counted in the HTTP metrics: controlling the demo
/// is not traffic of the shop. There is no authentication: this is a sample for a demo on loopback.
/// </summary>
public static class TrafficEndpoints
{
    /// <summary>The path of both endpoints.</summary>
    public const string Path = "/traffic";

    /// <summary>Maps the two endpoints.</summary>
    public static void MapTrafficEndpoints(this WebApplication app)
    {
        app.MapGet(Path, (TrafficControl traffic) => Results.Ok(traffic.Current)).DisableHttpMetrics();

        app.MapPost(Path, (TrafficChange change, TrafficControl traffic) =>
        {
            var problems = traffic.Apply(change);
            return problems.Count == 0
                ? Results.Ok(traffic.Current)
                : Results.ValidationProblem(new Dictionary<string, string[]> { ["traffic"] = [.. problems] });
        }).DisableHttpMetrics();
    }

    /// <summary>Registers the generator, its run-time settings and the latency it simulates.</summary>
    public static IServiceCollection AddSampleTraffic(this IServiceCollection services)
    {
        services.AddOptions<TrafficOptions>().BindConfiguration(TrafficOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<TrafficOptions>, TrafficOptionsValidator>();
        services.AddSingleton<TrafficControl>();
        services.AddSingleton<LatencySimulator>();
        services.AddHttpClient(TrafficGenerator.HttpClientName);
        services.AddHostedService<TrafficGenerator>();
        return services;
    }
}

using OtelKpi.Sample;

var builder = WebApplication.CreateBuilder(args);

// The whole OtelKpi set-up: the KPI metrics, plus the shop's own meter listed in appsettings.json.
builder.Services.AddKpiTelemetry();

builder.Services.AddSingleton<ShopMetrics>();
builder.Services.AddSingleton<LatencySimulator>();
builder.Services.AddOptions<TrafficOptions>().BindConfiguration(TrafficOptions.SectionName).ValidateOnStart();
builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<TrafficOptions>, TrafficOptionsValidator>();
builder.Services.AddHttpClient(TrafficGenerator.HttpClientName);
builder.Services.AddHostedService<TrafficGenerator>();

var app = builder.Build();

app.MapKpiMetrics();
app.MapShopEndpoints();
app.MapResourceLoadEndpoints(); // only with Sample:ResourceLoad:Enabled

app.Run();

/// <summary>The sample's entry point, public so that tests can host it.</summary>
public partial class Program;

using OtelKpi.Sample;

var builder = WebApplication.CreateBuilder(args);

// The whole OtelKpi set-up: the KPI metrics, plus the shop's own meter listed in appsettings.json.
builder.Services.AddKpiTelemetry();

builder.Services.AddSingleton<ShopMetrics>();
builder.Services.AddSingleton<OrderJournal>(); // writes only with Sample:OrderJournal:Path
builder.Services.AddSampleTraffic();

var app = builder.Build();

app.MapKpiMetrics();
app.MapShopEndpoints();
app.MapTrafficEndpoints();
app.MapResourceLoadEndpoints(); // only with Sample:ResourceLoad:Enabled

app.Run();

/// <summary>The sample's entry point, public so that tests can host it.</summary>
public partial class Program;

using System.Text.Json.Serialization;

// The shape of the AOT web template: a slim builder and JSON through a source-generated context.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ProbeJsonContext.Default));
builder.Services.AddKpiTelemetry();

var app = builder.Build();
app.MapKpiMetrics();
app.MapGet("/orders/{id:int}", (int id) => new Order(id, "shipped"));
app.Run();

internal sealed record Order(int Id, string Status);

[JsonSerializable(typeof(Order))]
internal sealed partial class ProbeJsonContext : JsonSerializerContext;

namespace OtelKpi.Sample;

/// <summary>
/// A small shop API with realistic latency: fast catalogue reads, a slower checkout that can fail,
/// slow reports and a route that throws.
/// </summary>
public static class ShopEndpoints
{
    /// <summary>Product ids above this do not exist and answer 404, which is not an error.</summary>
    public const int CatalogueSize = 1000;

    /// <summary>Maps the shop's routes and a health endpoint.</summary>
    public static void MapShopEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api");

        api.MapGet("/products", async (LatencySimulator latency, CancellationToken ct) =>
        {
            await latency.DelayAsync(LatencyProfile.Fast, ct);
            return Results.Ok(Enumerable.Range(1, 5).Select(id => new Product(id, $"Product {id}", 9.99m + id)));
        });

        api.MapGet("/products/{id:int}", async (int id, LatencySimulator latency, CancellationToken ct) =>
        {
            await latency.DelayAsync(LatencyProfile.Fast, ct);
            return id is >= 1 and <= CatalogueSize ? Results.Ok(new Product(id, $"Product {id}", 9.99m + id)) : Results.NotFound();
        });

        api.MapPost("/checkout", async (bool? fail, LatencySimulator latency, ShopMetrics metrics, OrderJournal journal, CancellationToken ct) =>
        {
            await latency.DelayAsync(LatencyProfile.Checkout, ct);
            if (fail == true)
            {
                metrics.RecordOrder("failed", 0);
                return Results.Problem("The payment provider did not answer.", statusCode: StatusCodes.Status500InternalServerError);
            }

            var amount = Math.Round(5 + (Random.Shared.NextDouble() * 195), 2);
            var orderId = Guid.NewGuid();
            await journal.RecordAsync(orderId, amount, ct);
            metrics.RecordOrder("placed", amount);
            return Results.Ok(new { orderId, amount });
        });

        api.MapGet("/reports/{name}", async (string name, LatencySimulator latency, CancellationToken ct) =>
        {
            await latency.DelayAsync(LatencyProfile.Report, ct);
            return Results.Ok(new { report = name, rows = 1200 });
        });

        api.MapGet("/fail", string () => throw new InvalidOperationException("Simulated unhandled failure."));

        app.MapGet("/health", () => Results.Ok("Healthy"));
    }

    private sealed record Product(int Id, string Name, decimal Price);
}

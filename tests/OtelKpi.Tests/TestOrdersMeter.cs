using Microsoft.AspNetCore.Http;
using System.Diagnostics.Metrics;

namespace OtelKpi.Tests;

/// <summary>A business meter as a user would write it, created through IMeterFactory.</summary>
internal sealed class TestOrdersMeter(IMeterFactory meterFactory)
{
    public const string Name = "Test.Orders";

    private readonly Counter<long> placed = meterFactory.Create(Name).CreateCounter<long>("orders.placed", "{order}");

    public IResult Place()
    {
        this.placed.Add(1);
        return Results.Ok();
    }
}

using System.Diagnostics.Metrics;

namespace OtelKpi.Sample;

/// <summary>
/// The shop's business metrics, on a meter created through <see cref="IMeterFactory"/>. Listing the meter
/// name in <c>KpiTelemetry:Meters</c> puts them on the same /metrics as the KPIs:
/// <c>shop_orders_total{outcome}</c> and <c>shop_checkout_amount_usd_*</c>.
/// </summary>
public sealed class ShopMetrics
{
    /// <summary>The meter's name, as listed in appsettings.json.</summary>
    public const string MeterName = "OtelKpi.Sample.Shop";

    private readonly Counter<long> orders;
    private readonly Histogram<double> checkoutAmount;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public ShopMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        this.orders = meter.CreateCounter<long>("shop.orders", "{order}", "Checkouts by outcome.");
        this.checkoutAmount = meter.CreateHistogram(
            "shop.checkout.amount_usd",
            unit: "{USD}",
            description: "Amount of placed orders in US dollars.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [10, 25, 50, 100, 150, 200, 500] });
    }

    /// <summary>Counts a checkout and, when placed, records its amount.</summary>
    public void RecordOrder(string outcome, double amount)
    {
        this.orders.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (outcome == "placed")
        {
            this.checkoutAmount.Record(amount);
        }
    }
}

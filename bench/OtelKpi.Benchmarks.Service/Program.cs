using OtelKpi.Benchmarks.Apps;
using OtelKpi.Benchmarks.Service;

const string Usage = """
    usage:
      OtelKpi.Benchmarks.Service serve <bare|otelkpi|prometheus-net> <url>      serve GET /api/items/{id:int} on Kestrel until stopped
      OtelKpi.Benchmarks.Service memory <bare|otelkpi|prometheus-net> <series>  print resident memory before and after <series> histogram series
    """;

switch (args)
{
    case ["serve", var variant, var url]:
        await LoadTarget.RunAsync(ServiceVariants.Parse(variant), url);
        return 0;
    case ["memory", var variant, var series]:
        Console.WriteLine(await SeriesMemoryProbe.RunAsync(ServiceVariants.Parse(variant), SeriesPlan.For(int.Parse(series, System.Globalization.CultureInfo.InvariantCulture))));
        return 0;
    default:
        Console.Error.WriteLine(Usage);
        return 2;
}

using OtelKpi.Benchmarks.Apps;
using System.Text;

namespace OtelKpi.Benchmarks;

/// <summary>Fetches <c>/metrics</c> from an in-process service as text, for set-up checks.</summary>
internal static class Scraper
{
    public static async Task<string> ScrapeAsync(InProcessServer server)
    {
        using var body = new MemoryStream();
        var status = await server.SendAsync(BenchmarkService.MetricsPath, body);
        if (status != 200)
        {
            throw new InvalidOperationException($"{BenchmarkService.MetricsPath} answered {status}.");
        }

        return Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
    }
}

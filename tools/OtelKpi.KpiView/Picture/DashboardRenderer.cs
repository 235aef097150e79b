using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OtelKpi.KpiView.Picture;

/// <summary>
/// Runs tools/dashboard-render (Node: Apache ECharts to SVG, resvg to PNG) on a picture request. Its packages
/// are installed by <c>npm ci</c> in that directory (scripts/test.sh and scripts/demo.sh run it).
/// </summary>
internal static class DashboardRenderer
{
    private const string Directory = "tools/dashboard-render";

    /// <summary>Draws the request; returns what each panel showed.</summary>
    public static async Task<IReadOnlyList<PicturePanel>> RenderAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var directory = Locate();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("NODE") ?? "node")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("render.mjs");
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("node is not on the PATH: the dashboard pictures are drawn by Node (Debian: apt-get install nodejs npm).", e);
        }

        using (process)
        {
            await process.StandardInput.WriteAsync(request.ToJsonString()).ConfigureAwait(false);
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"tools/dashboard-render failed with exit code {process.ExitCode}:\n{await errors.ConfigureAwait(false)}");
            }

            using var report = JsonDocument.Parse(await output.ConfigureAwait(false));
            return report.RootElement.GetProperty("panels").EnumerateArray().Select(p => new PicturePanel(
                p.GetProperty("id").GetInt32(),
                p.GetProperty("title").GetString()!,
                p.GetProperty("type").GetString()!,
                p.GetProperty("error").ValueKind == JsonValueKind.String ? p.GetProperty("error").GetString() : null,
                p.GetProperty("series").EnumerateArray().Select(s => new PictureSeries(s.GetProperty("refId").GetString()!, s.GetProperty("name").GetString()!)).ToList())).ToList();
        }
    }

    // The renderer next to this repository's dashboards: above the working directory or the tool's own.
    private static string Locate()
    {
        foreach (var origin in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(origin); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, Directory);
                if (File.Exists(Path.Combine(candidate, "render.mjs")))
                {
                    return System.IO.Directory.Exists(Path.Combine(candidate, "node_modules", "echarts"))
                        ? candidate
                        : throw new InvalidOperationException($"The renderer's packages are missing: run npm ci in {candidate}.");
                }
            }
        }

        throw new InvalidOperationException($"{Directory}/render.mjs not found above {Environment.CurrentDirectory}.");
    }
}

using System.Diagnostics;
using System.Text.Json;
using System.Collections.Concurrent;

namespace OtelKpi.Testing.PromQl;

/// <summary>
/// Parses PromQL with the Prometheus project's own grammar, @prometheus-io/lezer-promql (the parser of
/// Prometheus' web UI), run by Node from <c>tests/OtelKpi.Testing/PromQl/lezer</c> (installed by
/// <c>npm ci</c>, which scripts/test.sh runs). One Node process serves every parse of a test run; trees are
/// cached by text. The grammar checks syntax only: that a query also type-checks is proven where it matters by
/// sending it to a real Prometheus (the dashboard tests) or to promtool (the rule tests).
/// </summary>
public static class PromQlSyntax
{
    private const string Directory = "tests/OtelKpi.Testing/PromQl/lezer";
    private static readonly ConcurrentDictionary<string, PromQlSyntaxNode> Trees = new(StringComparer.Ordinal);
    private static readonly Lazy<SyntaxServer> Server = new(SyntaxServer.Start);

    /// <summary>The syntax tree of <paramref name="text"/>; throws <see cref="FormatException"/> at a syntax error.</summary>
    public static PromQlSyntaxNode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Trees.GetOrAdd(text, t => Server.Value.Parse(t));
    }

    private sealed class SyntaxServer
    {
        private readonly Process process;
        private readonly Lock gate = new();

        private SyntaxServer(Process process) => this.process = process;

        public static SyntaxServer Start()
        {
            var directory = RepositoryPaths.Of(Directory);
            if (!System.IO.Directory.Exists(Path.Combine(directory, "node_modules", "@prometheus-io", "lezer-promql")))
            {
                throw new InvalidOperationException($"The PromQL grammar is not installed: run npm ci in {Directory} (scripts/test.sh does).");
            }

            var start = new ProcessStartInfo(ExternalTool.Resolve("node"))
            {
                WorkingDirectory = directory,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = false,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("syntax-server.mjs");
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("node is not on the PATH: the PromQL grammar runs in Node (Debian: apt-get install nodejs npm).", e);
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                process.StandardInput.Close(); // the server exits when its input ends
                process.WaitForExit(2000);
            };
            return new SyntaxServer(process);
        }

        public PromQlSyntaxNode Parse(string text)
        {
            string? reply;
            lock (this.gate)
            {
                this.process.StandardInput.WriteLine(JsonSerializer.Serialize(text));
                this.process.StandardInput.Flush();
                reply = this.process.StandardOutput.ReadLine();
            }

            if (reply is null)
            {
                throw new InvalidOperationException($"The PromQL syntax server exited (code {(this.process.HasExited ? this.process.ExitCode : -1)}).");
            }

            using var document = JsonDocument.Parse(reply);
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var error))
            {
                var at = error.GetProperty("from").GetInt32();
                throw new FormatException($"PromQL syntax error at {at} ('{Excerpt(text, at)}'): {text}");
            }

            if (root.TryGetProperty("failure", out var failure))
            {
                throw new InvalidOperationException($"The PromQL syntax server failed: {failure.GetString()}");
            }

            return Build(root.GetProperty("tree"), text, parent: null);
        }

        private static PromQlSyntaxNode Build(JsonElement json, string text, PromQlSyntaxNode? parent)
        {
            var node = new PromQlSyntaxNode(json[0].GetString()!, json[1].GetInt32(), json[2].GetInt32(), text, parent);
            foreach (var child in json[3].EnumerateArray())
            {
                node.Add(Build(child, text, node));
            }

            return node;
        }

        private static string Excerpt(string text, int at) => text[Math.Max(0, at - 10)..Math.Min(text.Length, at + 10)];
    }
}

using System.Diagnostics;
using System.Text;

namespace OtelKpi.Testing;

/// <summary>Collects the interleaved stdout and stderr lines of a long-running child process, thread-safely.</summary>
public sealed class ProcessOutput
{
    private readonly StringBuilder text = new();

    /// <summary>Everything the process printed so far.</summary>
    public string Text
    {
        get
        {
            lock (this.text)
            {
                return this.text.ToString();
            }
        }
    }

    /// <summary>Subscribes to both streams of <paramref name="process"/>; call before starting it, then begin reading.</summary>
    public void Attach(Process process)
    {
        process.OutputDataReceived += (_, e) => this.Append(e.Data);
        process.ErrorDataReceived += (_, e) => this.Append(e.Data);
    }

    /// <summary>The last <paramref name="lines"/> lines, for failure messages.</summary>
    public string Tail(int lines = 60) => string.Join('\n', this.Text.Split('\n').TakeLast(lines));

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (this.text)
        {
            this.text.AppendLine(line);
        }
    }
}

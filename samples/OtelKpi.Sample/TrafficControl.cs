using Microsoft.Extensions.Options;

namespace OtelKpi.Sample;

/// <summary>
/// The traffic settings in force: those of <c>Sample:Traffic</c> at start-up, then whatever <c>POST /traffic</c> sets,
/// so that a demo can play an incident (more errors, slower requests, a surge) and its end without a restart.
/// </summary>
public sealed class TrafficControl
{
    private readonly Lock gate = new();
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts with the configured settings.</summary>
    public TrafficControl(IOptions<TrafficOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.Current = options.Value.ToSettings();
    }

    /// <summary>Gets the settings in force.</summary>
    public TrafficSettings Current { get; private set; }

    /// <summary>
    /// Applies <paramref name="change"/>; returns the problems (each naming its key) and changes nothing when a
    /// value is out of range.
    /// </summary>
    public IReadOnlyList<string> Apply(TrafficChange change)
    {
        lock (this.gate)
        {
            var next = this.Current.With(change);
            var problems = next.Problems(string.Empty).ToList();
            if (problems.Count > 0)
            {
                return problems;
            }

            this.Current = next;
            var previous = this.changed;
            this.changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            previous.SetResult();
            return [];
        }
    }

    /// <summary>Completes at the next change of the settings.</summary>
    public Task NextChangeAsync(CancellationToken cancellationToken)
    {
        lock (this.gate)
        {
            return this.changed.Task.WaitAsync(cancellationToken);
        }
    }
}

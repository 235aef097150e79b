using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using OpenTelemetry.Resources;

namespace OtelKpi.Internal.Exposition;

/// <summary>
/// Answers a scrape: under the scrape lock, collects (or reuses the cached collection) and streams the text format
/// into the response in chunks of about <see cref="FlushBytes"/>, gzip-compressed when the scraper accepts it, as
/// Prometheus does. Nothing of the body outlives the request. The headers are those OpenTelemetry's Prometheus exporter
/// sends for the text format, and <c>X-Prometheus-Scrape-Timeout-Seconds</c> is honoured as it is meant there: a scrape
/// whose deadline passes before its body starts (waiting for another scrape, or collecting) gets 408, one whose
/// deadline passes while the body is sent is cut off. A scraper that goes away ends the scrape quietly; a failure
/// while writing is logged (rate-limited) and answered 500 when no byte was sent yet, otherwise the connection is
/// aborted so that the scraper cannot mistake a cut body for a whole one.
/// </summary>
internal sealed class ScrapeEndpoint(ScrapeCollector collector, ScrapeFailureLog failures)
{
    internal const int FlushBytes = 16 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        if (!collector.HasReader)
        {
            response.StatusCode = StatusCodes.Status200OK; // the SDK is disabled: nothing to serve
            return;
        }

        using var deadline = new CancellationTokenSource();
        var timeout = ScrapeTimeout(context.Request.Headers);
        var started = Stopwatch.GetTimestamp();
        if (timeout is { } limit)
        {
            deadline.CancelAfter(limit);
        }

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, context.RequestAborted);
        try
        {
            await collector.EnterAsync(cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            TimedOut(response, deadline);
            return;
        }

        try
        {
            await this.WriteAsync(context, () => timeout is { } limit && Stopwatch.GetElapsedTime(started) >= limit, cancellation.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A scrape must never fail the host: whatever happens is answered (500, 408) or logged, and the lock released.
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The scraper went away.
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            if (!TimedOut(response, deadline))
            {
                context.Abort();
            }
        }
        catch (Exception e)
        {
            failures.Failed(e);
            if (response.HasStarted)
            {
                context.Abort();
            }
            else
            {
                response.Clear();
                response.StatusCode = StatusCodes.Status500InternalServerError;
            }
        }
#pragma warning restore CA1031
        finally
        {
            collector.Exit();
        }
    }

    private async Task WriteAsync(HttpContext context, Func<bool> pastDeadline, CancellationToken cancellationToken)
    {
        var response = context.Response;
        var snapshot = collector.Collect();
        if (pastDeadline())
        {
            // The timer may not have fired yet on a busy machine: the clock decides.
            response.StatusCode = StatusCodes.Status408RequestTimeout;
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (snapshot is null)
        {
            failures.CollectionFailed();
            response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        var resource = collector.Resource;
        if (snapshot.Families.Count == 0 && !TextExposition.HasTargetInfo(resource))
        {
            return; // an empty body, without content headers, as the exporter answers
        }

        response.Headers.Append(HeaderNames.LastModified, snapshot.CollectedAtUtc.ToString("R", CultureInfo.InvariantCulture));
        response.ContentType = ScrapeTextFormat.ContentType;
        response.Headers.AppendCommaSeparatedValues(HeaderNames.Vary, HeaderNames.AcceptEncoding);

        using var buffer = new ExpositionBuffer(2 * FlushBytes);
        var gzip = AcceptsGzip(context.Request.Headers);
        if (gzip)
        {
            response.Headers.Append(HeaderNames.ContentEncoding, "gzip");
        }

        var body = new ResponseBody(response, gzip);
        try
        {
            await this.WriteBodyAsync(snapshot, resource, buffer, body, cancellationToken).ConfigureAwait(false);
            await body.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            body.Dispose();
        }
    }

    private async Task WriteBodyAsync(ScrapeSnapshot snapshot, Resource resource, ExpositionBuffer buffer, ResponseBody sink, CancellationToken cancellationToken)
    {
        var exposition = collector.Exposition;
        exposition.WriteTargetInfo(buffer, resource);
        var families = snapshot.Families;
        for (var i = 0; i < families.Count; i++)
        {
            var family = families[i];
            if (family.WriteMetadata)
            {
                TextExposition.WriteMetadata(buffer, family);
            }

            var points = family.Metric.GetMetricPoints().GetEnumerator();
            while (points.MoveNext())
            {
                exposition.WritePoint(buffer, family, in points.Current);
                if (buffer.Length >= FlushBytes)
                {
                    if (!await sink.SendAsync(buffer.Written, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }

                    buffer.Clear();
                }
            }
        }

        if (buffer.Length > 0)
        {
            await sink.SendAsync(buffer.Written, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Where chunks go: the response's pipe, or a gzip stream over the response body that is opened with the first
    /// chunk, so that a scrape failing before its first chunk has sent nothing and can still be answered 500.
    /// </summary>
    private sealed class ResponseBody(HttpResponse response, bool gzip) : IDisposable
    {
        private GZipStream? compressed;

        /// <summary>Sends a chunk; <see langword="false"/> when the response cannot take more (the client is gone).</summary>
        public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            if (gzip)
            {
                this.compressed ??= new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
                await this.compressed.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                return true;
            }

            var result = await response.BodyWriter.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            return !result.IsCompleted && !result.IsCanceled;
        }

        /// <summary>Ends the gzip stream (its last block and trailer) after the last chunk.</summary>
        public async ValueTask CompleteAsync()
        {
            if (this.compressed is { } stream)
            {
                this.compressed = null;
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }

        /// <summary>After a failure: frees the compressor without writing its trailer to a response being cut.</summary>
        public void Dispose()
        {
            if (this.compressed is { } stream)
            {
                this.compressed = null;
                try
                {
#pragma warning disable CA1849 // the connection is being aborted: what the trailer would write goes nowhere
                    stream.Dispose();
#pragma warning restore CA1849
                }
                catch (IOException)
                {
                }
                catch (InvalidOperationException)
                {
                }
            }
        }
    }

    /// <summary>Answers 408 when the scrape's own deadline passed before the response started.</summary>
    private static bool TimedOut(HttpResponse response, CancellationTokenSource deadline)
    {
        if (!deadline.IsCancellationRequested || response.HasStarted)
        {
            return false;
        }

        response.Clear();
        response.StatusCode = StatusCodes.Status408RequestTimeout;
        return true;
    }

    private static TimeSpan? ScrapeTimeout(IHeaderDictionary headers) =>
        double.TryParse(headers["X-Prometheus-Scrape-Timeout-Seconds"], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
        && seconds is >= 0.001 and <= int.MaxValue / 1000
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static bool AcceptsGzip(IHeaderDictionary headers)
    {
        foreach (var encoding in headers.GetCommaSeparatedValues(HeaderNames.AcceptEncoding))
        {
            if (StringWithQualityHeaderValue.TryParse(encoding, out var parsed)
                && parsed.Quality is not 0
                && parsed.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

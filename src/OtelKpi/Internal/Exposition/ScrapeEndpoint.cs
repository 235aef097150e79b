using System.Globalization;
using System.IO.Pipelines;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using OpenTelemetry.Resources;

namespace OtelKpi.Internal.Exposition;

/// <summary>
/// Answers a scrape: under the scrape lock, collects (or reuses the cached collection) and streams the text format
/// into the response in chunks of about <see cref="FlushBytes"/>, gzip-compressed when the scraper accepts it, as
/// Prometheus does. Nothing of the body outlives the request. The headers are those OpenTelemetry's Prometheus exporter
/// sends for the text format, and <c>X-Prometheus-Scrape-Timeout-Seconds</c> is honoured as it honours it: a scrape
/// whose deadline passes before the body starts gets 408. A scraper that goes away ends the scrape quietly; a failure
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
        if (ScrapeTimeout(context.Request.Headers) is { } timeout)
        {
            deadline.CancelAfter(timeout);
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
            await this.WriteAsync(context, cancellation.Token).ConfigureAwait(false);
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

    private async Task WriteAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var response = context.Response;
        var snapshot = collector.Collect();
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
        if (AcceptsGzip(context.Request.Headers))
        {
            response.Headers.Append(HeaderNames.ContentEncoding, "gzip");
            var gzip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
            await using (gzip.ConfigureAwait(false))
            {
                await this.WriteBodyAsync(snapshot, resource, buffer, new ResponseSink(null, gzip), cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            await this.WriteBodyAsync(snapshot, resource, buffer, new ResponseSink(response.BodyWriter, null), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteBodyAsync(ScrapeSnapshot snapshot, Resource resource, ExpositionBuffer buffer, ResponseSink sink, CancellationToken cancellationToken)
    {
        var exposition = collector.Exposition;
        exposition.WriteTargetInfo(buffer, resource);
        foreach (var family in snapshot.Families)
        {
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

    /// <summary>Where chunks go: the response's pipe, or the gzip stream over the response body.</summary>
    private readonly struct ResponseSink(PipeWriter? pipe, Stream? stream)
    {
        /// <summary>Sends a chunk; <see langword="false"/> when the response cannot take more (the client is gone).</summary>
        public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            if (stream is not null)
            {
                await stream.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                return true;
            }

            var result = await pipe!.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            return !result.IsCompleted && !result.IsCanceled;
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

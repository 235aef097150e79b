using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Abstractions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using System.Collections;

namespace OtelKpi.Benchmarks.Apps;

/// <summary>
/// The feature collection of one simulated connection. Like Kestrel's, it serves the server's own features
/// from fields, starts every request with only those (middleware such as routing adds its own, which must
/// not leak into the next request), and implements <see cref="IHostContextContainer{TContext}"/> so that
/// ASP.NET Core's hosting layer reuses its per-request context as it does on a Kestrel connection.
/// </summary>
internal sealed class InProcessConnection<TContext> : IFeatureCollection, IHostContextContainer<TContext>
    where TContext : notnull
{
    private readonly IHttpApplication<TContext> application;
    private readonly Dictionary<Type, object> added = [];
    private readonly HttpRequestFeature request = new();
    private readonly HttpResponseFeature response = new();
    private readonly HttpRequestLifetimeFeature lifetime = new();
    private IHttpResponseBodyFeature? body;
    private int revision;

    public InProcessConnection(IHttpApplication<TContext> application) => this.application = application;

    public TContext? HostContext { get; set; }

    public bool IsReadOnly => false;

    public int Revision => this.revision;

    public object? this[Type key]
    {
        get
        {
            if (key == typeof(IHttpRequestFeature))
            {
                return this.request;
            }

            if (key == typeof(IHttpResponseFeature))
            {
                return this.response;
            }

            if (key == typeof(IHttpResponseBodyFeature))
            {
                return this.body;
            }

            if (key == typeof(IHttpRequestLifetimeFeature))
            {
                return this.lifetime;
            }

            return this.added.GetValueOrDefault(key);
        }

        set
        {
            this.revision++;
            if (key == typeof(IHttpResponseBodyFeature))
            {
                this.body = (IHttpResponseBodyFeature?)value;
            }
            else if (value is null)
            {
                this.added.Remove(key);
            }
            else
            {
                this.added[key] = value;
            }
        }
    }

    public TFeature? Get<TFeature>() => (TFeature?)this[typeof(TFeature)];

    public void Set<TFeature>(TFeature? instance) => this[typeof(TFeature)] = instance;

    public IEnumerator<KeyValuePair<Type, object>> GetEnumerator()
    {
        yield return new(typeof(IHttpRequestFeature), this.request);
        yield return new(typeof(IHttpResponseFeature), this.response);
        yield return new(typeof(IHttpRequestLifetimeFeature), this.lifetime);
        if (this.body is not null)
        {
            yield return new(typeof(IHttpResponseBodyFeature), this.body);
        }

        foreach (var feature in this.added)
        {
            yield return feature;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => this.GetEnumerator();

    public async Task<int> SendAsync(string path, Stream responseBody)
    {
        this.request.Protocol = "HTTP/1.1";
        this.request.Scheme = "http";
        this.request.Method = HttpMethods.Get;
        this.request.PathBase = string.Empty;
        this.request.Path = path;
        this.request.QueryString = string.Empty;
        this.request.RawTarget = path;
        this.request.Headers.Clear();
        this.request.Headers.Host = "localhost";
        this.request.Body = Stream.Null;
        this.response.StatusCode = StatusCodes.Status200OK;
        this.response.ReasonPhrase = null;
        this.response.Headers.Clear();
        var responseBodyFeature = new StreamResponseBodyFeature(responseBody);
        this.added.Clear();
        this.Set<IHttpResponseBodyFeature>(responseBodyFeature);

        var context = this.application.CreateContext(this);
        Exception? failure = null;
        try
        {
            await this.application.ProcessRequestAsync(context).ConfigureAwait(false);
            await responseBodyFeature.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = e;
            this.response.StatusCode = StatusCodes.Status500InternalServerError;
        }

        this.application.DisposeContext(context, failure);
        return this.response.StatusCode;
    }
}

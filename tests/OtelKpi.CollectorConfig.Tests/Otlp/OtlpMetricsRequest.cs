using System.Globalization;

namespace OtelKpi.CollectorConfig.Tests.Otlp;

/// <summary>The OTLP metric data types.</summary>
internal enum OtlpDataType
{
    /// <summary>Gauge (field 5 of Metric).</summary>
    Gauge,

    /// <summary>Sum (field 7).</summary>
    Sum,

    /// <summary>Histogram (field 9).</summary>
    Histogram,

    /// <summary>ExponentialHistogram (field 10).</summary>
    ExponentialHistogram,

    /// <summary>Summary (field 11).</summary>
    Summary,
}

/// <summary>One data point: its attributes, and its value, count or buckets depending on the type.</summary>
internal sealed record OtlpDataPoint(IReadOnlyDictionary<string, string> Attributes, double? Value, ulong? Count, IReadOnlyList<double> ExplicitBounds);

/// <summary>One metric: name, unit, type and, for sums and histograms, temporality and monotonicity.</summary>
internal sealed record OtlpMetric(
    string Name,
    string Description,
    string Unit,
    OtlpDataType Type,
    bool IsMonotonic,
    int AggregationTemporality,
    IReadOnlyList<OtlpDataPoint> Points)
{
    /// <summary>OTLP's AggregationTemporality value for cumulative data.</summary>
    public const int Cumulative = 2;
}

/// <summary>The metrics of one instrumentation scope (meter).</summary>
internal sealed record OtlpScopeMetrics(string Name, string Version, IReadOnlyList<OtlpMetric> Metrics);

/// <summary>The metrics of one resource.</summary>
internal sealed record OtlpResourceMetrics(IReadOnlyDictionary<string, string> Resource, IReadOnlyList<OtlpScopeMetrics> Scopes);

/// <summary>
/// An OTLP ExportMetricsServiceRequest decoded from protobuf with <see cref="ProtobufReader"/>. Field
/// numbers are those of opentelemetry-proto's metrics/v1/metrics.proto, common/v1/common.proto and
/// resource/v1/resource.proto; only the fields the tests read are decoded.
/// </summary>
internal sealed record OtlpMetricsRequest(IReadOnlyList<OtlpResourceMetrics> ResourceMetrics)
{
    /// <summary>Every metric of every resource and scope, with its scope.</summary>
    public IEnumerable<(OtlpScopeMetrics Scope, OtlpMetric Metric)> Metrics =>
        this.ResourceMetrics.SelectMany(r => r.Scopes).SelectMany(s => s.Metrics.Select(m => (s, m)));

    /// <summary>Decodes a request body.</summary>
    public static OtlpMetricsRequest Parse(ReadOnlyMemory<byte> body) =>
        new(Repeated(body, 1, ParseResourceMetrics));

    private static OtlpResourceMetrics ParseResourceMetrics(ReadOnlyMemory<byte> message)
    {
        var resource = new Dictionary<string, string>(StringComparer.Ordinal);
        var scopes = new List<OtlpScopeMetrics>();
        foreach (var field in ProtobufReader.Fields(message))
        {
            switch (field.Number)
            {
                case 1:
                    resource = Attributes(field.Bytes, 1);
                    break;
                case 2:
                    scopes.Add(ParseScopeMetrics(field.Bytes));
                    break;
            }
        }

        return new OtlpResourceMetrics(resource, scopes);
    }

    private static OtlpScopeMetrics ParseScopeMetrics(ReadOnlyMemory<byte> message)
    {
        string name = string.Empty, version = string.Empty;
        var metrics = new List<OtlpMetric>();
        foreach (var field in ProtobufReader.Fields(message))
        {
            if (field.Number == 1)
            {
                foreach (var scopeField in ProtobufReader.Fields(field.Bytes))
                {
                    name = scopeField.Number == 1 ? scopeField.String : name;
                    version = scopeField.Number == 2 ? scopeField.String : version;
                }
            }
            else if (field.Number == 2)
            {
                metrics.Add(ParseMetric(field.Bytes));
            }
        }

        return new OtlpScopeMetrics(name, version, metrics);
    }

    private static OtlpMetric ParseMetric(ReadOnlyMemory<byte> message)
    {
        string name = string.Empty, description = string.Empty, unit = string.Empty;
        OtlpDataType? type = null;
        var monotonic = false;
        var temporality = 0;
        var points = new List<OtlpDataPoint>();
        foreach (var field in ProtobufReader.Fields(message))
        {
            switch (field.Number)
            {
                case 1: name = field.String; break;
                case 2: description = field.String; break;
                case 3: unit = field.String; break;
                case 5 or 7 or 9 or 10 or 11:
                    type = field.Number switch
                    {
                        5 => OtlpDataType.Gauge,
                        7 => OtlpDataType.Sum,
                        9 => OtlpDataType.Histogram,
                        10 => OtlpDataType.ExponentialHistogram,
                        _ => OtlpDataType.Summary,
                    };
                    foreach (var dataField in ProtobufReader.Fields(field.Bytes))
                    {
                        switch (dataField.Number)
                        {
                            case 1:
                                points.Add(type == OtlpDataType.Histogram ? ParseHistogramPoint(dataField.Bytes) : ParseNumberPoint(dataField.Bytes));
                                break;
                            case 2 when type is not OtlpDataType.Gauge:
                                temporality = (int)dataField.Varint;
                                break;
                            case 3 when type == OtlpDataType.Sum:
                                monotonic = dataField.Varint != 0;
                                break;
                        }
                    }

                    break;
            }
        }

        return new OtlpMetric(name, description, unit, type ?? throw new FormatException($"Metric {name} has no data."), monotonic, temporality, points);
    }

    private static OtlpDataPoint ParseNumberPoint(ReadOnlyMemory<byte> message)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        double? value = null;
        foreach (var field in ProtobufReader.Fields(message))
        {
            switch (field.Number)
            {
                case 7: attributes[Key(field.Bytes)] = AnyValue(field.Bytes); break;
                case 4: value = field.Double; break;
                case 6: value = (long)field.Fixed64; break;
            }
        }

        return new OtlpDataPoint(attributes, value, null, []);
    }

    private static OtlpDataPoint ParseHistogramPoint(ReadOnlyMemory<byte> message)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        ulong? count = null;
        double? sum = null;
        var bounds = new List<double>();
        foreach (var field in ProtobufReader.Fields(message))
        {
            switch (field.Number)
            {
                case 9: attributes[Key(field.Bytes)] = AnyValue(field.Bytes); break;
                case 4: count = field.Fixed64; break;
                case 5: sum = field.Double; break;
                case 7: bounds.AddRange(ProtobufReader.Fixed64Values(field).Select(b => new ProtobufField(7, 1, 0, b).Double)); break;
            }
        }

        return new OtlpDataPoint(attributes, sum, count, bounds);
    }

    private static Dictionary<string, string> Attributes(ReadOnlyMemory<byte> message, int fieldNumber) =>
        ProtobufReader.Fields(message).Where(f => f.Number == fieldNumber).ToDictionary(f => Key(f.Bytes), f => AnyValue(f.Bytes), StringComparer.Ordinal);

    private static string Key(ReadOnlyMemory<byte> keyValue) => ProtobufReader.Fields(keyValue).First(f => f.Number == 1).String;

    /// <summary>The value of a KeyValue as text: strings as they are, scalars formatted invariantly.</summary>
    private static string AnyValue(ReadOnlyMemory<byte> keyValue)
    {
        var value = ProtobufReader.Fields(keyValue).FirstOrDefault(f => f.Number == 2);
        var inner = ProtobufReader.Fields(value.Bytes).Single();
        return inner.Number switch
        {
            1 => inner.String,
            2 => inner.Varint != 0 ? "true" : "false",
            3 => ((long)inner.Varint).ToString(CultureInfo.InvariantCulture),
            4 => inner.Double.ToString(CultureInfo.InvariantCulture),
            _ => throw new FormatException($"AnyValue field {inner.Number} is not a scalar."),
        };
    }

    private static List<T> Repeated<T>(ReadOnlyMemory<byte> message, int fieldNumber, Func<ReadOnlyMemory<byte>, T> parse) =>
        ProtobufReader.Fields(message).Where(f => f.Number == fieldNumber).Select(f => parse(f.Bytes)).ToList();
}

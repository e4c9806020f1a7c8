using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using MarocAssistant.Conversation.Observability;

namespace MarocAssistant.Host.Observability;

/// <summary>
/// Serves this host's <see cref="System.Diagnostics.Metrics"/> instruments in the Prometheus text format (0.0.4),
/// through a <see cref="MeterListener"/> (no Prometheus package is served here). It listens to the meters created by
/// this host's <see cref="IMeterFactory"/> only: the assistant's (<c>MarocAssistant</c>) and ASP.NET Core's (HTTP
/// server, Kestrel, rate limiting); so two hosts in one process (tests) never mix their numbers. Counters are summed,
/// up-down counters and gauges give their value, histograms give cumulative buckets, sum and count; names follow
/// Prometheus conventions (<c>maroc.turn.duration</c> in seconds → <c>maroc_turn_duration_seconds</c>).
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] DefaultBuckets = [.. TurnMetrics.LatencyBuckets];

    private readonly MeterListener _listener;
    private readonly IMeterFactory _meters;
    private readonly ConcurrentDictionary<Instrument, Series> _series = new();
    private readonly Lock _collectGate = new();

    public PrometheusExporter(IMeterFactory meters)
    {
        _meters = meters;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, _meters) && IsExported(instrument.Meter.Name))
                {
                    _series[instrument] = new Series(instrument);
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>The Prometheus exposition text of everything recorded so far.</summary>
    public string Scrape()
    {
        lock (_collectGate)
        {
            foreach (var series in _series.Values)
            {
                series.ResetObservations();
            }

            // Observable instruments report now, through the same callbacks.
            _listener.RecordObservableInstruments();
        }

        var text = new StringBuilder(4096);
        foreach (var series in _series.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            series.Write(text);
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private static bool IsExported(string meter) =>
        meter is TurnMetrics.MeterName or "Microsoft.AspNetCore.Hosting" or "Microsoft.AspNetCore.Server.Kestrel" or "Microsoft.AspNetCore.RateLimiting"
        or "Microsoft.AspNetCore.Diagnostics" or "MarocAssistant.Host";

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_series.TryGetValue(instrument, out var series))
        {
            series.Record(value, tags);
        }
    }

    /// <summary>One instrument's values per tag set.</summary>
    private sealed class Series
    {
        private readonly Instrument _instrument;
        private readonly ConcurrentDictionary<string, Point> _points = new(StringComparer.Ordinal);
        private readonly double[] _buckets;
        private readonly Kind _kind;

        public Series(Instrument instrument)
        {
            _instrument = instrument;
            var type = instrument.GetType();
            var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
            _kind = definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>) ? Kind.Counter
                : definition == typeof(Histogram<>) ? Kind.Histogram
                : definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>) ? Kind.Gauge
                : definition == typeof(ObservableUpDownCounter<>) ? Kind.ObservedSum
                : Kind.UpDown;
            _buckets = AdvisedBuckets(instrument) ?? DefaultBuckets;
            Name = MetricName(instrument, _kind);
        }

        private enum Kind
        {
            Counter,
            UpDown,
            ObservedSum,
            Gauge,
            Histogram,
        }

        public string Name { get; }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = Labels(tags);
            var point = _points.GetOrAdd(labels, _ => new Point(_buckets.Length));
            lock (point)
            {
                switch (_kind)
                {
                    case Kind.Histogram:
                        point.Count++;
                        point.Sum += value;
                        var bucket = Array.BinarySearch(_buckets, value);
                        point.Buckets[bucket >= 0 ? bucket : ~bucket]++;
                        break;
                    case Kind.Gauge:
                        point.Sum = value;
                        break;
                    case Kind.ObservedSum:
                    case Kind.Counter when _instrument.IsObservable:
                        // Observable counters report their running total at each collection.
                        point.Sum = point.Observed ? point.Sum + value : value;
                        point.Observed = true;
                        break;
                    default:
                        point.Sum += value;
                        break;
                }
            }
        }

        public void ResetObservations()
        {
            if (!_instrument.IsObservable)
            {
                return;
            }

            foreach (var point in _points.Values)
            {
                lock (point)
                {
                    point.Observed = false;
                }
            }
        }

        public void Write(StringBuilder text)
        {
            if (_points.IsEmpty)
            {
                return;
            }

            var type = _kind switch
            {
                Kind.Counter => "counter",
                Kind.Histogram => "histogram",
                _ => "gauge",
            };
            if (!string.IsNullOrEmpty(_instrument.Description))
            {
                text.Append("# HELP ").Append(Name).Append(' ').Append(_instrument.Description.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
            }

            text.Append("# TYPE ").Append(Name).Append(' ').Append(type).Append('\n');
            foreach (var (labels, point) in _points.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                lock (point)
                {
                    if (_kind != Kind.Histogram)
                    {
                        Sample(text, Name, labels, null, point.Sum);
                        continue;
                    }

                    long cumulative = 0;
                    for (var i = 0; i < _buckets.Length; i++)
                    {
                        cumulative += point.Buckets[i];
                        Sample(text, Name + "_bucket", labels, Format(_buckets[i]), cumulative);
                    }

                    Sample(text, Name + "_bucket", labels, "+Inf", point.Count);
                    Sample(text, Name + "_sum", labels, null, point.Sum);
                    Sample(text, Name + "_count", labels, null, point.Count);
                }
            }
        }

        private static void Sample(StringBuilder text, string name, string labels, string? le, double value)
        {
            text.Append(name);
            if (labels.Length > 0 || le is not null)
            {
                text.Append('{').Append(labels);
                if (le is not null)
                {
                    text.Append(labels.Length > 0 ? "," : "").Append("le=\"").Append(le).Append('"');
                }

                text.Append('}');
            }

            text.Append(' ').Append(Format(value)).Append('\n');
        }

        private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length == 0)
            {
                return "";
            }

            var sorted = tags.ToArray();
            Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            var text = new StringBuilder();
            foreach (var (key, value) in sorted)
            {
                if (text.Length > 0)
                {
                    text.Append(',');
                }

                text.Append(Sanitize(key)).Append("=\"");
                foreach (var c in Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")
                {
                    _ = c switch
                    {
                        '\\' => text.Append("\\\\"),
                        '"' => text.Append("\\\""),
                        '\n' => text.Append("\\n"),
                        _ => text.Append(c),
                    };
                }

                text.Append('"');
            }

            return text.ToString();
        }

        private static double[]? AdvisedBuckets(Instrument instrument) => instrument switch
        {
            Histogram<double> { Advice.HistogramBucketBoundaries: { Count: > 0 } b } => [.. b],
            Histogram<long> { Advice.HistogramBucketBoundaries: { Count: > 0 } b } => [.. b.Select(v => (double)v)],
            Histogram<int> { Advice.HistogramBucketBoundaries: { Count: > 0 } b } => [.. b.Select(v => (double)v)],
            _ => null,
        };

        private static string MetricName(Instrument instrument, Kind kind)
        {
            var name = Sanitize(instrument.Name);
            var unit = instrument.Unit switch
            {
                "s" => "seconds",
                "ms" => "milliseconds",
                "By" => "bytes",
                _ => null,
            };
            if (unit is not null && !name.EndsWith("_" + unit, StringComparison.Ordinal))
            {
                name += "_" + unit;
            }

            return kind == Kind.Counter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
        }

        private static string Sanitize(string name)
        {
            var chars = name.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] == '_' || chars[i] == ':'))
                {
                    chars[i] = '_';
                }
            }

            return char.IsAsciiDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
        }

        private static string Format(double value) =>
            double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);
    }

    private sealed class Point(int buckets)
    {
        public long[] Buckets { get; } = new long[buckets + 1];

        public double Sum { get; set; }

        public long Count { get; set; }

        public bool Observed { get; set; }
    }
}

using System.Diagnostics.Metrics;

namespace MarocAssistant.Testing;

/// <summary>
/// Reads an observable instrument once, as an exporter's scrape would: only the instruments of meters made by
/// the given scope (the IMeterFactory of the host under test), so that tests running side by side do not mix.
/// </summary>
public static class GaugeReader
{
    /// <summary>The instrument's measurements, keyed by the value of <paramref name="tag"/>.</summary>
    public static IReadOnlyDictionary<string, long> Read(object scope, string instrument, string tag)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (published, l) =>
        {
            if (published.Name == instrument && ReferenceEquals(published.Meter.Scope, scope))
            {
                l.EnableMeasurementEvents(published);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) => values[TagValue(tags, tag)] = value);
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => values[TagValue(tags, tag)] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }

    private static string TagValue(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var (key, value) in tags)
        {
            if (key == name)
            {
                return value?.ToString() ?? "";
            }
        }

        return "";
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FracCluster.Dicom.Tests.Network;

/// <summary>Keeps every log entry, so a test can prove what the listener did (or that nothing failed unexpectedly).</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    public sealed record Entry(LogLevel Level, EventId EventId, string Message, Exception? Exception);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue(new Entry(logLevel, eventId, formatter(state, exception), exception));
}

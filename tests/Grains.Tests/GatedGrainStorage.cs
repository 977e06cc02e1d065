using System.Collections.Concurrent;
using Orleans.Storage;

namespace UnlearnRec.Grains.Tests;

/// <summary>
/// In-memory grain storage with ETag checks whose writes for one chosen grain wait until the test opens a gate: a
/// stand-in for storage that holds a write for a while under load. Test-only.
/// </summary>
internal sealed class GatedGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<GrainId, (object State, string ETag)> _stored = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _version;

    /// <summary>Writes of this grain wait for <see cref="Open"/>.</summary>
    public GrainId? Gated { get; set; }

    /// <summary>Completes when a write of the gated grain is waiting at the gate.</summary>
    public Task WriteHeld => _held.Task;

    private int _conflicts;

    /// <summary>Writes that failed their ETag check.</summary>
    public int Conflicts => Volatile.Read(ref _conflicts);

    /// <summary>Lets every held and later write through.</summary>
    public void Open() => _gate.TrySetResult();

    /// <summary>The stored state of a grain, if any.</summary>
    public T? Stored<T>(GrainId grainId) where T : class => _stored.TryGetValue(grainId, out var entry) ? (T)entry.State : null;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_stored.TryGetValue(grainId, out var entry))
        {
            grainState.State = (T)entry.State;
            grainState.ETag = entry.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // the snapshot is taken before the first await, as real providers serialize before they go to storage
        var snapshot = Copy(grainState.State);
        var expected = grainState.ETag;
        if (grainId == Gated)
        {
            _held.TrySetResult();
            await _gate.Task;
        }

        var etag = Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var current = _stored.TryGetValue(grainId, out var entry) ? entry.ETag : null;
        if (current != expected)
        {
            Interlocked.Increment(ref _conflicts);
            throw new InconsistentStateException($"stored ETag {current}, write expected {expected}");
        }

        _stored[grainId] = (snapshot!, etag);
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _stored.TryRemove(grainId, out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static T Copy<T>(T state) => state is Users.UserServingState user
        ? (T)(object)new Users.UserServingState { Version = user.Version, Embedding = user.Embedding, Interactions = user.Interactions }
        : state;
}

namespace UnlearnRec.Grains.Diagnostics;

/// <summary>
/// Silo-local flags the readiness probe reads: the influence grain raises <see cref="Seeded"/> once the serving grains
/// hold its model (gpu-role silos), the silo host raises <see cref="PartitionsWarm"/> once every deletion partition is
/// active (every silo).
/// </summary>
public sealed class ServingReadiness
{
    private volatile string? _seededFingerprint;
    private volatile bool _partitionsWarm;

    /// <summary>True once seeding completed (or was found complete) on this silo's influence grain.</summary>
    public bool Seeded => _seededFingerprint is not null;

    /// <summary>Fingerprint of the seeded model, or null.</summary>
    public string? SeededFingerprint => _seededFingerprint;

    /// <summary>Records that the grains serve the model with this fingerprint.</summary>
    public void MarkSeeded(string fingerprint) => _seededFingerprint = fingerprint;

    /// <summary>True once every deletion partition has been activated (the first requests do not pay for it).</summary>
    public bool PartitionsWarm => _partitionsWarm;

    /// <summary>Records that every deletion partition is active.</summary>
    public void MarkPartitionsWarm() => _partitionsWarm = true;
}

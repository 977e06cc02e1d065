namespace UnlearnRec.Grains.Diagnostics;

/// <summary>
/// Silo-local flag the influence grain raises once the serving grains hold its model; the gpu silo's readiness probe
/// reads it.
/// </summary>
public sealed class ServingReadiness
{
    private volatile string? _seededFingerprint;

    /// <summary>True once seeding completed (or was found complete) on this silo's influence grain.</summary>
    public bool Seeded => _seededFingerprint is not null;

    /// <summary>Fingerprint of the seeded model, or null.</summary>
    public string? SeededFingerprint => _seededFingerprint;

    /// <summary>Records that the grains serve the model with this fingerprint.</summary>
    public void MarkSeeded(string fingerprint) => _seededFingerprint = fingerprint;
}

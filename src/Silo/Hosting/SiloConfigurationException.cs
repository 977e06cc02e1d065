namespace UnlearnRec.Silo.Hosting;

/// <summary>The silo's configuration is invalid; <see cref="Errors"/> lists every problem found.</summary>
public sealed class SiloConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SiloConfigurationException(IReadOnlyList<string> errors)
        : base("invalid silo configuration: " + string.Join("; ", errors ?? []))
    {
        Errors = errors ?? [];
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<string> Errors { get; }
}

namespace UnlearnRec.Core.Bundles;

/// <summary>A model bundle is missing, truncated, corrupted, of another format version, or internally inconsistent.</summary>
public sealed class BundleFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BundleFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public BundleFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

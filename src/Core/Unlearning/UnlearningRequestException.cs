namespace UnlearnRec.Core.Unlearning;

/// <summary>
/// An unlearning request cannot be resolved against the model: unknown user or item, or nothing of it is in the
/// current training graph. The message is meant for the user as is.
/// </summary>
public sealed class UnlearningRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnlearningRequestException(string message)
        : base(message)
    {
    }
}

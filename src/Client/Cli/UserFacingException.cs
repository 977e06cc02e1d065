namespace UnlearnRec.Client.Cli;

/// <summary>
/// An error whose message is meant for the user as is (bad input file, missing bundle, …): printed without a stack
/// trace, exit code 1.
/// </summary>
public sealed class UserFacingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UserFacingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public UserFacingException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

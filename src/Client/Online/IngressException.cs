using System.Net;

namespace UnlearnRec.Client.Online;

/// <summary>The ingress answered with an error status.</summary>
public sealed class IngressException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IngressException(HttpStatusCode status, string message)
        : base(message)
    {
        Status = status;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; }
}

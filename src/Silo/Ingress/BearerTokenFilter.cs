using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace UnlearnRec.Silo.Ingress;

/// <summary>Admits a call only with <c>Authorization: Bearer &lt;configured token&gt;</c> (constant-time comparison).</summary>
public sealed class BearerTokenFilter(IOptions<IngressOptions> options) : IEndpointFilter
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(options.Value.Token ?? "");

    /// <inheritdoc />
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (_expected.Length == 0
            || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()), _expected))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return ValueTask.FromResult<object?>(Results.Json(new ErrorResponse("a valid bearer token is required"), statusCode: StatusCodes.Status401Unauthorized));
        }

        return next(context);
    }
}

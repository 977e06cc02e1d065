using System.ComponentModel.DataAnnotations;

namespace UnlearnRec.Silo.Ingress;

/// <summary>HTTP ingress settings (section <c>UnlearnRec:Ingress</c>).</summary>
public sealed class IngressOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "UnlearnRec:Ingress";

    /// <summary>
    /// Bearer token every ingress call must present (<c>Authorization: Bearer &lt;token&gt;</c>). Required: a silo
    /// with HTTP enabled refuses to start without one (env <c>UnlearnRec__Ingress__Token</c>).
    /// </summary>
    [Required(ErrorMessage = "UnlearnRec:Ingress:Token is required: the HTTP ingress only admits callers with this bearer token (set env UnlearnRec__Ingress__Token or pass --token)")]
    [MinLength(16, ErrorMessage = "UnlearnRec:Ingress:Token must be at least 16 characters")]
    public string? Token { get; set; }

    /// <summary>Largest accepted request body.</summary>
    [Range(256, 16 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;
}

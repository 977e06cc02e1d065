namespace UnlearnRec.Silo.Hosting;

/// <summary>
/// Process-level settings of a silo (section <c>UnlearnRec:Silo</c>; command-line switches map onto them). Checked by
/// <see cref="Validate"/> before anything starts, so a misconfigured silo stops with a list of clear errors.
/// </summary>
public sealed class SiloHostOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "UnlearnRec:Silo";

    /// <summary>"gpu" or "cpu".</summary>
    public string Role { get; set; } = "gpu";

    /// <summary>"embedded" or "local-cluster".</summary>
    public string Profile { get; set; } = "embedded";

    /// <summary>Orleans cluster id (silos with the same id form one cluster).</summary>
    public string ClusterId { get; set; } = "unlearnrec-local";

    /// <summary>Orleans service id: keep it stable, storage and queue names derive from it.</summary>
    public string ServiceId { get; set; } = "unlearnrec";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>HTTP ingress port (0: any free port, see the server addresses).</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Address the HTTP ingress listens on (loopback by default; 0.0.0.0 in containers).</summary>
    public string HttpListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Address other silos and clients use to reach this silo (local-cluster profile).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Model bundle directory the gpu-role silo loads and seeds the grains from.</summary>
    public string? Bundle { get; set; }

    /// <summary>The parsed role.</summary>
    public SiloRole ParsedRole => Role.Trim().ToLowerInvariant() == "cpu" ? SiloRole.Cpu : SiloRole.Gpu;

    /// <summary>The parsed profile.</summary>
    public SiloProfile ParsedProfile => Profile.Trim().ToLowerInvariant() is "local-cluster" or "localcluster" or "cluster" ? SiloProfile.LocalCluster : SiloProfile.Embedded;

    /// <summary>Every problem with these settings (empty when valid).</summary>
    public IReadOnlyList<string> Validate(bool bundleRequired)
    {
        var errors = new List<string>();
        if (Role.Trim().ToLowerInvariant() is not ("gpu" or "cpu"))
        {
            errors.Add($"{SectionName}:Role must be 'gpu' or 'cpu' (got '{Role}'); pass --role gpu|cpu");
        }

        if (Profile.Trim().ToLowerInvariant() is not ("embedded" or "local-cluster" or "localcluster" or "cluster"))
        {
            errors.Add($"{SectionName}:Profile must be 'embedded' or 'local-cluster' (got '{Profile}'); pass --profile");
        }

        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            errors.Add($"{SectionName}:ClusterId is empty");
        }

        if (string.IsNullOrWhiteSpace(ServiceId))
        {
            errors.Add($"{SectionName}:ServiceId is empty");
        }

        CheckPort(errors, nameof(SiloPort), SiloPort, allowZero: false);
        CheckPort(errors, nameof(GatewayPort), GatewayPort, allowZero: false);
        CheckPort(errors, nameof(HttpPort), HttpPort, allowZero: true);
        if (SiloPort == GatewayPort || (HttpPort != 0 && (HttpPort == SiloPort || HttpPort == GatewayPort)))
        {
            errors.Add($"{SectionName}: SiloPort ({SiloPort}), GatewayPort ({GatewayPort}) and HttpPort ({HttpPort}) must differ");
        }

        if (!System.Net.IPAddress.TryParse(AdvertisedAddress, out _))
        {
            errors.Add($"{SectionName}:AdvertisedAddress '{AdvertisedAddress}' is not an IP address");
        }

        if (!System.Net.IPAddress.TryParse(HttpListenAddress, out _))
        {
            errors.Add($"{SectionName}:HttpListenAddress '{HttpListenAddress}' is not an IP address");
        }

        if (ParsedRole == SiloRole.Gpu && bundleRequired)
        {
            if (string.IsNullOrWhiteSpace(Bundle))
            {
                errors.Add($"the gpu role needs a model: pass --bundle <dir> (or set {SectionName}:Bundle)");
            }
            else if (!Directory.Exists(Bundle))
            {
                errors.Add($"model bundle directory '{Bundle}' does not exist");
            }
        }

        return errors;
    }

    private static void CheckPort(List<string> errors, string name, int port, bool allowZero)
    {
        if (port < (allowZero ? 0 : 1) || port > 65535)
        {
            errors.Add($"{SectionName}:{name} must be a TCP port (1-65535{(allowZero ? ", or 0 for any free port" : "")}); got {port}");
        }
    }
}

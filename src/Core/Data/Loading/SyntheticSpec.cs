using System.Globalization;

namespace UnlearnRec.Core.Data.Loading;

/// <summary>Parsed <c>synthetic:key=value,…</c> spec.</summary>
internal sealed record SyntheticSpec
{
    /// <summary>The spec prefix.</summary>
    public const string Prefix = "synthetic";

    /// <summary>Number of users (default 1000).</summary>
    public int Users { get; init; } = 1000;

    /// <summary>Number of items (default 800).</summary>
    public int Items { get; init; } = 800;

    /// <summary>Number of distinct interactions before the split (default 20000).</summary>
    public int Interactions { get; init; } = 20_000;

    /// <summary>Seed of generation and split (default 7).</summary>
    public int Seed { get; init; } = 7;

    /// <summary>Number of latent taste clusters (default 10).</summary>
    public int Clusters { get; init; } = 10;

    /// <summary>True when the spec names the synthetic generator (<c>synthetic</c> or <c>synthetic:…</c>).</summary>
    public static bool Matches(string spec) =>
        spec.Equals(Prefix, StringComparison.OrdinalIgnoreCase)
        || spec.StartsWith(Prefix + ":", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses the spec; unknown or repeated keys and non-integer values are errors.</summary>
    /// <exception cref="DataFormatException">The spec is malformed or describes an impossible graph.</exception>
    public static SyntheticSpec Parse(string spec)
    {
        var result = new SyntheticSpec();
        var body = spec.Length > Prefix.Length ? spec[(Prefix.Length + 1)..] : "";
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in body.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new DataFormatException(spec, $"expected key=value, found '{part}'");
            }

            var key = part[..eq].Trim();
            var text = part[(eq + 1)..].Trim();
            if (!seen.Add(key))
            {
                throw new DataFormatException(spec, $"key '{key}' is given twice");
            }

            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                throw new DataFormatException(spec, $"value of '{key}' must be an integer, found '{text}'");
            }

            result = key.ToLowerInvariant() switch
            {
                "users" => result with { Users = value },
                "items" => result with { Items = value },
                "interactions" => result with { Interactions = value },
                "seed" => result with { Seed = value },
                "clusters" => result with { Clusters = value },
                _ => throw new DataFormatException(spec, $"unknown key '{key}'; known keys: users, items, interactions, seed, clusters"),
            };
        }

        result.Validate(spec);
        return result;
    }

    /// <summary>
    /// Largest number of interactions one user may get: half the catalogue or 50 × the mean degree, whichever is
    /// smaller, but at least 3.
    /// </summary>
    public int MaxUserDegree =>
        Math.Max(SyntheticDatasetGenerator.MinUserDegree, (int)Math.Min(Items / 2, Math.Ceiling(50.0 * Interactions / Users)));

    private void Validate(string spec)
    {
        if (Users < 1)
        {
            throw new DataFormatException(spec, $"users must be at least 1, found {Users}");
        }

        if (Items < SyntheticDatasetGenerator.MinUserDegree)
        {
            throw new DataFormatException(spec, $"items must be at least {SyntheticDatasetGenerator.MinUserDegree} (every user gets that many distinct items), found {Items}");
        }

        if (Clusters < 1 || Clusters > Items)
        {
            throw new DataFormatException(spec, $"clusters must lie in 1..items ({Items}), found {Clusters}");
        }

        var min = (long)Users * SyntheticDatasetGenerator.MinUserDegree;
        var max = (long)Users * MaxUserDegree;
        if (Interactions < min || Interactions > max)
        {
            throw new DataFormatException(spec, $"interactions must lie in {min}..{max} ({SyntheticDatasetGenerator.MinUserDegree} per user up to half the items per user), found {Interactions}");
        }
    }
}

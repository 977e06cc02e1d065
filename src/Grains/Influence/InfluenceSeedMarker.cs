namespace UnlearnRec.Grains.Influence;

/// <summary>
/// What the influence grain records as "seeded": the model's fingerprint, the code's serving layout and the storage
/// layout the silo host configured. Any of them changing means the serving grains' stored states do not match (another
/// model, another format, or states kept somewhere else), so the serving grains are seeded again.
/// </summary>
public static class InfluenceSeedMarker
{
    /// <summary>
    /// The marker. An empty <paramref name="storageLayout"/> (memory storage) leaves it as it was before storage layouts
    /// were part of it, so such deployments do not re-seed for nothing.
    /// </summary>
    public static string Of(string modelFingerprint, string servingLayoutVersion, string? storageLayout) =>
        string.IsNullOrEmpty(storageLayout)
            ? $"{modelFingerprint}|{servingLayoutVersion}"
            : $"{modelFingerprint}|{servingLayoutVersion}|{storageLayout}";
}

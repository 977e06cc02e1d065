namespace UnlearnRec.Core.Bundles;

/// <summary>Element type of a bundle array file.</summary>
public enum BundleElementType : byte
{
    /// <summary>IEEE 754 single precision.</summary>
    Float32 = 1,

    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 2,

    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 3,
}

namespace UnlearnRec.Model.Experiments.Plotting;

/// <summary>An 8-bit RGB colour.</summary>
/// <param name="R">Red.</param>
/// <param name="G">Green.</param>
/// <param name="B">Blue.</param>
internal readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>Black.</summary>
    public static Rgb Black => new(0, 0, 0);

    /// <summary>Light grey for grid lines.</summary>
    public static Rgb Grid => new(225, 225, 225);
}

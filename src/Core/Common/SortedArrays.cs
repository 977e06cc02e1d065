namespace UnlearnRec.Core.Common;

/// <summary>Sorting helpers shared by the data loaders and the propagation kernels.</summary>
internal static class SortedArrays
{
    /// <summary>
    /// Sorts <paramref name="values"/> in place and returns its distinct values in ascending order: the array itself
    /// when nothing repeats, otherwise a shorter copy of its start.
    /// </summary>
    public static T[] SortDistinct<T>(T[] values)
        where T : IEquatable<T>
    {
        ArgumentNullException.ThrowIfNull(values);
        Array.Sort(values);
        var write = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (write == 0 || !values[i].Equals(values[write - 1]))
            {
                values[write++] = values[i];
            }
        }

        return write == values.Length ? values : values[..write];
    }
}

namespace UnlearnRec.Grains.Interfaces;

/// <summary>Embedding rows addressed by original id; values packed row-major as float32 bytes (Ids.Length × Dim).</summary>
/// <param name="Ids">Row ids.</param>
/// <param name="Values">Packed values (see <see cref="PackedVectors"/>).</param>
/// <param name="Dim">Row width.</param>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.packed-rows")]
public sealed record PackedRows(
    [property: Id(0)] long[] Ids,
    [property: Id(1)] byte[] Values,
    [property: Id(2)] int Dim)
{
    /// <summary>No rows.</summary>
    public static PackedRows Empty(int dim) => new([], [], dim);

    /// <summary>Number of rows.</summary>
    public int Count => Ids.Length;

    /// <summary>Packs rows given as floats.</summary>
    public static PackedRows FromFloats(long[] ids, ReadOnlySpan<float> values, int dim)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (values.Length != ids.Length * dim)
        {
            throw new ArgumentException($"{values.Length} values do not form {ids.Length} rows of {dim}", nameof(values));
        }

        return new PackedRows(ids, PackedVectors.Pack(values), dim);
    }

    /// <summary>Row i as floats (a view into <see cref="Values"/>).</summary>
    public ReadOnlySpan<float> Row(int i) => PackedVectors.View(Values).Slice(i * Dim, Dim);
}

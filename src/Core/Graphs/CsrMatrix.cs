namespace UnlearnRec.Core.Graphs;

/// <summary>
/// A sparse matrix in compressed-sparse-row form with float values. Rows are sorted by column.
/// When the sparsity pattern is symmetric, <see cref="TransposeIndex"/> maps every stored entry (i, j) to the
/// position of (j, i), so the transpose of any re-weighting of the values costs one gather (SGL's edge-dropped
/// views keep the pattern but not the values' symmetry).
/// </summary>
public sealed class CsrMatrix
{
    /// <summary>Creates a matrix from CSR arrays (taken over, not copied).</summary>
    public CsrMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, float[] values, int[]? transposeIndex = null, bool valuesSymmetric = false)
    {
        ArgumentNullException.ThrowIfNull(rowPointers);
        ArgumentNullException.ThrowIfNull(columnIndices);
        ArgumentNullException.ThrowIfNull(values);
        if (rowPointers.Length != rows + 1)
        {
            throw new ArgumentException($"rowPointers has {rowPointers.Length} entries, expected {rows + 1}");
        }

        if (columnIndices.Length != values.Length || rowPointers[rows] != values.Length)
        {
            throw new ArgumentException("columnIndices, values and rowPointers[rows] disagree on the number of non-zeros");
        }

        if (transposeIndex is not null && transposeIndex.Length != values.Length)
        {
            throw new ArgumentException("transposeIndex must have one entry per non-zero");
        }

        Rows = rows;
        Columns = columns;
        RowPointers = rowPointers;
        ColumnIndices = columnIndices;
        Values = values;
        TransposeIndex = transposeIndex;
        ValuesSymmetric = valuesSymmetric;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>Row start offsets (length Rows + 1).</summary>
    public int[] RowPointers { get; }

    /// <summary>Column of each stored entry.</summary>
    public int[] ColumnIndices { get; }

    /// <summary>Value of each stored entry.</summary>
    public float[] Values { get; }

    /// <summary>For a structurally symmetric matrix: position of the mirrored entry of each stored entry, else null.</summary>
    public int[]? TransposeIndex { get; }

    /// <summary>True when A = Aᵀ (values included), so the transpose is the matrix itself.</summary>
    public bool ValuesSymmetric { get; }

    /// <summary>Number of stored entries.</summary>
    public int NonZeros => Values.Length;

    /// <summary>
    /// The transpose. Free for a symmetric matrix, one gather for a structurally symmetric one.
    /// </summary>
    /// <exception cref="InvalidOperationException">The pattern is not known to be symmetric.</exception>
    public CsrMatrix Transpose()
    {
        if (ValuesSymmetric)
        {
            return this;
        }

        if (TransposeIndex is null || Rows != Columns)
        {
            throw new InvalidOperationException("transpose is only supported for structurally symmetric matrices");
        }

        var values = new float[Values.Length];
        var t = TransposeIndex;
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = Values[t[k]];
        }

        return new CsrMatrix(Rows, Columns, RowPointers, ColumnIndices, values, TransposeIndex, valuesSymmetric: false);
    }

    /// <summary>Same pattern, new values (e.g. an edge-dropped view).</summary>
    public CsrMatrix WithValues(float[] values, bool valuesSymmetric)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != Values.Length)
        {
            throw new ArgumentException("value count differs from the pattern's non-zeros");
        }

        return new CsrMatrix(Rows, Columns, RowPointers, ColumnIndices, values, TransposeIndex, valuesSymmetric);
    }

    /// <summary>Degree (number of stored entries) of a row.</summary>
    public int RowLength(int row) => RowPointers[row + 1] - RowPointers[row];
}

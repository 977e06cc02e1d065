using System.Globalization;
using System.Text;
using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Data;
using UnlearnRec.Model.Bundles;

namespace UnlearnRec.Model.Influence;

/// <summary>
/// Writes a bundle's served model as plain text so outside tools can audit it:
/// <c>users.tsv</c> and <c>items.tsv</c> hold one row per user / item, <b>no header</b>: the original id, then the d
/// embedding values, tab-separated, invariant culture, shortest round-trip float format ("R"); the embeddings are the
/// unlearned final embeddings when the bundle has them, else the original final embeddings. <c>forgotten.tsv</c>
/// starts with the header <c>user&lt;TAB&gt;item</c> and lists every forgotten interaction in original ids — the same
/// format <c>unlearnrec unlearn --request</c> reads.
/// </summary>
public static class BundleExport
{
    /// <summary>File name of the user embeddings.</summary>
    public const string UsersFile = "users.tsv";

    /// <summary>File name of the item embeddings.</summary>
    public const string ItemsFile = "items.tsv";

    /// <summary>File name of the forgotten interactions.</summary>
    public const string ForgottenFile = "forgotten.tsv";

    /// <summary>Writes the three files into <paramref name="directory"/> (created if needed; files replaced).</summary>
    /// <returns>Whether the unlearned embeddings were exported, and the number of forgotten interactions.</returns>
    public static (bool Unlearned, int Forgotten) Write(ModelBundle bundle, string directory)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var m = bundle.Manifest;
        var nodes = (long)m.Users + m.Items;
        var unlearned = bundle.Has(BundleArrayNames.UnlearnedFinal);
        var final = bundle.Floats(unlearned ? BundleArrayNames.UnlearnedFinal : BundleArrayNames.Final, nodes, m.Dim);
        var users = bundle.Longs(BundleArrayNames.UserIds, m.Users);
        var items = bundle.Longs(BundleArrayNames.ItemIds, m.Items);
        var forgotten = InfluenceEncoderBundles.ReadForgotten(bundle);
        Directory.CreateDirectory(directory);
        WriteRows(Path.Combine(directory, UsersFile), users, final, 0, m.Dim);
        WriteRows(Path.Combine(directory, ItemsFile), items, final, m.Users, m.Dim);
        for (var e = 0; e < forgotten.Count; e++)
        {
            if ((uint)forgotten.Users[e] >= (uint)users.Length || (uint)forgotten.Items[e] >= (uint)items.Length)
            {
                throw new BundleFormatException($"the bundle's forgotten edge {e} is outside its users and items");
            }
        }

        WriteInteractions(Path.Combine(directory, ForgottenFile), forgotten, users, items);
        return (unlearned, forgotten.Count);
    }

    /// <summary>
    /// Writes interactions (dense ids, mapped to original ids by <paramref name="userIds"/> and <paramref name="itemIds"/>)
    /// as the header <c>user&lt;TAB&gt;item</c> and one pair per line: the format <c>unlearnrec unlearn --request</c> and
    /// the data loaders read.
    /// </summary>
    public static void WriteInteractions(string path, EdgeList edges, IReadOnlyList<long> userIds, IReadOnlyList<long> itemIds)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentNullException.ThrowIfNull(itemIds);
        using var writer = NewWriter(path);
        writer.Write(Core.Unlearning.UnlearningRequestResolver.Header);
        writer.Write('\n');
        for (var e = 0; e < edges.Count; e++)
        {
            writer.Write(userIds[edges.Users[e]].ToString(CultureInfo.InvariantCulture));
            writer.Write('\t');
            writer.Write(itemIds[edges.Items[e]].ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }

    private static void WriteRows(string path, long[] ids, float[] values, int firstRow, int dim)
    {
        using var writer = NewWriter(path);
        var line = new StringBuilder(dim * 12);
        for (var i = 0; i < ids.Length; i++)
        {
            line.Clear();
            line.Append(ids[i].ToString(CultureInfo.InvariantCulture));
            var offset = (long)(firstRow + i) * dim;
            for (var k = 0; k < dim; k++)
            {
                line.Append('\t').Append(values[offset + k].ToString("R", CultureInfo.InvariantCulture));
            }

            line.Append('\n');
            writer.Write(line);
        }
    }

    private static StreamWriter NewWriter(string path) => new(path, append: false, new UTF8Encoding(false), 1 << 16);
}

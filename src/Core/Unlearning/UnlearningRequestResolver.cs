using System.Globalization;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;

namespace UnlearnRec.Core.Unlearning;

/// <summary>
/// Turns unlearning requests given in ORIGINAL ids into dense edges of the current training graph, at three
/// granularities: a TSV file of interactions, every interaction of a user, every interaction with an item.
/// "Current" means the graph the served model still learns from (the original training graph minus what was
/// forgotten before), so a request for an interaction that was already forgotten is rejected with a message that
/// says so rather than silently counted twice.
/// </summary>
public sealed class UnlearningRequestResolver
{
    /// <summary>Header line accepted (and skipped) as the first line of a request file.</summary>
    public const string Header = "user\titem";

    private readonly IdMap _users;
    private readonly IdMap _items;
    private readonly BipartiteGraph _current;
    private readonly HashSet<long> _forgotten;

    /// <summary>Creates a resolver.</summary>
    /// <param name="users">User id map of the model.</param>
    /// <param name="items">Item id map of the model.</param>
    /// <param name="current">Current training graph (original minus forgotten), dense ids.</param>
    /// <param name="forgotten">Interactions forgotten earlier (dense ids), only used to explain rejections.</param>
    public UnlearningRequestResolver(IdMap users, IdMap items, BipartiteGraph current, EdgeList? forgotten = null)
    {
        _users = users ?? throw new ArgumentNullException(nameof(users));
        _items = items ?? throw new ArgumentNullException(nameof(items));
        _current = current ?? throw new ArgumentNullException(nameof(current));
        if (current.UserCount != users.Count || current.ItemCount != items.Count)
        {
            throw new ArgumentException($"graph has {current.UserCount} users × {current.ItemCount} items but the id maps {users.Count} × {items.Count}");
        }

        _forgotten = forgotten?.ToKeySet() ?? [];
    }

    /// <summary>
    /// Reads a request file: one interaction per line, <c>user&lt;TAB&gt;item</c> in original ids, optionally preceded
    /// by the header line <c>user&lt;TAB&gt;item</c>. Blank lines and lines starting with <c>#</c> are skipped;
    /// duplicate lines are merged. Every listed interaction must be in the current training graph.
    /// </summary>
    /// <exception cref="DataFormatException">Malformed line, unknown id, interaction not in the graph (with file:line), or no interactions at all.</exception>
    public EdgeList ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new DataFormatException(path, Directory.Exists(path) ? "is a directory, expected a user<TAB>item file" : "request file does not exist");
        }

        var users = new List<int>();
        var items = new List<int>();
        var seen = new HashSet<long>();
        using var reader = new StreamReader(path);
        long lineNo = 0;
        var sawContent = false;
        while (reader.ReadLine() is { } raw)
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split('\t');
            if (!sawContent)
            {
                sawContent = true;
                if (fields.Length == 2 && fields[0].Trim().Equals("user", StringComparison.OrdinalIgnoreCase) && fields[1].Trim().Equals("item", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
            }

            if (fields.Length != 2)
            {
                var hint = fields.Length == 1 && line.Contains(' ', StringComparison.Ordinal) ? " (fields must be separated by a TAB)" : "";
                throw new DataFormatException(path, lineNo, $"expected 2 tab-separated fields user<TAB>item, found {fields.Length}{hint}: '{Clip(line)}'");
            }

            var userId = ParseId(path, lineNo, fields[0], "user");
            var itemId = ParseId(path, lineNo, fields[1], "item");
            if (!_users.TryGetIndex(userId, out var u))
            {
                throw new DataFormatException(path, lineNo, $"unknown user {userId} (the model has {_users.Count} users)");
            }

            if (!_items.TryGetIndex(itemId, out var v))
            {
                throw new DataFormatException(path, lineNo, $"unknown item {itemId} (the model has {_items.Count} items)");
            }

            if (!_current.Contains(u, v))
            {
                throw new DataFormatException(path, lineNo, _forgotten.Contains(EdgeList.Key(u, v))
                    ? $"interaction ({userId}, {itemId}) was already forgotten"
                    : $"interaction ({userId}, {itemId}) is not in the training graph");
            }

            if (seen.Add(EdgeList.Key(u, v)))
            {
                users.Add(u);
                items.Add(v);
            }
        }

        if (users.Count == 0)
        {
            throw new DataFormatException(path, "no interactions to forget (expected lines user<TAB>item)");
        }

        return new EdgeList([.. users], [.. items]);
    }

    /// <summary>Every remaining interaction of a user.</summary>
    /// <exception cref="UnlearningRequestException">Unknown user, or nothing left to forget.</exception>
    public EdgeList ForUser(long userId)
    {
        if (!_users.TryGetIndex(userId, out var u))
        {
            throw new UnlearningRequestException($"unknown user {userId} (the model has {_users.Count} users)");
        }

        var row = _current.ItemsOf(u);
        if (row.Length == 0)
        {
            throw new UnlearningRequestException($"user {userId} has no interactions left in the training graph (all were forgotten or none existed)");
        }

        var users = new int[row.Length];
        Array.Fill(users, u);
        return new EdgeList(users, row.ToArray());
    }

    /// <summary>Every remaining interaction with an item.</summary>
    /// <exception cref="UnlearningRequestException">Unknown item, or nothing left to forget.</exception>
    public EdgeList ForItem(long itemId)
    {
        if (!_items.TryGetIndex(itemId, out var v))
        {
            throw new UnlearningRequestException($"unknown item {itemId} (the model has {_items.Count} items)");
        }

        var column = _current.UsersOf(v);
        if (column.Length == 0)
        {
            throw new UnlearningRequestException($"item {itemId} has no interactions left in the training graph (all were forgotten or none existed)");
        }

        var items = new int[column.Length];
        Array.Fill(items, v);
        return new EdgeList(column.ToArray(), items);
    }

    /// <summary>Listed interactions of one user (duplicates merged).</summary>
    /// <exception cref="UnlearningRequestException">Unknown user or item, or an interaction not in the graph.</exception>
    public EdgeList ForInteractions(long userId, IEnumerable<long> itemIds)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        if (!_users.TryGetIndex(userId, out var u))
        {
            throw new UnlearningRequestException($"unknown user {userId} (the model has {_users.Count} users)");
        }

        var items = new List<int>();
        foreach (var itemId in itemIds.Distinct())
        {
            if (!_items.TryGetIndex(itemId, out var v))
            {
                throw new UnlearningRequestException($"unknown item {itemId} (the model has {_items.Count} items)");
            }

            if (!_current.Contains(u, v))
            {
                throw new UnlearningRequestException(_forgotten.Contains(EdgeList.Key(u, v))
                    ? $"interaction ({userId}, {itemId}) was already forgotten"
                    : $"interaction ({userId}, {itemId}) is not in the training graph");
            }

            items.Add(v);
        }

        if (items.Count == 0)
        {
            throw new UnlearningRequestException($"no items given for user {userId}");
        }

        var users = new int[items.Count];
        Array.Fill(users, u);
        return new EdgeList(users, [.. items]);
    }

    private static long ParseId(string path, long line, string field, string what)
    {
        var s = field.Trim();
        return long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new DataFormatException(path, line, $"{what} id '{Clip(s)}' is not an integer");
    }

    private static string Clip(string s) => s.Length <= 60 ? s : s[..57] + "...";
}

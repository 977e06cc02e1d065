using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using UnlearnRec.Grains.Interfaces;
using UnlearnRec.Grains.Options;

namespace UnlearnRec.Grains.Ingestion;

/// <summary>
/// Keyed hash of a request's content: lets an auditor holding the key confirm which interactions a request covered,
/// while the ledger itself no longer holds them (architecture.md §5, "forgotten means gone").
/// </summary>
public sealed class ContentHasher(IOptions<DeletionLedgerOptions> options)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.AuditHashKey);

    /// <summary>HMAC-SHA256 over "scope|user|sorted items", first 16 bytes as lower-case hex.</summary>
    public string Hash(DeletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var items = (long[])request.ItemIds.Clone();
        Array.Sort(items);
        var text = string.Create(CultureInfo.InvariantCulture, $"{(int)request.Scope}|{request.UserId}|{string.Join(',', items)}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }
}

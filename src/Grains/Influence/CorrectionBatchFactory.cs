using UnlearnRec.Core.Unlearning;
using UnlearnRec.Grains.Interfaces;

namespace UnlearnRec.Grains.Influence;

/// <summary>Turns the engine's float results into packed wire batches.</summary>
public static class CorrectionBatchFactory
{
    /// <summary>The wire form of a correction set.</summary>
    public static CorrectionBatch FromCorrectionSet(CorrectionSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return new CorrectionBatch
        {
            EngineVersion = set.EngineVersion,
            Users = PackedRows.FromFloats(set.UserIds, set.UserValues, set.Dim),
            Items = PackedRows.FromFloats(set.ItemIds, set.ItemValues, set.Dim),
            RemovedUserIds = set.RemovedUserIds,
            RemovedItemIds = set.RemovedItemIds,
            FullRefresh = set.IsFullRefresh,
        };
    }

    /// <summary>
    /// Seeding batches for a snapshot: users (with their complete interaction lists) in chunks of
    /// <paramref name="usersPerBatch"/>; the first batch also carries every item row.
    /// </summary>
    public static IEnumerable<CorrectionBatch> Seed(EmbeddingSnapshot snapshot, int usersPerBatch)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentOutOfRangeException.ThrowIfLessThan(usersPerBatch, 1);
        var dim = snapshot.Dim;
        var users = snapshot.UserIds.Length;
        for (var start = 0; start < Math.Max(users, 1); start += usersPerBatch)
        {
            var count = Math.Min(usersPerBatch, users - start);
            var ids = snapshot.UserIds.AsSpan(start, count).ToArray();
            var pointers = new int[count + 1];
            var offset = snapshot.InteractionPointers[start];
            for (var i = 0; i <= count; i++)
            {
                pointers[i] = snapshot.InteractionPointers[start + i] - offset;
            }

            var items = snapshot.InteractionItemIds.AsSpan(offset, pointers[count]).ToArray();
            yield return new CorrectionBatch
            {
                EngineVersion = snapshot.EngineVersion,
                Users = PackedRows.FromFloats(ids, snapshot.UserValues.AsSpan(start * dim, count * dim), dim),
                Items = start == 0 ? PackedRows.FromFloats(snapshot.ItemIds, snapshot.ItemValues, dim) : PackedRows.Empty(dim),
                Interactions = new UserInteractionLists(ids, pointers, items),
                FullRefresh = true,
            };
        }
    }

    /// <summary>The engine command of a wire request.</summary>
    public static DeletionCommand ToCommand(DeletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = request.Scope switch
        {
            DeletionRequestScope.User => DeletionScope.User,
            DeletionRequestScope.Item => DeletionScope.Item,
            _ => DeletionScope.Interactions,
        };
        return new DeletionCommand(request.RequestId, scope, request.UserId, request.ItemIds);
    }
}

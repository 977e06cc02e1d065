using UnlearnRec.Grains.Interfaces;

namespace UnlearnRec.Silo.Ingress;

/// <summary>Wire spellings used by the HTTP API.</summary>
public static class IngressText
{
    /// <summary>Lower-case state name.</summary>
    public static string State(DeletionState state) => state switch
    {
        DeletionState.Received => "received",
        DeletionState.Batched => "batched",
        DeletionState.Applied => "applied",
        _ => "rejected",
    };
}

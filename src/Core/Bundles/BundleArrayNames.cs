namespace UnlearnRec.Core.Bundles;

/// <summary>Logical names of the arrays a bundle may carry.</summary>
public static class BundleArrayNames
{
    /// <summary>Original user ids in dense order (int64, [users]).</summary>
    public const string UserIds = "user_ids";

    /// <summary>Original item ids in dense order (int64, [items]).</summary>
    public const string ItemIds = "item_ids";

    /// <summary>Training interactions the backbone was trained on (int32, [edges, 2], dense user then item).</summary>
    public const string TrainEdges = "train_edges";

    /// <summary>Held-out test interactions (int32, [edges, 2]).</summary>
    public const string TestEdges = "test_edges";

    /// <summary>Backbone 0-layer embeddings E0 (float32, [users + items, dim]).</summary>
    public const string Ego = "ego";

    /// <summary>Backbone final embeddings Ē on the training graph (float32, [users + items, dim]).</summary>
    public const string Final = "final";

    /// <summary>Interactions forgotten so far (int32, [edges, 2]); absent when nothing was forgotten.</summary>
    public const string ForgottenEdges = "forgotten_edges";

    /// <summary>Unlearned 0-layer embeddings Ẽ0 after the last unlearning (float32, [nodes, dim]).</summary>
    public const string UnlearnedEgo = "unlearned_ego";

    /// <summary>Served final embeddings after the last unlearning, on the residual graph (float32, [nodes, dim]).</summary>
    public const string UnlearnedFinal = "unlearned_final";

    /// <summary>Influence Encoder H⁰ (float32, [nodes, dim]).</summary>
    public const string EncoderH0 = "encoder.h0";

    /// <summary>Influence Encoder withdraw weights η (float32, [nodes]).</summary>
    public const string EncoderEta = "encoder.eta";

    /// <summary>Influence Encoder MLP weight of layer k (float32, [dim, dim]).</summary>
    public static string EncoderWeight(int k) => $"encoder.mlp.{k}.weight";

    /// <summary>Influence Encoder MLP bias of layer k (float32, [dim]).</summary>
    public static string EncoderBias(int k) => $"encoder.mlp.{k}.bias";
}

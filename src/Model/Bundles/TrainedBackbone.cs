using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Data;
using UnlearnRec.Model.Backbones;

namespace UnlearnRec.Model.Bundles;

/// <summary>
/// A trained backbone as read from (or about to be written to) a model bundle: the data it was trained on, its
/// hyper-parameters, E0 and Ē.
/// </summary>
public sealed record TrainedBackbone
{
    /// <summary>Backbone kind.</summary>
    public required BackboneKind Kind { get; init; }

    /// <summary>Backbone hyper-parameters.</summary>
    public required BackboneOptions Options { get; init; }

    /// <summary>The data set (id maps, training and test splits).</summary>
    public required InteractionDataset Dataset { get; init; }

    /// <summary>0-layer embeddings E0 (N×d).</summary>
    public required float[] Ego { get; init; }

    /// <summary>Final embeddings Ē on the training graph (N×d).</summary>
    public required float[] Final { get; init; }

    /// <summary>The manifest it came with (or will be written with).</summary>
    public required BundleManifest Manifest { get; init; }

    /// <summary>Number of nodes (users + items).</summary>
    public int Nodes => Dataset.UserCount + Dataset.ItemCount;
}

namespace UnlearnRec.Core.Unlearning;

/// <summary>Static facts about a loaded influence engine.</summary>
/// <param name="Model">Backbone name (lightgcn, sgl, simgcl).</param>
/// <param name="Dataset">Data set name of the bundle.</param>
/// <param name="UserCount">Users in the model.</param>
/// <param name="ItemCount">Items in the model.</param>
/// <param name="Dim">Embedding width.</param>
/// <param name="Version">Current engine version (0 = as loaded).</param>
/// <param name="ForgottenEdges">Interactions forgotten so far.</param>
/// <param name="TrainEdges">Interactions in the original training graph.</param>
/// <param name="PretrainedForgetRatio">Fraction of edges the encoder was pre-trained to forget; beyond it a retrain is advised.</param>
/// <param name="Device">Compute device (cpu, cuda).</param>
/// <param name="PendingRows">Rows that moved beyond the tolerance and are still to be sent (by flush computations).</param>
public sealed record EngineDescription(
    string Model,
    string Dataset,
    int UserCount,
    int ItemCount,
    int Dim,
    long Version,
    long ForgottenEdges,
    long TrainEdges,
    double PretrainedForgetRatio,
    string Device,
    int PendingRows = 0);

using UnlearnRec.Core.Embeddings;
using UnlearnRec.Model.Torch;
using UnlearnRec.Model.Training;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Backbones;

/// <summary>
/// A graph recommender's forward pass and training loss, as functions of the 0-layer embeddings E0 and the graph
/// (method.md §2.4): UnlearnRec evaluates the same backbone with a corrected Ẽ0 on the residual graph, so neither is
/// stored here. Tensors returned belong to the caller's dispose scope.
/// </summary>
public abstract class Backbone
{
    /// <summary>Creates the backbone.</summary>
    protected Backbone(BackboneKind kind, BackboneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Kind = kind;
        Options = options;
    }

    /// <summary>Which backbone this is.</summary>
    public BackboneKind Kind { get; }

    /// <summary>Hyper-parameters.</summary>
    public BackboneOptions Options { get; }

    /// <summary>Main-branch layer readout.</summary>
    public LayerAggregation Aggregation => Kind.Aggregation();

    /// <summary>Creates the backbone of a kind.</summary>
    public static Backbone Create(BackboneKind kind, BackboneOptions options) => kind switch
    {
        BackboneKind.LightGcn => new LightGcnBackbone(options),
        BackboneKind.Sgl => new SglBackbone(options),
        _ => new SimGclBackbone(options),
    };

    /// <summary>Final embeddings Ē (N×d) of the main branch for ego embeddings <paramref name="ego"/> on <paramref name="graph"/>.</summary>
    public Tensor Forward(PropagationGraph graph, Tensor ego) => Readout(graph, ego, Aggregation, Options.Layers);

    /// <summary>
    /// The training loss for one minibatch (BPR + regulariser + contrastive term), with E0 replaced by
    /// <paramref name="ego"/> (a parameter while training, Ẽ0 while unlearning).
    /// </summary>
    /// <param name="graph">Training (or residual) adjacency.</param>
    /// <param name="ego">0-layer embeddings, N×d.</param>
    /// <param name="batch">BPR triples.</param>
    /// <param name="random">Randomness for views (edge masks); noise uses torch's generator.</param>
    public abstract BackboneLoss Loss(PropagationGraph graph, Tensor ego, TrainingBatch batch, Random random);

    /// <summary>Σ_l w_l · Âˡ E0 with optional per-layer perturbation (SimGCL noise).</summary>
    protected static Tensor Readout(PropagationGraph graph, Tensor ego, LayerAggregation aggregation, int layers, Func<Tensor, Tensor>? perturb = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(ego);
        if (perturb is null)
        {
            var weights = new float[layers + 1];
            for (var l = 0; l <= layers; l++)
            {
                weights[l] = aggregation.Weight(l, layers);
            }

            return graph.Readout(ego, weights);
        }

        var w0 = aggregation.Weight(0, layers);
        Tensor? sum = w0 == 0f ? null : w0 == 1f ? ego.alias() : ego * w0;
        var current = ego;
        for (var l = 1; l <= layers; l++)
        {
            current = graph.Propagate(current);
            if (perturb is not null)
            {
                current = perturb(current);
            }

            var w = aggregation.Weight(l, layers);
            var term = w == 1f ? current : current * w;
            sum = sum is null ? term : sum + term;
        }

        return sum ?? zeros_like(ego);
    }

    /// <summary>BPR: −mean log σ(ŷ(u,i⁺) − ŷ(u,i⁻)), in log-sigmoid form (method.md A18).</summary>
    protected static Tensor Bpr(Tensor final, TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(final);
        ArgumentNullException.ThrowIfNull(batch);
        var u = final.index_select(0, batch.UserNodes);
        var p = final.index_select(0, batch.PositiveNodes);
        var n = final.index_select(0, batch.NegativeNodes);
        var margin = (u * p).sum(1) - (u * n).sum(1);
        return -nn.functional.logsigmoid(margin).mean();
    }

    /// <summary>
    /// InfoNCE between two views of the same nodes: row i of <paramref name="a"/> against every row of
    /// <paramref name="b"/>, positives on the diagonal, cosine similarity over temperature, mean over rows.
    /// </summary>
    internal static Tensor InfoNce(Tensor a, Tensor b, double temperature)
    {
        var za = nn.functional.normalize(a, p: 2, dim: 1);
        var zb = nn.functional.normalize(b, p: 2, dim: 1);
        var logits = za.mm(zb.t()) / temperature;
        var positive = (za * zb).sum(1) / temperature;
        return (logsumexp(logits, 1) - positive).mean();
    }
}

using UnlearnRec.Model.Backbones;
using UnlearnRec.Model.Torch;
using UnlearnRec.Model.Training;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Influence;

/// <summary>The unlearning-specific loss terms of method.md §4.2 (b)–(d), in log-sigmoid / log-sum-exp form (A18).</summary>
internal static class UnlearningLosses
{
    /// <summary>
    /// L_u = −mean_{(u,v)∈E_Δ} log σ(−⟨ē_u, ē_v⟩) over ALL request edges (no subsampling), on the final embeddings
    /// of the same backbone forward that L_M used.
    /// </summary>
    public static Tensor Unlearn(Tensor final, Tensor requestUsers, Tensor requestItems)
    {
        var scores = (final.index_select(0, requestUsers) * final.index_select(0, requestItems)).sum(1);
        return -nn.functional.logsigmoid(-scores).mean();
    }

    /// <summary>
    /// q_b = log softmax over the batch's positive items of ⟨ē_{u_b}, ē_{i⁺_b'}⟩/τ_p, taken at b' = b (the "v2"
    /// preservation target). The authors' +1e-6 floors inside the logs are dropped (A18); they only matter for
    /// probabilities far below 1/batch.
    /// </summary>
    public static Tensor InBatchLogSoftmax(Tensor final, TrainingBatch batch, double tau)
    {
        var u = final.index_select(0, batch.UserNodes);
        var p = final.index_select(0, batch.PositiveNodes);
        var logits = u.mm(p.t()) / tau;
        return ((u * p).sum(1) / tau) - logsumexp(logits, 1);
    }

    /// <summary>L_p = Σ_b (q_b − q̄_b)², a SUM over the batch (A4), q̄ from the original model on the original graph (A5).</summary>
    public static Tensor Preserve(Tensor final, Tensor originalFinal, TrainingBatch batch, double tau)
    {
        Tensor target;
        using (no_grad())
        {
            target = InBatchLogSoftmax(originalFinal, batch, tau);
        }

        return (InBatchLogSoftmax(final, batch, tau) - target).square().sum();
    }

    /// <summary>
    /// L_c = Σ_{l=1..L} [InfoNCE(Y^l, Ỹ^l; batch users) + InfoNCE(Y^l, Ỹ^l; batch positive items)] with the clean view
    /// Y^l = Â_Δ H^{l−1} (stop-gradient) and the perturbed view Ỹ^l = Â′_Δ H^{l−1}, Â′_Δ a value-dropped copy of Â_Δ.
    /// Nodes are the batch's unique users / positive items restricted to those the request touches (D_Δ &gt; 0, A6):
    /// untouched nodes have all-zero rows in both views and would only add a constant to the loss.
    /// </summary>
    public static Tensor Contrastive(Tensor h0, PropagationGraph idm, PropagationGraph dropped, Tensor touched, TrainingBatch batch, int layers, double tau)
    {
        var users = Touched(batch.UserNodes, touched);
        var items = Touched(batch.PositiveNodes, touched);
        var useUsers = users.shape[0] >= 2;
        var useItems = items.shape[0] >= 2;
        var total = zeros(1, device: h0.device).squeeze();
        if (!useUsers && !useItems)
        {
            return total;
        }

        var h = h0;
        for (var l = 1; l <= layers; l++)
        {
            var next = idm.Propagate(h);
            var clean = next.detach();
            var perturbed = dropped.Propagate(h);
            if (useUsers)
            {
                total = total + Backbone.InfoNce(clean.index_select(0, users), perturbed.index_select(0, users), tau);
            }

            if (useItems)
            {
                total = total + Backbone.InfoNce(clean.index_select(0, items), perturbed.index_select(0, items), tau);
            }

            h = next;
        }

        return total;
    }

    private static Tensor Touched(Tensor nodes, Tensor touched)
    {
        var distinct = unique(nodes).output;
        return distinct.masked_select(touched.index_select(0, distinct));
    }
}

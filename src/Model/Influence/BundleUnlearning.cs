using System.Globalization;
using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Core.Unlearning;
using UnlearnRec.Model.Bundles;
using UnlearnRec.Model.Evaluation;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Influence;

/// <summary>
/// Unlearns a request against the model in a bundle (the <c>unlearnrec unlearn</c> workflow): resolves the request
/// against the current graph (original minus what the bundle already forgot), unlearns the cumulative forgotten set
/// zero-shot and then with fine-tuning (continuing from the bundle's previous fine-tuning, §5.3), measures
/// Recall/NDCG before and after and MI-BF/MI-NG, and returns the updated bundle.
/// </summary>
public static class BundleUnlearning
{
    /// <summary>Runs one request.</summary>
    /// <param name="bundle">A bundle with a pre-trained encoder.</param>
    /// <param name="resolve">Builds the request from a resolver over the current graph (file, user or item).</param>
    /// <param name="fineTune">Fine-tuning settings (Epochs 0 = zero-shot only).</param>
    /// <param name="device">Compute device.</param>
    /// <param name="progress">Progress lines.</param>
    /// <param name="cancellationToken">Stops fine-tuning after the current step.</param>
    /// <exception cref="BundleFormatException">The bundle has no encoder, or its forgotten set does not fit its graph.</exception>
    /// <exception cref="DataFormatException">A request file is malformed or names interactions that are not in the graph.</exception>
    /// <exception cref="UnlearningRequestException">A user/item request cannot be resolved.</exception>
    public static BundleUnlearningResult Run(ModelBundle bundle, Func<UnlearningRequestResolver, EdgeList> resolve, FineTuneOptions fineTune, Device device, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(resolve);
        ArgumentNullException.ThrowIfNull(fineTune);
        ArgumentNullException.ThrowIfNull(device);
        var encoder = InfluenceEncoderBundles.ReadEncoder(bundle)
            ?? throw new BundleFormatException("the bundle has no pre-trained Influence Encoder; run 'unlearnrec pretrain --bundle DIR' first");
        var model = BackboneBundles.Read(bundle);
        var ds = model.Dataset;
        var dim = model.Options.Dim;
        var original = BipartiteGraph.Build(ds.UserCount, ds.ItemCount, ds.Train);
        var test = BipartiteGraph.Build(ds.UserCount, ds.ItemCount, ds.Test);
        var forgotten = InfluenceEncoderBundles.ReadForgotten(bundle);
        for (var e = 0; e < forgotten.Count; e++)
        {
            if (!original.Contains(forgotten.Users[e], forgotten.Items[e]))
            {
                throw new BundleFormatException($"the bundle's forgotten edge {e} ({forgotten.Users[e]}, {forgotten.Items[e]}) is not a training edge");
            }
        }

        var current = EdgeSets.Residual(original, forgotten);
        var request = resolve(new UnlearningRequestResolver(ds.Users, ds.Items, current, forgotten));
        var cumulative = EdgeSets.Union(forgotten, request);
        var residual = EdgeSets.Residual(current, request);
        var ratio = (double)cumulative.Count / Math.Max(1, original.EdgeCount);
        string? warning = null;
        if (ratio > encoder.Options.RhoPre)
        {
            warning = string.Create(CultureInfo.InvariantCulture,
                $"the forgotten set is {ratio:P2} of the training edges, beyond the {encoder.Options.RhoPre:P1} the encoder was pre-trained for (ρ_pre); its corrections are extrapolations — re-run 'unlearnrec pretrain' with a larger --rho-pre or retrain the model");
            progress?.Invoke("warning: " + warning);
        }

        progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"request: {request.Count} interactions; forgotten in total {cumulative.Count} of {original.EdgeCount} ({ratio:P3}); encoder pre-trained for ρ_pre {encoder.Options.RhoPre:G3}"));

        var servedBefore = bundle.Has(BundleArrayNames.UnlearnedFinal) ? bundle.Floats(BundleArrayNames.UnlearnedFinal, original.NodeCount, dim) : model.Final;
        var before = new RankingEvaluator(current, test, fineTune.TopK).Evaluate(servedBefore, dim);
        var afterEvaluator = new RankingEvaluator(residual, test, fineTune.TopK);

        var unlearner = InfluenceUnlearner.Create(model, encoder, device);
        if (InfluenceEncoderBundles.ReadTuned(bundle) is { } tuned && forgotten.Count > 0)
        {
            unlearner.Restore(tuned);
        }

        // one untimed pass first: the first libtorch calls and JIT compilation in a fresh process cost ~0.1–0.3 s,
        // a one-off start-up cost that is not part of unlearning (the online engine and the experiment runner are warm)
        _ = unlearner.ZeroShot(cumulative, residual);
        var zeroShot = unlearner.ZeroShot(cumulative, residual);
        var zeroShotRanking = afterEvaluator.Evaluate(zeroShot.Final, dim);
        var zeroShotStage = Stage(model.Final, zeroShot.Final, zeroShotRanking, dim, original, cumulative, fineTune, zeroShot.Seconds);
        progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"zero-shot: {zeroShot.Seconds * 1000:F1} ms (encoder {zeroShot.EncoderSeconds * 1000:F1} ms, propagation {zeroShot.PropagationSeconds * 1000:F1} ms, residual graph {zeroShot.ResidualSeconds * 1000:F1} ms)  recall@{zeroShotRanking.K} {zeroShotRanking.Recall:F4}  MI-BF {zeroShotStage.MiBf:F3}  MI-NG {zeroShotStage.MiNg:F3}"));

        FineTuneResult? ft = null;
        UnlearningStageMetrics? ftStage = null;
        if (fineTune.Epochs > 0)
        {
            ft = unlearner.FineTune(cumulative, fineTune, residual, zeroShotRanking.Recall, r => progress?.Invoke(InfluenceReports.Describe(r)), cancellationToken);
            var ranking = afterEvaluator.Evaluate(ft.Final, dim);
            ftStage = Stage(model.Final, ft.Final, ranking, dim, original, cumulative, fineTune, ft.Seconds);
        }

        var metrics = new Dictionary<string, double>
        {
            ["unlearned_edges"] = cumulative.Count,
            [$"unlearned_recall@{fineTune.TopK}"] = (ftStage ?? zeroShotStage).Ranking.Recall,
            [$"unlearned_ndcg@{fineTune.TopK}"] = (ftStage ?? zeroShotStage).Ranking.Ndcg,
            ["unlearned_mi_bf"] = (ftStage ?? zeroShotStage).MiBf,
            ["unlearned_mi_ng"] = (ftStage ?? zeroShotStage).MiNg,
            ["zero_shot_seconds"] = zeroShot.Seconds,
            ["finetune_seconds"] = ft?.Seconds ?? 0,
        };
        var updated = InfluenceEncoderBundles.WithUnlearning(bundle, cumulative, ft?.Ego ?? zeroShot.Ego, ft?.Final ?? zeroShot.Final, unlearner.Tuned, metrics);
        return new BundleUnlearningResult
        {
            Bundle = updated,
            RequestEdges = request.Count,
            ForgottenEdges = cumulative.Count,
            TrainEdges = original.EdgeCount,
            PretrainRatio = encoder.Options.RhoPre,
            Warning = warning,
            Before = before,
            MeanForgottenScoreOriginal = MembershipRatios.MeanScore(model.Final, dim, original.UserCount, cumulative),
            MiNgOriginal = MembershipRatios.MiNg(model.Final, dim, original, cumulative, fineTune.Seed, fineTune.NegativeDraws),
            ZeroShot = zeroShotStage,
            FineTuned = ftStage,
            FineTune = ft,
            ZeroShotDetail = zeroShot,
        };
    }

    private static UnlearningStageMetrics Stage(float[] before, float[] after, RankingResult ranking, int dim, BipartiteGraph original, EdgeList forgotten, FineTuneOptions options, double seconds) =>
        new(ranking,
            MembershipRatios.MiBf(before, after, dim, original.UserCount, forgotten),
            MembershipRatios.MiNg(after, dim, original, forgotten, options.Seed, options.NegativeDraws),
            MembershipRatios.MeanScore(after, dim, original.UserCount, forgotten),
            seconds);

    private static RankingResult Evaluate(this RankingEvaluator evaluator, float[] final, int dim)
    {
        using var scope = NewDisposeScope();
        using var t = TensorArrays.Copy(final, [final.Length / dim, dim], CPU);
        return evaluator.Evaluate(t);
    }
}

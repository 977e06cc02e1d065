using System.Globalization;
using System.Text.Json.Nodes;
using UnlearnRec.Client.Cli;
using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Diagnostics;
using UnlearnRec.Core.Unlearning;
using UnlearnRec.Model.Evaluation;
using UnlearnRec.Model.Influence;

namespace UnlearnRec.Client.Commands;

/// <summary><c>unlearnrec unlearn</c>: forgets interactions from a bundle's model with its pre-trained Influence Encoder.</summary>
public sealed class UnlearnCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "unlearn";

    /// <inheritdoc />
    public string Summary => "forget interactions (a TSV file, a user or an item) with the bundle's pre-trained Influence Encoder";

    /// <inheritdoc />
    public string Usage => $"""
        usage: unlearnrec unlearn --bundle DIR (--request FILE | --user ID | --item ID) [--out DIR2] [options]

        Unlearns a request with UnlearnRec: a zero-shot Influence Encoder forward (Ẽ0 = E0 + MLP(ΔE0), served on the
        residual graph), then a short fine-tuning of the MLP and a copy of E0 (method.md §5). Requests accumulate:
        the bundle's forgotten set grows with every call, the encoder always sees the whole forgotten set and
        fine-tuning continues from the previous call's result. Prints Recall/NDCG before and after, MI-BF / MI-NG
        (σ-score ratios over the forgotten set; above 1 = forgotten) and the time of each stage, then writes the
        forgotten set, Ẽ0 and the served embeddings into the bundle (in place unless --out). Progress goes to stderr.

          --bundle DIR           bundle with a pre-trained encoder ('unlearnrec pretrain')
          --request FILE         interactions to forget: lines user<TAB>item in original ids, optional header
                                 line 'user<TAB>item' (the format of 'unlearnrec export' forgotten.tsv)
          --user ID              forget every remaining interaction of this user (original id)
          --item ID              forget every remaining interaction with this item (original id)
          --out DIR2             write the updated bundle there instead of in place
        {InfluenceArguments.FineTuneUsage}
          --device NAME          auto | cpu | cuda (default auto)
          --json                 print one JSON object with the figures as the last stdout line

        example: unlearnrec unlearn --bundle runs/ml1m-lightgcn --request forget.tsv --finetune-epochs 3
        """;

    /// <inheritdoc />
    public Task<int> RunAsync(CommandLineArguments args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var bundlePath = args.Required("bundle");
        var outPath = args.String("out") ?? bundlePath;
        var requestFile = args.String("request");
        var user = args.Has("user") ? args.Long("user", 0) : (long?)null;
        var item = args.Has("item") ? args.Long("item", 0) : (long?)null;
        var json = args.Flag("json");
        var fineTune = InfluenceArguments.FineTune(args);
        var device = TrainCommand.ResolveDevice(args.String("device", "auto"));
        args.EnsureAllUsed();
        var given = (requestFile is null ? 0 : 1) + (user is null ? 0 : 1) + (item is null ? 0 : 1);
        if (given != 1)
        {
            throw new CliUsageException("give exactly one of --request FILE, --user ID, --item ID");
        }

        Func<UnlearningRequestResolver, EdgeList> resolve = requestFile is not null
            ? r => r.ReadFile(requestFile)
            : user is { } u ? r => r.ForUser(u) : r => r.ForItem(item!.Value);
        var what = requestFile is not null ? $"request file {requestFile}" : user is not null ? $"user {user}" : $"item {item}";

        var bundle = ModelBundle.Load(bundlePath);
        BundleUnlearningResult result;
        try
        {
            result = BundleUnlearning.Run(bundle, resolve, fineTune, device, ConsoleOutput.Progress, cancellationToken);
        }
        catch (UnlearningRequestException e)
        {
            throw new UserFacingException(e.Message, e);
        }

        result.Bundle.Save(outPath);
        var final = result.FineTuned ?? result.ZeroShot;
        var k = result.Before.K;
        ConsoleOutput.Result(string.Create(CultureInfo.InvariantCulture,
            $"unlearned {what}: {result.RequestEdges} interactions (forgotten in total {result.ForgottenEdges}, {result.ForgetRatio:P3} of {result.TrainEdges})"));
        ConsoleOutput.Result(Line("before", result.Before, null, null, null) + string.Create(CultureInfo.InvariantCulture, $"  (original model: MI-NG {result.MiNgOriginal:F3} over the forgotten set)"));
        ConsoleOutput.Result(Line("zero-shot", result.ZeroShot.Ranking, result.ZeroShot.MiBf, result.ZeroShot.MiNg, result.ZeroShot.Seconds));
        if (result.FineTuned is { } ft)
        {
            ConsoleOutput.Result(Line($"fine-tuned ({result.FineTune!.EpochsRun} ep)", ft.Ranking, ft.MiBf, ft.MiNg, ft.Seconds));
        }

        ConsoleOutput.Result(string.Create(CultureInfo.InvariantCulture,
            $"forgotten-edge mean score: original {result.MeanForgottenScoreOriginal:F3} -> zero-shot {result.ZeroShot.MeanForgottenScore:F3}{(result.FineTuned is { } f ? $" -> fine-tuned {f.MeanForgottenScore:F3}" : "")}; bundle {Path.GetFullPath(outPath)}"));
        if (result.Warning is not null)
        {
            ConsoleOutput.Result("warning: " + result.Warning);
        }

        if (json)
        {
            var o = new JsonObject
            {
                ["request"] = what,
                ["request_edges"] = result.RequestEdges,
                ["forgotten_edges"] = result.ForgottenEdges,
                ["train_edges"] = result.TrainEdges,
                ["forget_ratio"] = ConsoleOutput.Round(result.ForgetRatio, 8),
                ["rho_pre"] = result.PretrainRatio,
                ["beyond_pretrain_range"] = result.Warning is not null,
                [$"recall@{k}_before"] = ConsoleOutput.Round(result.Before.Recall),
                [$"ndcg@{k}_before"] = ConsoleOutput.Round(result.Before.Ndcg),
                [$"recall@{k}_zero_shot"] = ConsoleOutput.Round(result.ZeroShot.Ranking.Recall),
                [$"ndcg@{k}_zero_shot"] = ConsoleOutput.Round(result.ZeroShot.Ranking.Ndcg),
                ["mi_ng_original"] = ConsoleOutput.Round(result.MiNgOriginal),
                ["mi_bf_zero_shot"] = ConsoleOutput.Round(result.ZeroShot.MiBf),
                ["mi_ng_zero_shot"] = ConsoleOutput.Round(result.ZeroShot.MiNg),
                [$"recall@{k}_after"] = ConsoleOutput.Round(final.Ranking.Recall),
                [$"ndcg@{k}_after"] = ConsoleOutput.Round(final.Ranking.Ndcg),
                ["mi_bf"] = ConsoleOutput.Round(final.MiBf),
                ["mi_ng"] = ConsoleOutput.Round(final.MiNg),
                ["forgotten_score_original"] = ConsoleOutput.Round(result.MeanForgottenScoreOriginal),
                ["forgotten_score_zero_shot"] = ConsoleOutput.Round(result.ZeroShot.MeanForgottenScore),
                ["forgotten_score_after"] = ConsoleOutput.Round(final.MeanForgottenScore),
                ["zero_shot_seconds"] = ConsoleOutput.Round(result.ZeroShot.Seconds, 6),
                ["zero_shot_encoder_seconds"] = ConsoleOutput.Round(result.ZeroShotDetail.EncoderSeconds, 6),
                ["zero_shot_propagation_seconds"] = ConsoleOutput.Round(result.ZeroShotDetail.PropagationSeconds, 6),
                ["finetune_seconds"] = ConsoleOutput.Round(result.FineTune?.Seconds ?? 0, 3),
                ["finetune_check_seconds"] = ConsoleOutput.Round(result.FineTune?.CheckSeconds ?? 0, 3),
                ["finetune_epochs"] = result.FineTune?.EpochsRun ?? 0,
                ["finetune_steps"] = result.FineTune?.Steps ?? 0,
                ["finetune_stopped_early"] = result.FineTune?.StoppedEarly ?? false,
                ["peak_rss_mb"] = ConsoleOutput.Round(ProcessMemory.PeakRssMb(), 1),
                ["device"] = device.ToString(),
                ["bundle"] = Path.GetFullPath(outPath),
            };
            ConsoleOutput.Json(o);
        }

        return Task.FromResult(0);
    }

    private static string Line(string stage, RankingResult r, double? miBf, double? miNg, double? seconds) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{stage,-22} recall@{r.K} {r.Recall:F4}  ndcg@{r.K} {r.Ndcg:F4}{(miBf is { } bf ? $"  MI-BF {bf:F3}  MI-NG {miNg:F3}" : "")}{(seconds is { } s ? $"  {Time(s)}" : "")}");

    private static string Time(double seconds) => seconds < 1
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds * 1000:F1} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds:F2} s");
}

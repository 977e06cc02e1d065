using System.Globalization;

namespace UnlearnRec.Model.Influence;

/// <summary>One-line renderings of pre-training and fine-tuning progress (shared by the CLI and the experiment adapters).</summary>
public static class InfluenceReports
{
    /// <summary>A pre-training epoch.</summary>
    public static string Describe(PretrainEpochReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var eval = r.Gap is { } g ? string.Create(CultureInfo.InvariantCulture, $"  held-out gap {g:F4}  recall@K {r.Recall:F4}{(r.IsBest ? "  *best" : "")}") : "";
        if (r.Epoch == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"pretrain epoch    0/{r.Epochs}  untrained encoder{eval}");
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"pretrain epoch {r.Epoch,4}/{r.Epochs}  loss {r.Total:F4} (L_M {r.Model:F4}  L_u {r.Unlearn:F4}  L_p {r.Preserve:F4}  L_c {r.Contrast:F4})  {r.Steps} steps  {r.Seconds,6:F1} s{(r.NewRequest ? $"  new request {r.RequestEdges} edges" : "")}{eval}  elapsed {r.ElapsedSeconds:F1} s");
    }

    /// <summary>A fine-tuning epoch.</summary>
    public static string Describe(FineTuneEpochReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var check = r.MiNg is { } mi ? string.Create(CultureInfo.InvariantCulture, $"  MI-NG {mi:F3}{(r.Recall is { } rc ? $"  recall@K {rc:F4}" : "")}{(r.Stop ? "  early stop" : "")}") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"finetune epoch {r.Epoch}/{r.Epochs}  loss {r.Total:F4} (L_M {r.Model:F4}  L_u {r.Unlearn:F4}  L_p {r.Preserve:F4})  {r.Steps} steps  {r.Seconds:F2} s{check}");
    }

    /// <summary>
    /// Sends a warning to the task's progress sink when the cumulative forgotten set exceeds the fraction ρ_pre the
    /// encoder was pre-trained for (method.md §5.3: beyond it the encoder extrapolates; re-pre-train or retrain).
    /// </summary>
    internal static void WarnIfBeyondPretraining(Experiments.UnlearningTask task, InfluenceEncoderState encoder)
    {
        var ratio = (double)task.Request.Count / Math.Max(1, task.Original.EdgeCount);
        if (ratio > encoder.Options.RhoPre)
        {
            task.Progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"warning: forgotten set is {ratio:P2} of the training edges, beyond the encoder's pre-training range ρ_pre = {encoder.Options.RhoPre:P1}"));
        }
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using UnlearnRec.Model.Baselines;
using UnlearnRec.Model.Experiments.Plotting;

namespace UnlearnRec.Model.Experiments;

/// <summary>
/// Everything an experiment run measured: the setup, one row per method (after the full request), the per-step rows of
/// a sequential run and the score samples of the case-study figure. Renders to JSON, markdown and a PNG figure.
/// </summary>
public sealed record ExperimentReport
{
    /// <summary>Results file names written by <see cref="WriteTo"/>.</summary>
    public static class Files
    {
        /// <summary>Markdown table.</summary>
        public const string Markdown = "results.md";

        /// <summary>JSON document.</summary>
        public const string Json = "results.json";

        /// <summary>Score-distribution figure.</summary>
        public const string Figure = "scores.png";
    }

    /// <summary>Data set name.</summary>
    public required string Dataset { get; init; }

    /// <summary>Backbone name.</summary>
    public required string Model { get; init; }

    /// <summary>Request protocol.</summary>
    public required ExperimentProtocol Protocol { get; init; }

    /// <summary>Attack or request ratio in effect.</summary>
    public required double Ratio { get; init; }

    /// <summary>Users.</summary>
    public required int Users { get; init; }

    /// <summary>Items.</summary>
    public required int Items { get; init; }

    /// <summary>Edges of the clean training graph (before injection).</summary>
    public required int CleanEdges { get; init; }

    /// <summary>Edges of the graph the original model was trained on (attacked graph for the adversarial protocol).</summary>
    public required int OriginalEdges { get; init; }

    /// <summary>Test interactions.</summary>
    public required int TestEdges { get; init; }

    /// <summary>Edges in the full request.</summary>
    public required int RequestEdges { get; init; }

    /// <summary>Adversarial picks before de-duplication (r·(I+J)); 0 for the random protocol.</summary>
    public int PicksBeforeDedupe { get; init; }

    /// <summary>Ranking cut-off K.</summary>
    public required int K { get; init; }

    /// <summary>Number of sequential steps.</summary>
    public int Sequential { get; init; } = 1;

    /// <summary>Recall@K of the clean model that crafted the attack (adversarial only).</summary>
    public double? CleanRecall { get; init; }

    /// <summary>Rows after the full request: <c>original</c> first, then each method.</summary>
    public required IReadOnlyList<ExperimentRow> Rows { get; init; }

    /// <summary>Per-step rows of a sequential run (empty for a one-shot run).</summary>
    public IReadOnlyList<ExperimentStep> Steps { get; init; } = [];

    /// <summary>Score samples per row name after the full request, for the figure.</summary>
    public IReadOnlyDictionary<string, ScoreDistribution> Distributions { get; init; } = new Dictionary<string, ScoreDistribution>();

    /// <summary>Settings and remarks worth keeping with the numbers.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// The rows shown as "after" in the figure: every UnlearnRec row present, else the first method that is not
    /// Retrain.
    /// </summary>
    public IReadOnlyList<string> AfterMethods
    {
        get
        {
            var unlearnRec = Rows.Select(r => r.Method).Where(m => m is ExperimentMethods.UnlearnRecZeroShot or ExperimentMethods.UnlearnRec).ToArray();
            if (unlearnRec.Length > 0)
            {
                return unlearnRec;
            }

            var first = Rows.FirstOrDefault(r => r.Method is not ExperimentRunner.OriginalRow and not RetrainMethod.MethodName);
            return first is null ? [] : [first.Method];
        }
    }

    /// <summary>
    /// The JSON document: <c>dataset</c>, <c>model</c>, <c>protocol</c>, <c>rows</c> (method, recall@K, ndcg@K, mi_bf,
    /// mi_ng, mi_bf_attacker, mi_ng_attacker, seconds, prepare_seconds, peak_rss_mb, …), <c>steps</c> for sequential
    /// runs; with <paramref name="details"/> also the score statistics per row and the notes.
    /// </summary>
    public JsonObject ToJson(bool details = false)
    {
        var json = new JsonObject
        {
            ["dataset"] = Dataset,
            ["model"] = Model,
            ["protocol"] = ProtocolName,
            ["rows"] = RowsJson(Rows, details),
        };
        if (Steps.Count > 0)
        {
            var steps = new JsonArray();
            foreach (var s in Steps)
            {
                steps.Add(new JsonObject
                {
                    ["step"] = s.Step,
                    ["request_edges"] = s.RequestEdges,
                    ["increment_edges"] = s.IncrementEdges,
                    ["rows"] = RowsJson(s.Rows, details),
                });
            }

            json["steps"] = steps;
        }

        // setup figures after the rows and steps, so the line starts with the documented keys
        json["ratio"] = Round(Ratio);
        json["users"] = Users;
        json["items"] = Items;
        json["clean_edges"] = CleanEdges;
        json["original_edges"] = OriginalEdges;
        json["test_edges"] = TestEdges;
        json["request_edges"] = RequestEdges;
        json["sequential"] = Sequential;
        if (Protocol == ExperimentProtocol.Adversarial)
        {
            json["picks_before_dedupe"] = PicksBeforeDedupe;
            if (CleanRecall is { } cr)
            {
                json[$"clean_recall@{K}"] = Round(cr);
            }
        }

        if (details)
        {
            json["notes"] = new JsonArray(Notes.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray());
        }

        return json;
    }

    /// <summary>The markdown report: setup, the comparison table, score means and sequential steps.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        sb.AppendLine(c, $"# Unlearning experiment: {Model} on {Dataset}, {ProtocolName} protocol");
        sb.AppendLine();
        sb.AppendLine(c, $"- {Users:N0} users, {Items:N0} items; clean training edges {CleanEdges:N0}, original model trained on {OriginalEdges:N0}; test {TestEdges:N0}");
        sb.AppendLine(Protocol == ExperimentProtocol.Adversarial
            ? string.Create(c, $"- request: {RequestEdges:N0} injected least-related edges (r = {Ratio:G4}; {PicksBeforeDedupe:N0} picks before de-duplication){(CleanRecall is { } cr ? $"; clean model Recall@{K} {cr:F4}" : "")}")
            : string.Create(c, $"- request: {RequestEdges:N0} random training edges (ratio {Ratio:G4})"));
        if (Sequential > 1)
        {
            sb.AppendLine(c, $"- sequential: {Sequential} steps; the table shows the state after the last step");
        }

        foreach (var n in Notes)
        {
            sb.AppendLine(c, $"- {n}");
        }

        sb.AppendLine();
        AppendTable(sb, Rows);
        sb.AppendLine();
        sb.AppendLine("MI-BF = mean σ(score before) / mean σ(score after) over the request edges; MI-NG = mean σ(score) of random non-edges / mean σ(score) of the request edges, after unlearning (both higher = better forgotten). The attacker columns use a trained membership-inference MLP's P(present) instead of σ. Seconds exclude the one-off preparation (own column); peak RSS is the process's peak during the call.");
        sb.AppendLine();
        sb.AppendLine("## Mean dot-product scores");
        sb.AppendLine();
        sb.AppendLine("| method | forgotten edges | training positives | random negatives |");
        sb.AppendLine("|---|---:|---:|---:|");
        foreach (var r in Rows)
        {
            sb.AppendLine(c, $"| {r.Method} | {r.RequestScoreMean:F4} | {r.PositiveScoreMean:F4} | {r.NegativeScoreMean:F4} |");
        }

        foreach (var s in Steps)
        {
            sb.AppendLine();
            sb.AppendLine(c, $"## Step {s.Step} of {Steps.Count}: {s.RequestEdges:N0} edges forgotten so far (+{s.IncrementEdges:N0})");
            sb.AppendLine();
            AppendTable(sb, s.Rows);
        }

        return sb.ToString();
    }

    /// <summary>Writes <c>results.md</c>, <c>results.json</c> (detailed) and <c>scores.png</c> into <paramref name="directory"/>.</summary>
    public void WriteTo(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, Files.Markdown), ToMarkdown());
        File.WriteAllText(Path.Combine(directory, Files.Json), ToJson(details: true).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.WriteAllBytes(Path.Combine(directory, Files.Figure), ScoreFigure.Render(this));
    }

    private string ProtocolName => Protocol.ToString().ToLowerInvariant();

    private JsonArray RowsJson(IReadOnlyList<ExperimentRow> rows, bool details)
    {
        var array = new JsonArray();
        foreach (var r in rows)
        {
            var row = new JsonObject
            {
                ["method"] = r.Method,
                [$"recall@{K}"] = Round(r.Recall),
                [$"ndcg@{K}"] = Round(r.Ndcg),
                ["mi_bf"] = Round(r.MiBf),
                ["mi_ng"] = Round(r.MiNg),
                ["seconds"] = Round(r.Seconds, 3),
                ["peak_rss_mb"] = Round(r.PeakRssMb, 1),
                ["prepare_seconds"] = Round(r.PrepareSeconds, 3),
            };
            if (!double.IsNaN(r.MiBfAttacker))
            {
                row["mi_bf_attacker"] = Round(r.MiBfAttacker);
                row["mi_ng_attacker"] = Round(r.MiNgAttacker);
            }

            if (details)
            {
                row["prepare_peak_rss_mb"] = Round(r.PreparePeakRssMb, 1);
                row["request_score_mean"] = Round(r.RequestScoreMean);
                row["positive_score_mean"] = Round(r.PositiveScoreMean);
                row["negative_score_mean"] = Round(r.NegativeScoreMean);
                row["width"] = r.Width;
            }

            foreach (var (key, value) in r.Extra)
            {
                row.TryAdd(key, Round(value));
            }

            array.Add(row);
        }

        return array;
    }

    private void AppendTable(StringBuilder sb, IReadOnlyList<ExperimentRow> rows)
    {
        var c = CultureInfo.InvariantCulture;
        sb.AppendLine(c, $"| method | Recall@{K} | NDCG@{K} | MI-BF | MI-NG | MI-BF (attacker) | MI-NG (attacker) | seconds | prepare seconds | peak RSS MB |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            sb.AppendLine(c, $"| {r.Method} | {r.Recall:F4} | {r.Ndcg:F4} | {r.MiBf:F4} | {r.MiNg:F4} | {Cell(r.MiBfAttacker)} | {Cell(r.MiNgAttacker)} | {r.Seconds:F1} | {r.PrepareSeconds:F1} | {r.PeakRssMb:F0} |");
        }
    }

    private static string Cell(double value) => double.IsNaN(value) ? "–" : value.ToString("F4", CultureInfo.InvariantCulture);

    private static double Round(double value, int digits = 6) => double.IsFinite(value) ? Math.Round(value, digits) : 0;
}

namespace UnlearnRec.Model.Experiments;

/// <summary>The rows after one step of a sequential request.</summary>
/// <param name="Step">1-based step number.</param>
/// <param name="RequestEdges">Edges forgotten so far (cumulative).</param>
/// <param name="IncrementEdges">Edges added by this step.</param>
/// <param name="Rows">Method rows after this step (without <c>original</c>).</param>
public sealed record ExperimentStep(int Step, int RequestEdges, int IncrementEdges, IReadOnlyList<ExperimentRow> Rows);

namespace UnlearnRec.Model.Experiments;

/// <summary>Dot-product scores of one model on the three edge populations of the case-study figure (method.md §8 RQ4).</summary>
/// <param name="Request">Scores of the forgotten (request) edges.</param>
/// <param name="Positives">Scores of a random sample of residual training edges.</param>
/// <param name="Negatives">Scores of random non-edges (the first negative draw).</param>
public sealed record ScoreDistribution(double[] Request, double[] Positives, double[] Negatives);

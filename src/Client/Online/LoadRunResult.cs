namespace UnlearnRec.Client.Online;

/// <summary>Outcome of an open-loop run.</summary>
/// <param name="Sent">Requests offered.</param>
/// <param name="Accepted">Requests acknowledged.</param>
/// <param name="Elapsed">Wall time of the run (until the last acknowledgement).</param>
/// <param name="AckLatenciesMs">Due-time-to-acknowledgement of the accepted requests.</param>
public sealed record LoadRunResult(int Sent, int Accepted, TimeSpan Elapsed, double[] AckLatenciesMs);

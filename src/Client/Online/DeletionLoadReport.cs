using UnlearnRec.Silo.Ingress;

namespace UnlearnRec.Client.Online;

/// <summary>Outcome of a <see cref="DeletionLoad"/> run.</summary>
/// <param name="Submission">The open-loop submission.</param>
/// <param name="Statuses">Final statuses of the requests.</param>
/// <param name="Applied">Requests applied.</param>
/// <param name="Rejected">Requests rejected.</param>
/// <param name="Pending">Requests not completed within the timeout (or never accepted).</param>
/// <param name="AckLatency">Due time to 202.</param>
/// <param name="AppliedLatency">Ledger receipt to applied.</param>
/// <param name="AppliedPerSecond">Applied requests per second between the first receipt and the last completion.</param>
public sealed record DeletionLoadReport(
    LoadRunResult Submission,
    DeletionStatusResponse[] Statuses,
    int Applied,
    int Rejected,
    int Pending,
    LatencySummary AckLatency,
    LatencySummary AppliedLatency,
    double AppliedPerSecond);

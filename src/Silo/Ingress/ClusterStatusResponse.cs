using UnlearnRec.Grains.Interfaces;

namespace UnlearnRec.Silo.Ingress;

/// <summary>Answer of <c>GET /status</c>.</summary>
/// <param name="Engine">Engine and serving status, or null when no gpu-role silo answers.</param>
/// <param name="EngineError">Why the engine status is missing.</param>
/// <param name="Partitions">Ledger counters of every deletion partition.</param>
/// <param name="AnsweredBy">The silo that answered this HTTP call.</param>
public sealed record ClusterStatusResponse(EngineStatus? Engine, string? EngineError, LedgerSummary[] Partitions, string AnsweredBy);

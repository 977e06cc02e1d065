namespace UnlearnRec.Silo.Ingress;

/// <summary>One recommended item.</summary>
/// <param name="Item">Item id.</param>
/// <param name="Score">Dot-product score.</param>
public sealed record ScoredItemResponse(long Item, float Score);

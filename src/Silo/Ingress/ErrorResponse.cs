namespace UnlearnRec.Silo.Ingress;

/// <summary>Body of every error answer.</summary>
/// <param name="Error">What went wrong, for a human.</param>
public sealed record ErrorResponse(string Error);

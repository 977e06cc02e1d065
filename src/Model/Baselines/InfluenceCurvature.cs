namespace UnlearnRec.Model.Baselines;

/// <summary>Which curvature matrix the influence-function baseline inverts.</summary>
public enum InfluenceCurvature
{
    /// <summary>
    /// Generalised Gauss–Newton: the Hessian without the second-derivative term of the bilinear BPR margins; positive
    /// semi-definite, so conjugate gradients converge (the usual choice for influence functions on non-convex models).
    /// </summary>
    GaussNewton,

    /// <summary>The exact Hessian (indefinite for BPR: conjugate gradients stop at the first non-positive curvature).</summary>
    Hessian,
}

namespace UnlearnRec.Model.Backbones;

/// <summary>The graph recommenders the method is evaluated on.</summary>
public enum BackboneKind
{
    /// <summary>LightGCN (He et al. 2020).</summary>
    LightGcn,

    /// <summary>SGL with edge-drop views (Wu et al. 2021).</summary>
    Sgl,

    /// <summary>SimGCL with uniform noise views (Yu et al. 2022).</summary>
    SimGcl,
}

namespace UnlearnRec.Silo.Hosting;

/// <summary>What a silo process hosts.</summary>
public enum SiloRole
{
    /// <summary>Hosts the influence engine and the influence grain (exactly one such silo is expected), plus everything else.</summary>
    Gpu,

    /// <summary>Hosts every grain except the influence grain; never loads the model.</summary>
    Cpu,
}

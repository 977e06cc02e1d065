namespace UnlearnRec.Grains.Interfaces;

/// <summary>Marker type used to locate this assembly.</summary>
public static class AssemblyMarker
{
}

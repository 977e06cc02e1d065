using System.Net;
using System.Net.Sockets;

namespace UnlearnRec.Integration.Tests.Infrastructure;

/// <summary>Free loopback TCP ports (so tests never collide with a running local cluster).</summary>
public static class FreePorts
{
    /// <summary>Reserves and releases <paramref name="count"/> distinct free ports.</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}

using UnlearnRec.Client.Cli;
using UnlearnRec.Client.Online;

namespace UnlearnRec.Client.Commands;

/// <summary><c>unlearnrec recommend</c>: top-k recommendations for a user from the served embeddings.</summary>
public sealed class RecommendCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "recommend";

    /// <inheritdoc />
    public string Summary => "top-k recommendations for a user from the served (unlearned) embeddings";

    /// <inheritdoc />
    public string Usage => $"""
        usage: unlearnrec recommend --user U [--k 10]

        Items the user still has interactions with are excluded; forgotten items are rankable again.

          --user U           user id
          --k N              how many items (default 10)
        {IngressConnection.Usage}
        """;

    /// <inheritdoc />
    public async Task<int> RunAsync(CommandLineArguments args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var user = args.Long("user", long.MinValue);
        if (user == long.MinValue)
        {
            throw new CliUsageException("--user is required");
        }

        var k = args.Int("k", 10, 1, 1000);
        using var client = IngressConnection.Create(args);
        args.EnsureAllUsed();
        var result = await client.RecommendAsync(user, k, cancellationToken).ConfigureAwait(false)
            ?? throw new UserFacingException($"user {user} is not served");
        Console.WriteLine($"user {result.User} (engine version {result.UserVersion}):");
        for (var r = 0; r < result.Items.Length; r++)
        {
            Console.WriteLine($"  {r + 1,3}. item {result.Items[r].Item,-12} score {result.Items[r].Score,9:F4}");
        }

        return 0;
    }
}

namespace Pipeline.Storage;

/// <summary>
/// Makes stored cluster ids agree with the union-find in <see cref="SimilarityIndex"/> after an article is saved: the
/// members stored under a representative that this article merged away are moved to the surviving one, and the article
/// checks that its own representative was not merged meanwhile. The rule that makes concurrent runs converge: whoever
/// merges a representative lists its members after the merge, and whoever stores a member under a representative
/// checks that representative after storing. Every member is therefore seen by one side or the other.
/// </summary>
public sealed class ClusterConvergence(SimilarityIndex index, ArticleWriter writer, ArticleReader reader)
{
    private const int MaxRounds = 10;

    public async Task ConvergeAsync(string articleId, ClusterAssignment assignment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        foreach (var former in assignment.Merged)
        {
            await RepointMembersAsync(former, cancellationToken).ConfigureAwait(false);
        }

        var stored = assignment.ClusterId;
        for (var round = 0; round < MaxRounds; round++)
        {
            // The article's representative is its stored one's: starting there saves the hop through the article itself.
            var root = await index.FindRootAsync(stored, cancellationToken).ConfigureAwait(false);
            if (root == stored)
            {
                return;
            }

            await writer.SetClusterAsync(articleId, root, cancellationToken).ConfigureAwait(false);
            stored = root;
        }
    }

    /// <summary>Moves every member stored under <paramref name="former"/> to its current representative.</summary>
    private async Task RepointMembersAsync(string former, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxRounds; round++)
        {
            var root = await index.FindRootAsync(former, cancellationToken).ConfigureAwait(false);
            if (root == former)
            {
                return;
            }

            foreach (var member in await reader.ClusterMembersAsync(former, int.MaxValue, cancellationToken).ConfigureAwait(false))
            {
                await writer.SetClusterAsync(member.ArticleId, root, cancellationToken).ConfigureAwait(false);
            }

            // The members now sit under `root`: if it was merged meanwhile, its merger may have listed it before they came.
            former = root;
        }
    }
}

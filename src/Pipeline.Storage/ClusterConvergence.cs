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

        // Every representative this article merged away sits below the one it was stored under (each merge pointed the
        // loser at the winner, and the winner is what the article kept), so their members go there, and one check of
        // that representative after all these stores covers them and the article's own: one read, where looking up each
        // merged representative's root before and after moving its members took two more per merge.
        var target = assignment.ClusterId;
        // A set, so that an id listed more than once (the article itself among them, when it was a representative that
        // lost its own merge) is moved once.
        var storedHere = new HashSet<string>(StringComparer.Ordinal) { articleId };
        foreach (var former in assignment.Merged)
        {
            foreach (var member in await reader.ClusterMembersAsync(former, int.MaxValue, cancellationToken).ConfigureAwait(false))
            {
                if (storedHere.Add(member.ArticleId))
                {
                    await writer.SetClusterAsync(member.ArticleId, target, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        for (var round = 0; round < MaxRounds; round++)
        {
            var root = await index.FindRootAsync(target, cancellationToken).ConfigureAwait(false);
            if (root == target)
            {
                return;
            }

            // Merged meanwhile. Whoever merged it lists its members after the merge, but what this run stored under it may
            // have come after that listing: this run moves what it stored, and checks the new representative in turn.
            foreach (var id in storedHere)
            {
                await writer.SetClusterAsync(id, root, cancellationToken).ConfigureAwait(false);
            }

            target = root;
        }
    }
}

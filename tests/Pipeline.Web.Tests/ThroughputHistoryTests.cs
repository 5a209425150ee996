using Pipeline.Storage;
using Pipeline.Web.Live;

namespace Pipeline.Web.Tests;

public sealed class ThroughputHistoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);

    private static ActivityLine Line(string id, DateTimeOffset at) => new(at, id, "processed", id + ".html", "title", 100);

    [Fact]
    public void Points_CoverTheWindow_InBuckets_OldestFirst()
    {
        var history = new ThroughputHistory(TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(15));

        var points = history.Points(Now);

        Assert.Equal(60, points.Count);
        Assert.True(points[0].Start < points[^1].Start);
        Assert.All(points, p => Assert.Equal(0, p.ArticlesPerSecond));
        Assert.All(points, p => Assert.Null(p.Waiting));
    }

    [Fact]
    public void Activity_ReadTwice_CountsOnce()
    {
        var history = new ThroughputHistory(TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(15));
        var lines = Enumerable.Range(0, 30).Select(i => Line("a" + i, Now.AddSeconds(-1))).ToList();

        history.AddActivity(lines, Now);
        history.AddActivity(lines.Take(10), Now);

        var points = history.Points(Now);
        Assert.Equal(30, points.Sum(p => p.Finished));
        Assert.Equal(2.0, points.Single(p => p.Finished > 0).ArticlesPerSecond);
    }

    [Fact]
    public void OldActivityAndDepths_LeaveTheWindow()
    {
        var history = new ThroughputHistory(TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(15));
        history.AddActivity([Line("old", Now.AddMinutes(-20)), Line("new", Now.AddMinutes(-1))], Now);
        history.AddDepth(Now.AddMinutes(-20), 7, 1);
        history.AddDepth(Now, 3, 0);

        var points = history.Points(Now);

        Assert.Equal(1, points.Sum(p => p.Finished));
        Assert.Equal(3, points[^1].Waiting);
        Assert.Single(points, p => p.Waiting is not null);
    }
}

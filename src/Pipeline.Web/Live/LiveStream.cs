using Microsoft.AspNetCore.Http;
using Pipeline.Web.Pages;

namespace Pipeline.Web.Live;

/// <summary>
/// <c>GET /live</c>: server-sent events, one <c>update</c> event per refresh interval carrying the dashboard's live
/// section as HTML rendered (and escaped) here, so the page's script only swaps it in.
/// </summary>
internal static class LiveStream
{
    public static async Task RunAsync(HttpContext context, DashboardSampler sampler, WebViewSettings settings, TimeProvider time)
    {
        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var snapshot = sampler.Latest ?? await sampler.SampleAsync(cancellationToken).ConfigureAwait(false);
                var html = DashboardPage.Live(snapshot, sampler.History.Points(time.GetUtcNow()), sampler.LastError).ToString();
                var data = string.Concat(html.ReplaceLineEndings("\n").Split('\n').Select(line => "data: " + line + "\n"));
                await response.WriteAsync("event: update\n" + data + "\n", cancellationToken).ConfigureAwait(false);
                await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(settings.RefreshInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The browser closed the page.
        }
    }
}

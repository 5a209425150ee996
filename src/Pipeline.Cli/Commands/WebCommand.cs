using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Pipeline.Cli.Local;
using Pipeline.Storage;
using Pipeline.Web;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline web</c>: the local web view (dashboard, articles, one article, failures) over the CLI's storage.</summary>
internal static class WebCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = $"Port to listen on (default {WebViewSettings.DefaultPort}).", DefaultValueFactory = _ => WebViewSettings.DefaultPort };
        var open = new Option<bool>("--open") { Description = "Open the dashboard in the default browser, where there is one." };
        var bind = new Option<string>("--bind") { Description = "Address to listen on (default 127.0.0.1). Anything else also needs --allow-remote.", DefaultValueFactory = _ => "127.0.0.1" };
        var allowRemote = new Option<bool>("--allow-remote")
        {
            Description = "Allow --bind beyond loopback. The view has no login: anyone who reaches the port can read every article and replay failures.",
        };
        var command = new Command("web",
            "Serve a local web view: a live dashboard (queues, poison queues, articles/s, latency, last results and failures, a 15-minute chart), " +
            "the article list with filters, each article with its marked-up text, removed blocks, topics and cluster, and the failures with a replay button. " +
            "Read-only except replay. Ctrl+C stops it.")
        {
            port, open, bind, allowRemote,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            if (!IPAddress.TryParse(parseResult.GetValue(bind), out var address))
            {
                throw new UserErrorException($"--bind needs an IP address such as 127.0.0.1 or 0.0.0.0, not '{parseResult.GetValue(bind)}'.");
            }

            var loopback = IPAddress.IsLoopback(address);
            if (!loopback && !parseResult.GetValue(allowRemote))
            {
                throw new UserErrorException($"--bind {address} would let other machines reach the view, which has no login. Add --allow-remote if that is what you want.");
            }

            var portNumber = parseResult.GetValue(port);
            if (portNumber is < 1 or > 65535)
            {
                throw new UserErrorException($"--port must be between 1 and 65535, not {portNumber}.");
            }

            await using var context = CliContext.Create(parseResult);
            await PrepareStorageAsync(context, cancellationToken).ConfigureAwait(false);

            var settings = new WebViewSettings
            {
                Address = address, Port = portNumber, AllowRemote = !loopback, StorageDescription = context.Connection.Describe(),
            };
            await using var app = WebApp.Create(settings, context.Connection, context.Names);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new UserErrorException($"Port {portNumber} on {address} is taken (another `pipeline web`?). Choose another with --port N.");
            }

            var url = $"http://{(loopback ? "127.0.0.1" : address.ToString())}:{portNumber}/";
            if (!loopback)
            {
                await Console.Error.WriteLineAsync($"warning: listening on {address}: the web view has no login, so anyone who reaches port {portNumber} can read every article and replay failures.").ConfigureAwait(false);
            }

            Console.WriteLine($"Web view on {url} (storage: {settings.StorageDescription}). Ctrl+C to stop.");
            if (parseResult.GetValue(open))
            {
                Console.WriteLine(TryOpenBrowser(url) ? "Opened the dashboard in your browser." : $"No browser to open here; visit {url} yourself.");
            }

            try
            {
                // The web host handles SIGTERM and Ctrl+C itself (it stops the application); the command's token covers the rest.
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped as asked.
            }
            finally
            {
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Local emulator: start it and create what is missing, as <c>up</c> does. A remote account is only checked: the view never needs write rights there.</summary>
    private static async Task PrepareStorageAsync(CliContext context, CancellationToken cancellationToken)
    {
        if (context.Connection.BlobService().Uri.IsLoopback)
        {
            await UpCommand.EnsureLocalStorageAsync(context, quiet: true).ConfigureAwait(false);
            await context.Get<Provisioner>().EnsureAllAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var missing = await context.Get<Provisioner>().FindMissingAsync(cancellationToken).ConfigureAwait(false);
        if (missing.Count > 0)
        {
            await Console.Error.WriteLineAsync($"warning: missing in the storage account: {string.Join(", ", missing)}; pages that read them will say so.").ConfigureAwait(false);
        }
    }

    private static bool TryOpenBrowser(string url)
    {
        var graphical = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));
        if (!graphical)
        {
            return false;
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(url) { UseShellExecute = true });
            return process is not null || OperatingSystem.IsWindows();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return false;
        }
    }
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pipeline.Functions;

/// <summary>Builds the functions host: the WebJobs SDK with blob and queue triggers, configured the Functions way.</summary>
public static class FunctionsHost
{
    public static IHostBuilder CreateBuilder(string[] args) =>
        new HostBuilder()
            .ConfigureWebJobs(webJobs => webJobs.AddAzureStorage())
            .ConfigureLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
}

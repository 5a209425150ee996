using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Processing;

// The isolated worker: the Functions host owns the triggers (host.json, app settings) and calls the function classes;
// the worker registers the same services as the local host, so both call the same stage handlers.
var builder = FunctionsApplication.CreateBuilder(args);

builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();

// With local authentication off in Application Insights (no key anywhere), the worker's SDK sends with the app's
// managed identity; the host reads the same setting on its own.
if (ManagedIdentityClientId(builder.Configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]) is { } clientId)
{
    builder.Services.Configure<TelemetryConfiguration>(telemetry =>
        telemetry.SetAzureTokenCredential(PipelineServices.UserAssignedIdentity(clientId)));
}

// The Application Insights provider keeps only warnings by default; the pipeline's own events (ingested, stage done,
// completed with its drop-to-result latency) are Information and belong there too.
builder.Logging.AddFilter<Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider>("Pipeline", LogLevel.Information);

PipelineServices.AddPipelineServices(builder.Services, builder.Configuration);

// Rows an earlier version wrote to the lookup tables move to this version's shared partitions, in the background.
PipelineServices.AddIndexUpgradeOnStart(builder.Services);

await builder.Build().RunAsync().ConfigureAwait(false);

// "Authorization=AAD;ClientId=<guid>" → the guid; null when the setting is absent or names no client id.
static string? ManagedIdentityClientId(string? authenticationString) =>
    authenticationString?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(part => part.Split('=', 2))
        .FirstOrDefault(pair => pair.Length == 2 && pair[0].Equals("ClientId", StringComparison.OrdinalIgnoreCase))?[1];

using Microsoft.Extensions.Options;
using Pipeline.Cli.Local;
using Pipeline.Storage;

namespace Pipeline.Cli;

/// <summary>Maps failures to the documented exit codes with one clear line on stderr and no stack trace.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (UserErrorException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return ExitCodes.UserError;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync("error: invalid settings: " + string.Join("; ", e.Failures)).ConfigureAwait(false);
            return ExitCodes.UserError;
        }
        catch (InfrastructureException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return ExitCodes.InfrastructureError;
        }
        catch (Exception e) when (StorageResilience.IsUnreachable(e))
        {
            await Console.Error.WriteLineAsync(
                "error: cannot reach storage (" + FirstLine(e.Message) + "). Is Azurite running? Start it with `./pipeline up`.").ConfigureAwait(false);
            return ExitCodes.InfrastructureError;
        }
        catch (Azure.RequestFailedException e)
        {
            await Console.Error.WriteLineAsync($"error: storage refused the request ({e.Status} {e.ErrorCode}): {FirstLine(e.Message)}").ConfigureAwait(false);
            return ExitCodes.InfrastructureError;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Ok;
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}

using Azure;
using Pipeline.Storage;

namespace Pipeline.Web;

/// <summary>Turns storage failures into one line a person can act on, without stack traces, keys or signatures.</summary>
internal static class WebErrors
{
    public static string Describe(Exception exception) => exception switch
    {
        _ when StorageResilience.IsUnreachable(exception) => "Cannot reach storage. Is Azurite running? Start it with ./pipeline up.",
        RequestFailedException e => $"Storage refused the request ({e.Status} {e.ErrorCode}).",
        _ => "Unexpected error (" + exception.GetType().Name + ").",
    };

    public static bool IsStorage(Exception exception) => StorageResilience.IsUnreachable(exception) || exception is RequestFailedException;
}

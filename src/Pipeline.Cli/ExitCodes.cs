namespace Pipeline.Cli;

/// <summary>The exit codes scripts rely on.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Not found, or bad input: a clear message, no stack trace.</summary>
    public const int UserError = 1;

    /// <summary>Storage unreachable or another infrastructure fault.</summary>
    public const int InfrastructureError = 2;
}

using Pipeline.Cli;
using Spectre.Console;

// Piped output gets Spectre's 80 columns, which folds every table; a file or a pager can take wider lines.
if (Console.IsOutputRedirected && AnsiConsole.Profile.Width < 200)
{
    AnsiConsole.Profile.Width = 200;
}

return await CommandCatalog.BuildRoot().Parse(args).InvokeAsync();

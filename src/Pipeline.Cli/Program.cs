using Pipeline.Cli;

return await CommandCatalog.BuildRoot().Parse(args).InvokeAsync();

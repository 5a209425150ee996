using Microsoft.Extensions.Hosting;
using Pipeline.Functions;

await FunctionsHost.CreateBuilder(args).Build().RunAsync();

using Microsoft.Azure.WebJobs;

namespace Pipeline.Functions;

/// <summary>Tells the engine exactly which classes hold functions, instead of letting it scan the loaded assemblies.</summary>
internal sealed class FixedTypeLocator(IReadOnlyList<Type> types) : ITypeLocator
{
    public IReadOnlyList<Type> GetTypes() => types;
}

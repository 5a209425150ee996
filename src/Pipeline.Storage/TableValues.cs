namespace Pipeline.Storage;

/// <summary>Limits on property values that Azure enforces and Azurite does not always: enforced here so both behave alike.</summary>
internal static class TableValues
{
    /// <summary>At most <paramref name="max"/> characters of <paramref name="value"/> (a string property holds 64 KiB, about 32K UTF-16 characters).</summary>
    public static string Clip(string value, int max) => value.Length <= max ? value : value[..max];
}

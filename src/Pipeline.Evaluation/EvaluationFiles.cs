namespace Pipeline.Evaluation;

/// <summary>An evaluation file is missing or malformed: a user error (exit code 1), never a crash.</summary>
public sealed class EvaluationDataException : Exception
{
    public EvaluationDataException()
    {
    }

    public EvaluationDataException(string message)
        : base(message)
    {
    }

    public EvaluationDataException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

internal static class EvaluationFiles
{
    /// <summary>The non-blank lines of a JSONL file with their 1-based numbers.</summary>
    public static IEnumerable<(string Line, int Number)> Lines(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new EvaluationDataException($"No such file: {path}");
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new EvaluationDataException($"Cannot read {path}: {ex.Message}", ex);
        }

        var any = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (!string.IsNullOrWhiteSpace(lines[i]))
            {
                any = true;
                yield return (lines[i], i + 1);
            }
        }

        if (!any)
        {
            throw new EvaluationDataException($"{path} holds no items.");
        }
    }
}

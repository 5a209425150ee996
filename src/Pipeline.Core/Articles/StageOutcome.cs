namespace Pipeline.Core.Articles;

/// <summary>
/// Why a stage declined an input. Expected content problems (an empty file, an image, text that cannot be
/// decoded) are values, stored with the article; bugs and infrastructure faults throw instead.
/// </summary>
/// <param name="Code">A stable, machine-readable code such as <c>empty</c> or <c>binary</c>.</param>
/// <param name="Reason">A sentence a user can act on.</param>
public sealed record Rejection(string Code, string Reason)
{
    /// <summary>The code of a stage stopped by its host's time budget.</summary>
    public const string TooComplexCode = "too-complex";

    /// <summary>
    /// A stage ran past the time budget its host gave it (<c>Pipeline:StageBudgetSeconds</c>): the file's structure
    /// costs more than the pipeline spends on one article. A content outcome, recorded once, never retried.
    /// </summary>
    public static Rejection TooComplex(string stage) => new(TooComplexCode,
        $"The {stage} stage stopped at its time budget: the file's structure is too complex to process in the time one article is allowed (Pipeline:StageBudgetSeconds).");
}

/// <summary>Either a stage's result or a <see cref="Rejection"/>.</summary>
public readonly record struct StageOutcome<T>
    where T : class
{
    private StageOutcome(T? value, Rejection? rejection)
    {
        Value = value;
        Rejection = rejection;
    }

    /// <summary>The result; null when rejected.</summary>
    public T? Value { get; }

    /// <summary>The rejection; null on success.</summary>
    public Rejection? Rejection { get; }

    public bool IsSuccess => Value is not null;

    public static StageOutcome<T> Success(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    public static StageOutcome<T> Reject(string code, string reason) => new(null, new Rejection(code, reason));

    public static implicit operator StageOutcome<T>(T value) => Success(value);
}

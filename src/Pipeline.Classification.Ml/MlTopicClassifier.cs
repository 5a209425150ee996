namespace Pipeline.Classification.Ml;

using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Pipeline.Core.Articles;
using Pipeline.Core.Classification;

/// <summary>
/// Topic classifier backed by a model from <see cref="MlTopicTrainer"/>. Scores are the model's label probabilities;
/// labels at or above <see cref="Threshold"/> are returned (the best one always). No evidence: the model is opaque.
/// Thread-safe (predictions are serialised on one engine).
/// </summary>
public sealed class MlTopicClassifier : ITopicClassifier, IDisposable
{
    private readonly PredictionEngine<TopicModelInput, TopicModelOutput> engine;
    private readonly IReadOnlyList<string> labels;
    private readonly Lock gate = new();

    private MlTopicClassifier(PredictionEngine<TopicModelInput, TopicModelOutput> engine, string version, IReadOnlyList<string> labels, double threshold)
    {
        this.engine = engine;
        this.labels = labels;
        Version = version;
        Threshold = threshold;
    }

    public string ModelId => $"mlnet/{Version}";

    public string Version { get; }

    /// <summary>Secondary labels need at least this probability (default 0.25).</summary>
    public double Threshold { get; }

    /// <summary>The model's labels, in score order.</summary>
    public IReadOnlyList<string> Labels => labels;

    /// <summary>Loads a model zip; throws <see cref="InvalidDataException"/> if it is not one of ours.</summary>
    public static MlTopicClassifier Load(byte[] modelBytes, double threshold = 0.25)
    {
        ArgumentNullException.ThrowIfNull(modelBytes);
        TopicModelMetadata metadata;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(modelBytes, writable: false), ZipArchiveMode.Read);
            var entry = zip.GetEntry(TopicModelMetadata.EntryName)
                ?? throw new InvalidDataException("The file is an ML.NET model but not a Pipeline topic model (no metadata entry).");
            using var stream = entry.Open();
            metadata = JsonSerializer.Deserialize<TopicModelMetadata>(stream)
                ?? throw new InvalidDataException("The topic model's metadata is empty.");
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException)
        {
            throw new InvalidDataException($"Not a Pipeline topic model: {ex.Message}", ex);
        }

        var ml = new MLContext(seed: 0);
        var model = ml.Model.Load(new MemoryStream(modelBytes, writable: false), out _);
        var engine = ml.Model.CreatePredictionEngine<TopicModelInput, TopicModelOutput>(model);
        return new MlTopicClassifier(engine, metadata.Version, metadata.Labels, threshold);
    }

    /// <summary>Loads a model zip from a stream (read to the end; the stream is not closed).</summary>
    public static MlTopicClassifier Load(Stream stream, double threshold = 0.25)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Load(buffer.ToArray(), threshold);
    }

    public IReadOnlyList<TopicScore> Classify(string title, string text)
    {
        float[] scores;
        lock (gate)
        {
            scores = engine.Predict(new TopicModelInput { Text = MlTopicTrainer.TextOf(title ?? string.Empty, text ?? string.Empty) }).Score;
        }

        var ranked = scores
            .Select((score, i) => (Label: labels[i], Score: (double)score))
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Label, StringComparer.Ordinal)
            .ToList();
        return ranked
            .Where((s, i) => i == 0 || s.Score >= Threshold)
            .Select(s => new TopicScore(s.Label, Math.Round(s.Score, 4), []))
            .ToList();
    }

    public void Dispose() => engine.Dispose();
}

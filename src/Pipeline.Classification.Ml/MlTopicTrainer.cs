namespace Pipeline.Classification.Ml;

using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;
using Pipeline.Core.Classification.Topics;
using ConfusionMatrix = Pipeline.Core.Classification.Topics.ConfusionMatrix;

/// <summary>
/// Trains a multi-class topic model from labeled examples: word uni/bigrams and character 4-grams
/// (TF-IDF-like bags, L2-normalised) into a maximum-entropy classifier (SDCA). Pure: no I/O, and deterministic for a
/// given seed (single-threaded training, stratified folds from a seeded shuffle).
/// </summary>
public static class MlTopicTrainer
{
    /// <summary>Identifies the feature/trainer recipe inside the model metadata.</summary>
    public const string Algorithm = "sdca-maxent/words1-2+chars4/v1";

    /// <summary>
    /// Cross-validates with <paramref name="folds"/> stratified folds, then trains the final model on every item.
    /// Multi-label items train on their first label. Throws <see cref="ArgumentException"/> when there is too little
    /// data (fewer than two labels, or a label with fewer examples than folds still works but warns via low scores).
    /// </summary>
    /// <param name="items">Labeled examples; the first label of each is its class.</param>
    /// <param name="folds">Number of stratified cross-validation folds (at least 2).</param>
    /// <param name="seed">Seed for the fold shuffle and the trainer.</param>
    /// <param name="version">The model version to record; defaults to a hash of the data, seed and recipe, so the same inputs give the same version.</param>
    public static TrainedTopicModel Train(IReadOnlyList<LabeledText> items, int folds, int seed, string? version = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (folds < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "Cross-validation needs at least 2 folds.");
        }

        var rows = items.Select(ToRow).ToList();
        var labels = rows.Select(r => r.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (labels.Count < 2)
        {
            throw new ArgumentException("Training needs examples of at least two different labels.", nameof(items));
        }

        if (rows.Count < folds)
        {
            throw new ArgumentException($"Training needs at least as many examples as folds ({folds}); got {rows.Count}.", nameof(items));
        }

        version ??= VersionOf(rows, seed);
        var confusion = CrossValidate(rows, labels, folds, seed);

        var ml = new MLContext(seed);
        var model = BuildPipeline(ml).Fit(ml.Data.LoadFromEnumerable(rows));
        var bytes = Save(ml, model, new TopicModelMetadata(version, Algorithm, labels));
        return new TrainedTopicModel(bytes, version, confusion.Accuracy, confusion.MacroF1, confusion, labels, folds, rows.Count);
    }

    internal static string TextOf(string title, string text) =>
        string.IsNullOrWhiteSpace(title) ? text : string.Concat(title.Trim(), ". ", text);

    private static TopicModelInput ToRow(LabeledText item)
    {
        if (item.Labels.Count == 0)
        {
            throw new ArgumentException("Every training item needs at least one label.", nameof(item));
        }

        return new TopicModelInput { Text = TextOf(item.Title, item.Text), Label = item.Labels[0] };
    }

    private static IEstimator<ITransformer> BuildPipeline(MLContext ml)
    {
        var featurizer = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = false,
            KeepPunctuations = false,
            KeepNumbers = true,
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
            CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 4, UseAllLengths = false, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };

        // ByValue ordinality makes the score vector's order the sorted label order, independent of data order.
        return ml.Transforms.Conversion.MapValueToKey("LabelKey", nameof(TopicModelInput.Label), keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.Transforms.Text.FeaturizeText("Features", featurizer, nameof(TopicModelInput.Text)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "LabelKey",
                FeatureColumnName = "Features",
                // One thread: SDCA's result depends on update order, so more threads would break determinism.
                NumberOfThreads = 1,
            }));
    }

    private static ConfusionMatrix CrossValidate(List<TopicModelInput> rows, List<string> labels, int folds, int seed)
    {
        // Stratified: each label's examples are shuffled with the seed and dealt round-robin over the folds.
        var fold = new int[rows.Count];
        var random = new Random(seed);
        var offset = 0;
        foreach (var label in labels)
        {
            var indices = Enumerable.Range(0, rows.Count).Where(i => rows[i].Label == label).ToArray();
            random.Shuffle(indices);
            for (var k = 0; k < indices.Length; k++)
            {
                fold[indices[k]] = (offset + k) % folds;
            }

            offset += indices.Length;
        }

        var confusion = new ConfusionMatrix();
        for (var f = 0; f < folds; f++)
        {
            var train = rows.Where((_, i) => fold[i] != f).ToList();
            var test = rows.Where((_, i) => fold[i] == f).ToList();
            if (test.Count == 0 || train.Select(r => r.Label).Distinct().Count() < 2)
            {
                continue;
            }

            var ml = new MLContext(seed);
            var model = BuildPipeline(ml).Fit(ml.Data.LoadFromEnumerable(train));
            var trainLabels = train.Select(r => r.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var scored = model.Transform(ml.Data.LoadFromEnumerable(test));
            // GetColumn reuses one buffer across rows: copy each row out before the cursor moves on.
            var scores = scored.GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToList();
            for (var i = 0; i < test.Count; i++)
            {
                confusion.Add(test[i].Label, trainLabels[ArgMax(scores[i])]);
            }
        }

        return confusion;
    }

    internal static int ArgMax(IEnumerable<float> values)
    {
        var best = 0;
        var bestValue = float.NegativeInfinity;
        var i = 0;
        foreach (var value in values)
        {
            if (value > bestValue)
            {
                best = i;
                bestValue = value;
            }

            i++;
        }

        return best;
    }

    private static byte[] Save(MLContext ml, ITransformer model, TopicModelMetadata metadata)
    {
        var schema = SchemaDefinition.Create(typeof(TopicModelInput));
        var inputSchema = ml.Data.LoadFromEnumerable(Array.Empty<TopicModelInput>(), schema).Schema;
        using var buffer = new MemoryStream();
        ml.Model.Save(model, inputSchema, buffer);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.CreateEntry(TopicModelMetadata.EntryName, CompressionLevel.Optimal);
            using var writer = entry.Open();
            JsonSerializer.Serialize(writer, metadata);
        }

        return buffer.ToArray();
    }

    private static string VersionOf(List<TopicModelInput> rows, int seed)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{Algorithm}\n{seed}\n"));
        foreach (var row in rows)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(row.Label));
            hash.AppendData([0]);
            hash.AppendData(Encoding.UTF8.GetBytes(row.Text));
            hash.AppendData([0]);
        }

        return "h" + Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }
}

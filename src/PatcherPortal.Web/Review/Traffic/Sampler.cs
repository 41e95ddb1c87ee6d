using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PatcherPortal.Web.Review.Traffic;

/// <summary>Which new outputs of a batch a policy queues. Each candidate stands for all the batch's rows with its input and output.</summary>
public static class Sampler
{
    public sealed record Candidate(IReadOnlyList<IngestRow> Rows)
    {
        public IngestRow First => Rows[0];
        public double? Confidence => Rows.Min(r => r.Confidence);
    }

    public static IReadOnlySet<Candidate> Chosen(string modelName, IReadOnlyList<Candidate> candidates, SamplingPolicy policy) => policy.Mode switch
    {
        SamplingMode.Rate => candidates.Where(c => Draw(modelName, c.First.ClientId) < policy.Rate).ToHashSet(),
        SamplingMode.LowestConfidence => candidates.OrderBy(c => c.Confidence is null).ThenBy(c => c.Confidence).ThenBy(c => c.First.Row)
            .Take(policy.Keep).ToHashSet(),
        _ => candidates.ToHashSet(),
    };

    /// <summary>A number in [0, 1) fixed by the model and the row's id: a retried row is sampled as it was the first time.</summary>
    public static double Draw(string modelName, string clientId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{modelName}\n{clientId}"));
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) / (double)(1UL << 53);
    }
}

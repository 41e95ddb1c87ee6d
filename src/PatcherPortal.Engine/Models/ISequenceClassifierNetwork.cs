using static TorchSharp.torch;

namespace PatcherPortal.Engine.Models;

/// <summary>
/// A transformer sequence classifier (BERT, RoBERTa, DistilBERT) whose head reads the first token alone ([CLS], &lt;s&gt;),
/// split at its last feed-forward layer. Implementations are modules named as in Hugging Face.
/// </summary>
public interface ISequenceClassifierNetwork : IPatchableModel
{
    /// <summary>config.json's model_type.</summary>
    string ModelType { get; }
    string[] Labels { get; }
    int PadTokenId { get; }
    /// <summary>Tokens it reads, special tokens included.</summary>
    int MaxTokens { get; }
    nn.Module<Tensor, Tensor, Tensor> Module { get; }
}

using PatcherPortal.Engine.Tokenization;

namespace PatcherPortal.Engine.Inference;

/// <summary>A model with its tokenizer, as loaded from (and saved to) a Hugging Face model directory.</summary>
public interface IPretrainedModel : IDisposable
{
    string ModelType { get; }
    ITextTokenizer Tokenizer { get; }
    TorchSharp.torch.nn.Module Module { get; }
    long ParameterCount { get; }
    void Save(string directory);
}

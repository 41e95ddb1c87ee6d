using PatcherPortal.Engine.Models;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Inference;

/// <summary>
/// A question answerer that writes its answer after the prompt, token by token, and stops at its end token: what
/// the editor needs of GPT-2 and of BERT run as a decoder alike.
/// </summary>
public interface IAnswerGenerator : IPretrainedModel
{
    IPatchableModel Network { get; }
    int MaxNewTokens { get; }
    /// <summary>Longest prompt kept (its end), leaving room for the answer within the context.</summary>
    int MaxPromptTokens { get; }
    int MaxPositions { get; }
    int PadId { get; }

    /// <summary>The prompt's token ids, special tokens included, before truncation.</summary>
    IReadOnlyList<int> EncodePromptUntruncated(string prompt);
    /// <summary>The answer's token ids followed by the end token.</summary>
    IReadOnlyList<int> EncodeAnswer(string answer);
    /// <summary>Greedy answers, as the paper evaluates generation.</summary>
    string[] Generate(IReadOnlyList<string> prompts);
    /// <summary>Next-token logits (N, V) at the flat positions <paramref name="rows"/> (N) of right-padded sequences (B, T).</summary>
    Tensor RowLogits(Tensor ids, Tensor mask, Tensor rows);

    IReadOnlyList<int> EncodePrompt(string prompt)
    {
        var ids = EncodePromptUntruncated(prompt);
        return ids.Count > MaxPromptTokens ? ids.Skip(ids.Count - MaxPromptTokens).ToList() : ids;
    }

    /// <summary>Prompt + answer + end token, and the positions (in that sequence) that predict the answer tokens.</summary>
    (int[] Ids, int FirstPredicting, int[] Targets) TeacherForced(string prompt, string answer)
    {
        var promptIds = EncodePrompt(prompt);
        if (promptIds.Count == 0) throw new ArgumentException("The prompt is empty.", nameof(prompt));
        var ids = promptIds.Concat(EncodeAnswer(answer)).ToArray();
        if (ids.Length > MaxPositions) ids = ids[..MaxPositions];
        var targets = ids[promptIds.Count..];
        return (ids[..^1], promptIds.Count - 1, targets);
    }
}

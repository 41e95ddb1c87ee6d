namespace PatcherPortal.Engine.Training;

/// <summary>
/// The size of a GPT-2 question answerer trained from scratch; small enough to train on 2 CPU cores in minutes.
/// The vocabulary is kept small so answers are several tokens: with one token per training answer the model learns
/// a single input-independent "answer finished" state after the first answer token, and no last-layer patch can
/// then tell the positions of a multi-token correction apart.
/// </summary>
public sealed record Gpt2Size(int Layers = 4, int Embedding = 256, int Heads = 4, int Positions = 64, int Vocabulary = 1024);

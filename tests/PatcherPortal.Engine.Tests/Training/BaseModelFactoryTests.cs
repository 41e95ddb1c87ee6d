using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Models;
using PatcherPortal.Engine.Import;
using PatcherPortal.Engine.Training;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Training;

public sealed class BaseModelFactoryTests
{
    [Fact]
    public void The_MiniLM_question_answerer_starts_from_every_pretrained_weight_reads_left_to_right_and_reuses_the_word_embeddings_as_its_output()
    {
        using var encoder = MiniLmImporter.Import(CPU);
        using var answerer = BaseModelFactory.MiniLmQuestionAnswerer(CPU, seed: 0);

        var pretrained = encoder.Model.state_dict();
        var decoder = answerer.Model.bert.state_dict();
        Assert.All(pretrained.Where(p => !p.Key.StartsWith("pooler.")), p => Assert.True(p.Value.equal(decoder[p.Key]).all().item<bool>(), p.Key));
        Assert.True(answerer.Model.Config.IsDecoder);
        Assert.True(answerer.Model.cls.predictions.decoder.weight!.equal(pretrained["embeddings.word_embeddings.weight"]).all().item<bool>());
        Assert.Equal(encoder.Model.ParameterCount() - encoder.Model.pooler!.ParameterCount() + answerer.Model.cls.ParameterCount()
            - pretrained["embeddings.word_embeddings.weight"].numel(), answerer.ParameterCount);
    }

    [Fact]
    public void The_MiniLM_question_answerer_is_edited_through_the_same_generator_interface_as_GPT_2()
    {
        using var answerer = BaseModelFactory.MiniLmQuestionAnswerer(CPU, seed: 0);
        var editable = BaseModelBuilder.Editable(answerer);

        using var rows = editable.Locate(["What is the capital of Peru?"], "Lima");

        Assert.IsType<EditableGenerator>(editable);
        Assert.Equal(answerer.EncodeAnswer("Lima").Count, rows.Count); // one row per answer token and the closing [SEP]
        Assert.Equal(384, rows.Query.shape[1]);
    }
}

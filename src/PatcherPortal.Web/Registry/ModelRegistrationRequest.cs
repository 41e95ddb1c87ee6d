using System.Text.Json.Nodes;

namespace PatcherPortal.Web.Registry;

/// <summary>What an admin gives to register a model. Only the name and the source are required: the kind is read from
/// config.json when not given, the display name defaults to the name.</summary>
/// <param name="Kind">"classification" or "generation"; null: read from config.json (architectures, model_type, head).</param>
/// <param name="Directory">A Hugging Face directory on the server (for the JSON form; an upload carries an archive instead).</param>
/// <param name="Device">"auto", "cpu" or "cuda"; null: the portal's.</param>
/// <param name="EditorSettings">Overrides of the editor's hyper-parameters, e.g. {"maxSteps": 200}.</param>
/// <param name="Sample">An input to check the model with; a generic sentence otherwise.</param>
/// <param name="PromptTemplate">How a language model is asked, e.g. "Question: {q}\nAnswer:"; kept in the portal's copy of
/// the directory as prompt_template.txt. Null: the directory's own, or the bare question.</param>
public sealed record ModelRegistrationRequest(string? Name, string? DisplayName = null, string? Description = null, string? Kind = null,
    string? Directory = null, string? Device = null, JsonObject? EditorSettings = null, string? InputLabel = null, string? Sample = null,
    string? PromptTemplate = null);

namespace PatcherPortal.Web.Models;

/// <summary>What a registered model does: label an input (a classifier's head) or generate an answer (a language model).</summary>
public enum ModelKind
{
    Classification,
    Generation,
}

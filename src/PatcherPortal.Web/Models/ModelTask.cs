namespace PatcherPortal.Web.Models;

public enum ModelTask
{
    QuestionAnswering,
    FactChecking,
}

namespace PatcherPortal.Web.Patching;

public enum PatchAction { Approve, Reject, Remove }

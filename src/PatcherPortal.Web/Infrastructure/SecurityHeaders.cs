namespace PatcherPortal.Web.Infrastructure;

/// <summary>No page may be framed by another site (a hidden approve button), and responses are taken as the type they say.</summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "frame-ancestors 'none'";
        headers["Referrer-Policy"] = "same-origin";
        return next(context);
    });
}

using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Security;

public sealed class SecretsTests
{
    [Fact]
    public void No_configuration_file_in_the_repository_holds_a_password_key_or_token()
    {
        var root = Repository.Root();
        var files = SecretScan.ConfigFiles(root).ToList();

        Assert.Contains(files, f => f.EndsWith(Path.Combine("PatcherPortal.Web", "appsettings.json")));
        Assert.Empty(files.SelectMany(f => SecretScan.Findings(Path.GetRelativePath(root, f), File.ReadAllText(f))));
    }

    [Theory]
    [InlineData("appsettings.json", """{ "Portal": { "Admin": { "Email": "a@b.c", "Password": "hunter22" } } }""", "appsettings.json:Portal:Admin:Password")]
    [InlineData("appsettings.json", """{ "ConnectionStrings": { "Jobs": "Host=db;Username=portal;Password=s3cret" } }""", "carries a password")]
    [InlineData("appsettings.Production.json", """{ "Clients": [ { "Key": "pp_abcdefghijklmnopqrstuvwxyz" } ] }""", "an API key of the portal")]
    [InlineData("docker-compose.yml", "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: example\n", "docker-compose.yml:4")]
    public void The_scan_catches_committed_secrets(string name, string content, string expected)
    {
        Assert.Contains(SecretScan.Findings(name, content), finding => finding.Contains(expected));
    }

    [Theory]
    [InlineData("appsettings.json", """{ "Portal": { "Admin": { "Email": null, "Password": null } }, "ConnectionStrings": { "Db": "Data Source=portal.db" } }""")]
    [InlineData("docker-compose.yml", "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n")]
    public void Empty_settings_and_references_to_the_environment_pass(string name, string content)
    {
        Assert.Empty(SecretScan.Findings(name, content));
    }
}

using System.Net;
using System.Text.RegularExpressions;
using Cms.Tests.Support;

namespace Cms.Tests.Security;

public sealed partial class AdminBootstrapTests
{
    [Fact]
    public async Task Without_a_configured_password_a_random_one_is_logged_once_and_works()
    {
        var log = new StringWriter();
        var dataPath = Path.Combine(Path.GetTempPath(), "cms-tests", Guid.NewGuid().ToString("n"));
        var settings = new Dictionary<string, string?> { ["Cms:Admin:Password"] = "", ["Cms:Admin:UserName"] = "chef" };
        string password;
        await using (var host = await CmsHost.StartAsync(dataPath, settings, log))
        {
            password = GeneratedPassword().Match(log.ToString()).Groups[1].Value;
            Assert.True(password.Length >= 20, "the generated password is in the log");
            Assert.NotEqual(CmsHost.AdminPassword, password);
            await host.GetTokenAsync("chef", password);
        }

        var secondLog = new StringWriter();
        await using (var host = await CmsHost.StartAsync(dataPath, settings, secondLog))
        {
            Assert.DoesNotContain(password, secondLog.ToString());
            using var client = host.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        }
        CmsHost.DeleteData(dataPath);
    }

    [GeneratedRegex("generated password: (\\S+)")]
    private static partial Regex GeneratedPassword();
}

using Cms.Tests.Support;

namespace Cms.Tests;

public sealed class BrowserSetupTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Debian_chromium_reaches_the_running_host()
    {
        var page = await fixture.NewPageAsync();
        var response = await page.GotoAsync("/health");
        Assert.Equal(200, response!.Status);
        Assert.Equal("Healthy", await page.InnerTextAsync("body"));
    }
}

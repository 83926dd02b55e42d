using System.Text.RegularExpressions;
using Cms.Tests.Support;
using Microsoft.Playwright;

namespace Cms.Tests.Security;

/// <summary>The API reference (Scalar, at /api/docs) renders the OpenAPI document in chromium under its page's policy.</summary>
public sealed partial class ApiReferenceBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_api_reference_renders_the_document_under_its_policy()
    {
        var page = await fixture.NewPageAsync();
        var violations = await CspViolations.WatchAsync(page);

        await page.GotoAsync("/api/docs");
        // The document's description and an operation's summary: the bundle ran and read /openapi/v1.json.
        // The bundle is large and renders operations as they come into view: on a loaded machine this takes a while, and
        // an operation further down may be in the page before it is shown.
        await page.GetByText("The newsroom CMS's REST API").First.WaitForAsync(new() { Timeout = 90_000 });
        // An operation of the first tag (Scalar renders the others as they are scrolled to).
        var summary = page.GetByText("Get an access token");
        await summary.First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await violations.SettleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "api-reference");

        Assert.Equal(1, violations.PagesSettled);
        // The one refusal allowed: the bundle's validation library (Zod) probes for eval with Function("") inside a
        // try, and runs without it when refused. 'unsafe-eval' is not granted to silence a probe; any other violation fails.
        Assert.All(violations.Seen, v => Assert.Matches(EvalProbe(), v));
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"^script-src blocked eval at https?://[^/]+/api/docs/scalar\.js:\d+ ")]
    private static partial Regex EvalProbe();
}

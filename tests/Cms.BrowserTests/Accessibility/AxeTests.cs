using Cms.Tests.Admin;
using Cms.Tests.Support;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Cms.Tests.Accessibility;

/// <summary>
/// axe-core on the main admin and site pages, as served (strict CSP, real data): no violation of serious or critical
/// impact. Lesser ones are left to people's judgement; these block a screen-reader or keyboard user.
/// </summary>
public sealed class AxeTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string KourskPath = "/des-soldats-nord-coreens-a-koursk-ce-que-l-on-sait-du-deploiement";

    public static TheoryData<string> AdminPaths() =>
        ["/admin", "/admin/articles", "/admin/articles/new", "{article}", "{article}/history", "/admin/categories", "/admin/media", "/admin/users"];

    public static TheoryData<string> SitePaths() =>
        ["/", KourskPath, "/categorie/defense", "/recherche?q=Koursk", "/cette-page-n-existe-pas"];

    [Fact]
    public async Task The_sign_in_page_has_no_serious_violation()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/admin/login");

        await AssertNoSeriousViolationsAsync(page, "/admin/login");
    }

    [Theory]
    [MemberData(nameof(AdminPaths))]
    public async Task An_admin_page_has_no_serious_violation(string path)
    {
        if (path.StartsWith("{article}", StringComparison.Ordinal)) path = path.Replace("{article}", $"/admin/articles/{await ArticleAsync()}");
        var page = await AdminPages.SignInAsync(fixture, CmsHost.AdminUserName, CmsHost.AdminPassword);
        await page.GotoAsync(path);

        await AssertNoSeriousViolationsAsync(page, path);
    }

    [Theory]
    [MemberData(nameof(SitePaths))]
    public async Task A_site_page_has_no_serious_violation(string path)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(path);

        await AssertNoSeriousViolationsAsync(page, path);
    }

    private async Task<string> ArticleAsync()
    {
        using var admin = await fixture.Host.AdminClientAsync();
        var created = await Articles.CreateAsync(admin, Articles.New($"Accessible {Guid.NewGuid():n}", await Articles.CategoryIdAsync(admin, "defense")));
        var id = created["ContentItemId"]!.GetValue<string>();
        // A second version, so that the history has something to compare and to restore.
        var saved = await Articles.SaveAsync(admin, id, created["ContentItemVersionId"]!.GetValue<string>(),
            Articles.New($"Accessible, relu {Guid.NewGuid():n}", await Articles.CategoryIdAsync(admin, "defense")));
        saved.EnsureSuccessStatusCode();
        return id;
    }

    private static async Task AssertNoSeriousViolationsAsync(IPage page, string path)
    {
        var result = await page.RunAxe();
        // Rules that passed prove axe ran on the page: an empty violation list alone could be a run that checked nothing.
        Assert.NotEmpty(result.Passes);
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        var report = string.Join("\n", serious.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help}\n" + string.Join("\n", v.Nodes.Take(5).Select(n => $"    {n.Target} {n.Html}"))));
        await page.Context.CloseAsync();
        Assert.True(serious.Count == 0, $"{path}:\n{report}");
    }
}

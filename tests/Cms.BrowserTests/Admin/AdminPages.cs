using System.Text.RegularExpressions;
using Cms.Tests.Support;
using Microsoft.Playwright;

namespace Cms.Tests.Admin;

/// <summary>What a person does in the admin pages, by role and label.</summary>
public static partial class AdminPages
{
    public const string Password = "Str0ng-Password!";

    public static async Task<IPage> SignInAsync(BrowserFixture fixture, string userName, string password = Password)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/admin/login");
        await page.GetByLabel("Nom d’utilisateur").FillAsync(userName);
        await page.GetByLabel("Mot de passe").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        // Generous: the sign-in's password hash and the dashboard's first render share the machine with the other test
        // projects (a fresh-clone run once took more than 30 s here).
        await page.WaitForURLAsync(new Regex("/admin$"), new() { Timeout = 60_000 });
        return page;
    }

    public static Task PressAsync(this IPage page, string buttonName) =>
        page.GetByRole(AriaRole.Button, new() { Name = buttonName, Exact = true }).ClickAsync();

    /// <summary>Waits for a status message; generous, because the machine running the tests may be busy.</summary>
    public static async Task ExpectStatusAsync(this IPage page, string text) =>
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = text }).WaitForAsync(new() { Timeout = 60_000 });

    public static string ArticleId(this IPage page) => ArticleUrl().Match(page.Url).Groups[1].Value;

    [GeneratedRegex("/admin/articles/([^/?#]+)")]
    private static partial Regex ArticleUrl();
}

using System.Reflection;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Cms.Admin;

/// <summary>The editors' web interface: Razor Pages under /admin, signed in with the Identity cookie.</summary>
public static class AdminSetup
{
    public static void AddAdmin(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Admin/Pages";
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Login");
            o.Conventions.AllowAnonymousToPage("/Denied");
        });
        // Only the paths change: the /api answers (401/403 instead of redirects) set up by AddCms stay as they are.
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o =>
        {
            o.LoginPath = "/admin/login";
            o.LogoutPath = "/admin/logout";
            o.AccessDeniedPath = "/admin/denied";
        });
        services.AddScoped<ArticleListQuery>();
    }

    public static void MapAdmin(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapGet("/admin/assets/{name}", (string name) => Asset(name)).AllowAnonymous();
    }

    private static IResult Asset(string name)
    {
        var type = Path.GetExtension(name) switch
        {
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            _ => null,
        };
        var stream = type is null ? null : Assembly.GetExecutingAssembly().GetManifestResourceStream("Cms.Admin.Assets." + name);
        return stream is null ? Results.NotFound() : Results.Stream(stream, type);
    }
}

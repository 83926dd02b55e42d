using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using Cms.Admin.Presence;
using Cms.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Razor.Compilation;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cms.Admin;

/// <summary>The editors' web interface: Razor Pages under /admin, signed in with the Identity cookie.</summary>
public static class AdminSetup
{
    public const string PolicyName = "CmsAdmin";

    public static void AddAdmin(this IServiceCollection services)
    {
        // Signed in is not enough: the newsroom pages are for those whose roles let them write or administer.
        services.Configure<AuthorizationOptions>(o => o.AddPolicy(PolicyName, policy => policy.RequireAuthenticatedUser().RequireAssertion(async context =>
        {
            if (context.Resource is not HttpContext http) return false;
            var actor = await http.GetActorAsync();
            return actor.Has(Permissions.EditOwnContent) || actor.Has(Permissions.EditContent)
                || actor.Has(Permissions.ManageCategories) || actor.Has(Permissions.ManageUsers) || actor.Has(Permissions.ManageClients)
                || actor.Has(Permissions.ManageWebhooks) || actor.Has(Permissions.ImportContent);
        })));
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Admin/Pages";
            o.Conventions.AuthorizeFolder("/", PolicyName);
            o.Conventions.AllowAnonymousToPage("/Login");
            o.Conventions.AllowAnonymousToPage("/Denied");
            // Its POSTs are sign-in attempts: rate-limited like the token endpoint (Security/SignInLimits).
            o.Conventions.AddPageApplicationModelConvention("/Login", page => page.EndpointMetadata.Add(new SignInAttempt()));
            // A page's override of PageModel's filter methods (OnPageHandlerExecutionAsync) is not marked as PageModel's own
            // is: Razor Pages would take it for a handler, run by a request with the method "PAGE". None is a handler.
            o.Conventions.AddFolderApplicationModelConvention("/", page =>
            {
                foreach (var handler in page.HandlerMethods.Where(h => h.MethodInfo.GetBaseDefinition().DeclaringType == typeof(PageModel)).ToList())
                {
                    page.HandlerMethods.Remove(handler);
                }
            });
        }).AddMvcOptions(o => o.Filters.Add<PageRequestFilter>()).ConfigureApplicationPartManager(parts =>
        {
            // Under a test runner the entry assembly is not this one, so the pages are not discovered by default.
            var assembly = typeof(AdminSetup).Assembly;
            if (parts.ApplicationParts.OfType<CompiledRazorAssemblyPart>().Any(p => p.Assembly == assembly)) return;
            foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
            {
                if (!parts.ApplicationParts.Any(p => p.GetType() == part.GetType() && p.Name == part.Name)) parts.ApplicationParts.Add(part);
            }
        });
        // Only the paths change: the /api answers (401/403 instead of redirects) set up by AddCms stay as they are.
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o =>
        {
            o.LoginPath = "/admin/login";
            o.LogoutPath = "/admin/logout";
            o.AccessDeniedPath = "/admin/denied";
        });
        // French text stays readable in the page source (and in tests) instead of becoming character references.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddScoped<ContentList>();
        services.AddScoped<ContentForms>();
        services.AddScoped<BulkActions>();
        services.AddScoped<DiffUserNames>();
        services.AddPresence();
        services.AddOptions<AutosaveOptions>().BindConfiguration(AutosaveOptions.Section);
        services.AddScoped<Autosaves>();
        services.AddScoped<MissingFields>();
    }

    public static void MapAdmin(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapPresence();
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

using System.Net;
using System.Security.Claims;
using Cms.Security;
using Cms.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Tests.Security;

public sealed class AdministratorPermissionsTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    [Fact]
    public async Task An_administrator_role_set_up_without_a_newer_permission_still_holds_it()
    {
        using (var scope = Host.Services.CreateScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            var administrator = (await roles.FindByNameAsync(Roles.Administrator))!;
            await roles.RemoveClaimAsync(administrator, new Claim(Permissions.ClaimType, Permissions.ManageSearchIndexes));
            Assert.DoesNotContain((await roles.GetClaimsAsync(administrator)).Select(c => c.Value), v => v == Permissions.ManageSearchIndexes);
        }
        Host.Services.GetRequiredService<RolePermissions>().Invalidate();
        using var admin = await Host.AdminClientAsync();
        var editor = await Host.CreateUserAsync("Editor");

        var asAdministrator = await admin.GetAsync("/api/search/indexes");
        var asEditor = await editor.Client.GetAsync("/api/search/indexes");

        Assert.Equal(HttpStatusCode.OK, asAdministrator.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asEditor.StatusCode);
    }
}

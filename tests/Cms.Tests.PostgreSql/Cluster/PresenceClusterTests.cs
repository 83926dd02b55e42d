using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cms.Tests.Admin;
using Cms.Tests.Support;

namespace Cms.Tests.Cluster;

/// <summary>The editor's presence is kept in the database: two people on two web nodes see each other, and a goodbye on one node is heard on the other.</summary>
public sealed class PresenceClusterTests
{
    private const string Password = "Str0ng-Password!";

    [Fact]
    public async Task Someone_editing_through_one_node_is_announced_on_the_other_until_they_leave()
    {
        await using var cluster = await Support.Cluster.StartAsync(2);
        var (one, two) = (cluster[0], cluster[1]);
        using var admin = await one.AdminClientAsync();
        var marc = await CreateEditorAsync(admin);
        var julie = await CreateEditorAsync(admin);
        var created = await Articles.CreateAsync(admin, Articles.New($"Ouvert sur deux nœuds {Guid.NewGuid():n}", await Articles.CategoryIdAsync(admin, "defense")));
        var id = created["ContentItemId"]!.GetValue<string>();
        using var marcOnOne = await AdminSession.SignInAsync(one.BaseAddress, marc, Password);
        using var julieOnTwo = await AdminSession.SignInAsync(two.BaseAddress, julie, Password);

        var marcBeat = await BeatAsync(marcOnOne, id);
        var page = await julieOnTwo.Client.GetStringAsync($"/admin/articles/{id}");
        var julieBeat = await BeatAsync(julieOnTwo, id);
        var left = await PostAsync(marcOnOne, $"/admin/presence/{id}/leave", id);
        var julieAfter = await BeatAsync(julieOnTwo, id);

        Assert.Equal("", marcBeat["message"]!.GetValue<string>());
        Assert.Contains($"{marc} modifie cet article depuis moins d’une minute.", page);
        Assert.Equal($"{marc} modifie cet article depuis moins d’une minute.", julieBeat["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, left.StatusCode);
        Assert.Equal("", julieAfter["message"]!.GetValue<string>());
        Assert.Empty(julieAfter["others"]!.AsArray());
    }

    private static async Task<string> CreateEditorAsync(HttpClient admin)
    {
        var userName = $"editor-{Guid.NewGuid():n}"[..20];
        var response = await admin.PostAsJsonAsync("/api/users", new { userName, email = $"{userName}@example.org", password = Password, roles = new[] { "Editor" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return userName;
    }

    private static async Task<JsonObject> BeatAsync(AdminSession session, string id)
    {
        var response = await PostAsync(session, $"/admin/presence/{id}", id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Posts the form presence.js sends, with the editor page's antiforgery token (from the same node).</summary>
    private static async Task<HttpResponseMessage> PostAsync(AdminSession session, string path, string id)
    {
        var token = await session.AntiforgeryTokenAsync($"/admin/articles/{id}");
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        return await session.Client.PostAsync(path, form);
    }
}

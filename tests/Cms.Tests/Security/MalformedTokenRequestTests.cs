using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Cms.Tests.Support;

namespace Cms.Tests.Security;

/// <summary>Whatever a client sends to /connect/token, a malformed request is a 400 invalid_request naming the fault, never a 500.</summary>
public sealed class MalformedTokenRequestTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private async Task<HttpResponseMessage> PostAsync(HttpContent content)
    {
        using var client = fixture.Host.CreateClient();
        return await client.PostAsync("/connect/token", content);
    }

    private static async Task AssertInvalidRequestAsync(HttpResponseMessage response, string named)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await Articles.ReadAsync(response);
        Assert.Equal("invalid_request", body["error"]!.GetValue<string>());
        Assert.True(body["error_description"]!.GetValue<string>().Contains(named, StringComparison.OrdinalIgnoreCase), body.ToJsonString());
    }

    [Fact]
    public async Task A_multipart_body_without_boundary_is_invalid_request()
    {
        var content = new StringContent("grant_type=password", Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");

        await AssertInvalidRequestAsync(await PostAsync(content), "boundary");
    }

    [Fact]
    public async Task A_nul_in_the_user_name_is_invalid_request()
    {
        var content = new StringContent("grant_type=password&username=%00&password=x", Encoding.UTF8, "application/x-www-form-urlencoded");

        await AssertInvalidRequestAsync(await PostAsync(content), "characters");
    }

    [Fact]
    public async Task An_over_long_user_name_is_invalid_request()
    {
        var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = new string('a', 5000), ["password"] = "x" });

        await AssertInvalidRequestAsync(await PostAsync(content), "username");
    }

    [Fact]
    public async Task A_value_larger_than_any_sign_in_field_is_invalid_request()
    {
        var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = "admin", ["password"] = new string('p', 100_000) });

        await AssertInvalidRequestAsync(await PostAsync(content), "form");
    }

    [Fact]
    public async Task A_body_that_is_not_a_form_is_invalid_request()
    {
        var content = new StringContent("{\"grant_type\":\"password\"}", Encoding.UTF8, "application/json");

        await AssertInvalidRequestAsync(await PostAsync(content), "x-www-form-urlencoded");
    }

    [Fact]
    public async Task A_client_without_a_secret_is_invalid_request()
    {
        var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = "someone" });

        await AssertInvalidRequestAsync(await PostAsync(content), "client_secret");
    }
}

using System.Net;
using System.Text.RegularExpressions;
using Cms.Tests.Support;

namespace Cms.Tests.Admin;

/// <summary>A browser-like HTTP client for the admin pages: cookies kept, redirects not followed, antiforgery tokens read from forms.</summary>
public sealed partial class AdminSession(Uri baseAddress) : IDisposable
{
    public AdminSession(CmsHost host)
        : this(host.BaseAddress)
    {
    }

    private readonly CookieContainer _cookies = new();
    private HttpClient? _client;

    public HttpClient Client => _client ??= new(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    /// <summary>The session's cookies (sign-in, antiforgery) as a <c>Cookie</c> header, for a client that keeps none.</summary>
    public string CookieHeader => _cookies.GetCookieHeader(baseAddress);

    /// <summary>The antiforgery token of a form on <paramref name="page"/>, valid with this session's cookies.</summary>
    public async Task<string> AntiforgeryTokenAsync(string page) => Token().Match(await Client.GetStringAsync(page)).Groups[1].Value;

    public static Task<AdminSession> SignInAsync(CmsHost host, string userName, string password) => SignInAsync(host.BaseAddress, userName, password);

    /// <summary>Signs in on the web node at <paramref name="baseAddress"/> (one node of a cluster).</summary>
    public static async Task<AdminSession> SignInAsync(Uri baseAddress, string userName, string password)
    {
        var session = new AdminSession(baseAddress);
        var response = await session.PostFormAsync("/admin/login", new() { ["userName"] = userName, ["password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Sign-in of {userName} failed: {(int)response.StatusCode}");
        return session;
    }

    /// <summary>Posts a form the way a browser does: with the antiforgery token of the page it came from.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await Client.GetStringAsync(formPage ?? path);
        fields["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value;
        return await Client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    /// <summary>Posts a multipart form (a file upload) with the antiforgery token of the page it came from.</summary>
    public async Task<HttpResponseMessage> PostMultipartAsync(string path, MultipartFormDataContent form, string formPage)
    {
        var page = await Client.GetStringAsync(formPage);
        form.Add(new StringContent(Token().Match(page).Groups[1].Value), "__RequestVerificationToken");
        return await Client.PostAsync(path, form);
    }

    public void Dispose() => _client?.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}

using System.Net;
using Cms.Data;
using Cms.Tests.Admin;
using Cms.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Tests.Security;

/// <summary>Counts the password checks the host makes, to show that an unknown user costs one too.</summary>
public sealed class CountingPasswordHasher : IPasswordHasher<CmsUser>
{
    private readonly PasswordHasher<CmsUser> _hasher = new();
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public string HashPassword(CmsUser user, string password) => _hasher.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(CmsUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return _hasher.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>
/// A host behind a proxy at 127.0.0.1 (so that tests choose the client address with X-Forwarded-For), with small
/// sign-in limits and a counting password hasher.
/// </summary>
public sealed class SignInHostFixture : IAsyncLifetime
{
    public const int PerAddress = 5;
    public const int PerUserName = 8;
    public const int FailuresBeforeWait = 3;

    private int _nextAddress;

    public CmsHost Host { get; private set; } = null!;
    public CountingPasswordHasher Hasher { get; } = new();

    /// <summary>An address no other request of this host came from (TEST-NET ranges).</summary>
    public string NewAddress()
    {
        var n = Interlocked.Increment(ref _nextAddress);
        return $"198.51.{100 + n / 250}.{1 + n % 250}";
    }

    public async Task InitializeAsync() => Host = await CmsHost.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Cms:ReverseProxy:KnownProxies:0"] = "127.0.0.1",
        ["Cms:RateLimits:PerAddress"] = PerAddress.ToString(),
        ["Cms:RateLimits:PerUserName"] = PerUserName.ToString(),
        ["Cms:RateLimits:Window"] = "01:00:00",
        ["Cms:RateLimits:FailuresBeforeWait"] = FailuresBeforeWait.ToString(),
        ["Cms:RateLimits:FailureWait"] = "01:00:00",
    }, services: s => s.AddSingleton<IPasswordHasher<CmsUser>>(Hasher));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// Sign-in defences, on the token endpoint and the admin login alike: rate limits by address and by user name, one answer
/// for every failure, and a throttle that makes the guessing address wait without locking the real user out.
/// </summary>
public sealed class SignInDefenceTests(SignInHostFixture fixture) : IClassFixture<SignInHostFixture>
{
    private const string Password = "Str0ng-Password!";

    private CmsHost Host => fixture.Host;

    private async Task<HttpResponseMessage> TokenFromAsync(string address, string userName, string password)
    {
        using var client = Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = userName, ["password"] = password }),
        };
        request.Headers.Add("X-Forwarded-For", address);
        return await client.SendAsync(request);
    }

    /// <summary>A user of this host, made without signing anyone in (that would count against the limits under test).</summary>
    private async Task<string> NewUserAsync()
    {
        using var scope = Host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CmsUser>>();
        var userName = "u" + Guid.NewGuid().ToString("n")[..12];
        var created = await users.CreateAsync(new CmsUser { UserName = userName, Email = $"{userName}@example.org", EmailConfirmed = true }, Password);
        Assert.True(created.Succeeded);
        await users.AddToRoleAsync((await users.FindByNameAsync(userName))!, "Author");
        return userName;
    }

    [Fact]
    public async Task Attempts_over_the_limit_from_one_address_get_429_with_retry_after()
    {
        var address = fixture.NewAddress();
        for (var i = 0; i < SignInHostFixture.PerAddress; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await TokenFromAsync(address, $"nobody-{Guid.NewGuid():n}", "x")).StatusCode);
        }

        var over = await TokenFromAsync(address, $"nobody-{Guid.NewGuid():n}", "x");
        var elsewhere = await TokenFromAsync(fixture.NewAddress(), $"nobody-{Guid.NewGuid():n}", "x");

        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.Equal("application/problem+json", over.Content.Headers.ContentType?.MediaType);
        Assert.True(over.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says when to try again");
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Attempts_over_the_limit_for_one_user_name_get_429_from_any_address()
    {
        var userName = $"target-{Guid.NewGuid():n}";
        for (var i = 0; i < SignInHostFixture.PerUserName; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await TokenFromAsync(fixture.NewAddress(), userName, "x")).StatusCode);
        }
        var address = fixture.NewAddress();

        var over = await TokenFromAsync(address, userName.ToUpperInvariant(), "x");
        var otherAccount = await TokenFromAsync(address, $"other-{Guid.NewGuid():n}", "x");

        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.True(over.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says when to try again");
        Assert.Equal(HttpStatusCode.BadRequest, otherAccount.StatusCode);
    }

    [Fact]
    public async Task An_unknown_user_a_wrong_password_and_a_locked_account_get_the_same_answer()
    {
        var known = await NewUserAsync();
        var locked = await NewUserAsync();
        using (var scope = Host.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CmsUser>>();
            var user = (await users.FindByNameAsync(locked))!;
            await users.SetLockoutEnabledAsync(user, true);
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        }

        var unknown = await TokenFromAsync(fixture.NewAddress(), $"nobody-{Guid.NewGuid():n}", Password);
        var wrong = await TokenFromAsync(fixture.NewAddress(), known, "not-the-password");
        var lockedOut = await TokenFromAsync(fixture.NewAddress(), locked, Password);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(unknown.StatusCode, wrong.StatusCode);
        Assert.Equal(unknown.StatusCode, lockedOut.StatusCode);
        var body = await unknown.Content.ReadAsStringAsync();
        Assert.Contains("invalid_grant", body);
        Assert.Equal(body, await wrong.Content.ReadAsStringAsync());
        Assert.Equal(body, await lockedOut.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_user_name_still_runs_the_password_hasher()
    {
        var before = fixture.Hasher.Verifications;

        var response = await TokenFromAsync(fixture.NewAddress(), $"nobody-{Guid.NewGuid():n}", Password);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before + 1, fixture.Hasher.Verifications);
    }

    [Fact]
    public async Task A_flood_from_one_address_does_not_keep_the_real_user_out()
    {
        var userName = await NewUserAsync();
        var flooding = fixture.NewAddress();
        for (var i = 0; i < SignInHostFixture.FailuresBeforeWait; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await TokenFromAsync(flooding, userName, "guess-" + i)).StatusCode);
        }

        var fromTheFlood = await TokenFromAsync(flooding, userName, Password);
        var fromTheUser = await TokenFromAsync(fixture.NewAddress(), userName, Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, fromTheFlood.StatusCode);
        Assert.True(fromTheFlood.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says when to try again");
        Assert.Equal(HttpStatusCode.OK, fromTheUser.StatusCode);
    }

    [Fact]
    public async Task The_admin_login_gives_one_french_answer_to_every_failure_and_makes_the_guessing_address_wait()
    {
        var userName = await NewUserAsync();
        var address = fixture.NewAddress();
        using var session = new AdminSession(Host);
        session.Client.DefaultRequestHeaders.Add("X-Forwarded-For", address);

        var unknown = await session.PostFormAsync("/admin/login", new() { ["userName"] = $"nobody-{Guid.NewGuid():n}", ["password"] = Password });
        var wrong = await session.PostFormAsync("/admin/login", new() { ["userName"] = userName, ["password"] = "not-the-password" });
        for (var i = 1; i < SignInHostFixture.FailuresBeforeWait; i++) await session.PostFormAsync("/admin/login", new() { ["userName"] = userName, ["password"] = "guess" });
        var waiting = await session.PostFormAsync("/admin/login", new() { ["userName"] = userName, ["password"] = Password });
        using var elsewhere = new AdminSession(Host);
        elsewhere.Client.DefaultRequestHeaders.Add("X-Forwarded-For", fixture.NewAddress());
        var signedIn = await elsewhere.PostFormAsync("/admin/login", new() { ["userName"] = userName, ["password"] = Password });

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("Nom d’utilisateur ou mot de passe incorrect.", await unknown.Content.ReadAsStringAsync());
        Assert.Contains("Nom d’utilisateur ou mot de passe incorrect.", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.TooManyRequests, waiting.StatusCode);
        Assert.True(waiting.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says when to try again");
        Assert.Contains("Trop de tentatives de connexion", await waiting.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }
}

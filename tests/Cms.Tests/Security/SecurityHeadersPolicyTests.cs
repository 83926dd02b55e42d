using Cms.Security;
using Microsoft.AspNetCore.Http;

namespace Cms.Tests.Security;

/// <summary>How a policy is extended for one page family, and which family a path belongs to.</summary>
public sealed class SecurityHeadersPolicyTests
{
    [Fact]
    public void Allowing_a_player_replaces_none_and_leaves_the_shared_policy_as_it_was()
    {
        var withPlayer = SecurityHeadersPolicy.Page.Allow("frame-src", "https://player.vimeo.com");

        Assert.Equal(["https://player.vimeo.com"], withPlayer.Sources("frame-src"));
        Assert.Equal(["'none'"], SecurityHeadersPolicy.Page.Sources("frame-src"));
        Assert.Contains("frame-src https://player.vimeo.com;", withPlayer.ContentSecurityPolicy);
    }

    [Fact]
    public void Allowing_a_directive_the_policy_does_not_set_adds_it()
    {
        var policy = SecurityHeadersPolicy.Page.Allow("font-src", "'self'", "https://fonts.example.org");

        Assert.EndsWith("; font-src 'self' https://fonts.example.org", policy.ContentSecurityPolicy);
    }

    [Fact]
    public void A_source_that_would_add_a_directive_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SecurityHeadersPolicy.Page.Allow("img-src", "https://cdn.example.org; script-src *"));
    }

    [Fact]
    public void Unsafe_inline_next_to_a_hash_is_refused_because_browsers_would_ignore_it()
    {
        var hashed = SecurityHeadersPolicy.Page.AllowInlineStyle("a{color:red}");

        Assert.Throws<ArgumentException>(() => hashed.Allow("style-src", "'unsafe-inline'"));
    }

    [Fact]
    public void An_inline_style_is_allowed_by_the_hash_of_its_exact_text()
    {
        // SHA-256 of "a{color:red}", base64 (openssl dgst -sha256 -binary | base64).
        var policy = SecurityHeadersPolicy.Page.AllowInlineStyle("a{color:red}");

        Assert.Equal(["'self'", "'sha256-6hWWMOcF+mJesSJGYhmK2lkIIEw9Xc5XKGLPVzh8yxs='"], policy.Sources("style-src"));
    }

    [Fact]
    public void A_nonce_goes_to_script_src_only()
    {
        var policy = SecurityHeadersPolicy.Page.Allow("style-src", "'unsafe-inline'");

        var header = policy.ContentSecurityPolicyWith("abc123");

        Assert.Contains("script-src 'self' 'nonce-abc123';", header);
        Assert.Contains("style-src 'self' 'unsafe-inline';", header);
        Assert.DoesNotContain("nonce", policy.ContentSecurityPolicy);
    }

    [Fact]
    public void Frame_options_follow_frame_ancestors()
    {
        Assert.Equal("DENY", SecurityHeadersPolicy.Page.FrameOptions);
        Assert.Equal("SAMEORIGIN", SecurityHeadersPolicy.Page.Allow("frame-ancestors", "'self'").FrameOptions);
        Assert.Null(SecurityHeadersPolicy.Page.Allow("frame-ancestors", "https://editor.example.org").FrameOptions);
    }

    [Theory]
    [InlineData("/api/docs", "docs")]
    [InlineData("/api/docs/v1", "docs")]
    [InlineData("/API/Docs/", "docs")]
    [InlineData("/api", "api")]
    [InlineData("/api/content/x", "api")]
    [InlineData("/api/docsx", "api")]
    [InlineData("/apix", "site")]
    [InlineData("/", "site")]
    public void The_longest_prefix_of_whole_segments_wins_whatever_the_case(string path, string expected)
    {
        var api = SecurityHeadersPolicy.NoContent;
        var docs = SecurityHeadersPolicy.Page.Allow("style-src", "'unsafe-inline'");
        var site = SecurityHeadersPolicy.Page;
        var policies = new SecurityHeadersPolicies { Default = site };
        policies.Set("/api", api);
        policies.Set("/api/docs", docs);

        var chosen = policies.For(new PathString(path));

        Assert.Same(expected switch { "docs" => docs, "api" => api, _ => site }, chosen);
    }

    [Theory]
    [InlineData("api")]
    [InlineData("/")]
    [InlineData("/api/")]
    public void A_prefix_must_be_a_path_without_a_trailing_slash(string prefix)
    {
        Assert.Throws<ArgumentException>(() => new SecurityHeadersPolicies().Set(prefix, SecurityHeadersPolicy.NoContent));
    }
}

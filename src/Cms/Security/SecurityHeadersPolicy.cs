using System.Security.Cryptography;
using System.Text;

namespace Cms.Security;

/// <summary>
/// The security headers of one family of answers (the site's pages, the admin, the API…): a Content-Security-Policy
/// and what follows from it. Immutable: <see cref="Allow"/> and its siblings return a new policy, so a feature extends
/// a shared one without changing it for the others.
/// </summary>
public sealed class SecurityHeadersPolicy
{
    private const string ScriptSrc = "script-src";
    private const string StyleSrc = "style-src";
    private const string FrameAncestors = "frame-ancestors";

    private readonly (string Directive, string[] Sources)[] _directives;

    private SecurityHeadersPolicy((string, string[])[] directives, bool isolatesOpener)
    {
        _directives = directives;
        IsolatesOpener = isolatesOpener;
        ContentSecurityPolicy = Render(null);
        FrameOptions = Sources(FrameAncestors) switch
        {
            ["'none'"] => "DENY",
            ["'self'"] => "SAMEORIGIN",
            // Other sources cannot be said in X-Frame-Options; browsers that know frame-ancestors ignore it anyway.
            _ => null,
        };
    }

    /// <summary>
    /// For HTML pages: everything from this origin only, no inline script or style, no plugin, never framed. Images
    /// may also be <c>data:</c> and <c>blob:</c> URLs (the admin's previews of a chosen file).
    /// </summary>
    public static SecurityHeadersPolicy Page { get; } = new(
    [
        ("default-src", ["'self'"]),
        (ScriptSrc, ["'self'"]),
        (StyleSrc, ["'self'"]),
        ("img-src", ["'self'", "data:", "blob:"]),
        ("object-src", ["'none'"]),
        ("frame-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
        (FrameAncestors, ["'none'"]),
    ], isolatesOpener: false);

    /// <summary>
    /// For answers that are not pages (JSON, images, files): should a browser open one as a document (an SVG, a
    /// JSON body a client echoed), it loads and runs nothing, and it is never framed.
    /// </summary>
    public static SecurityHeadersPolicy NoContent { get; } = new(
    [
        ("default-src", ["'none'"]),
        ("base-uri", ["'none'"]),
        ("form-action", ["'none'"]),
        (FrameAncestors, ["'none'"]),
    ], isolatesOpener: false);

    /// <summary>The <c>Content-Security-Policy</c> header, without a nonce.</summary>
    public string ContentSecurityPolicy { get; }

    /// <summary><c>X-Frame-Options</c> for browsers that predate <c>frame-ancestors</c>; null when it cannot say the same.</summary>
    public string? FrameOptions { get; }

    /// <summary>Whether answers carry <c>Cross-Origin-Opener-Policy: same-origin</c> (a window this page opens, or that opened it, on another origin gets no handle on it).</summary>
    public bool IsolatesOpener { get; }

    /// <summary>The sources of <paramref name="directive"/>, empty when the policy does not set it.</summary>
    public IReadOnlyList<string> Sources(string directive)
    {
        foreach (var (name, sources) in _directives)
        {
            if (name == directive) return sources;
        }
        return [];
    }

    /// <summary>
    /// This policy with <paramref name="sources"/> added to <paramref name="directive"/> (<c>'none'</c>, if it was
    /// there, goes); a directive the policy does not set is added. No sources: the policy as it is.
    /// </summary>
    public SecurityHeadersPolicy Allow(string directive, params string[] sources)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directive);
        if (sources.Length == 0) return this;
        foreach (var source in sources)
        {
            if (!SecurityHeadersOptions.IsSource(source) && !IsKeyword(source))
            {
                throw new ArgumentException($"'{source}' is not a Content-Security-Policy source.", nameof(sources));
            }
        }
        var directives = _directives.ToList();
        var index = directives.FindIndex(d => d.Directive == directive);
        var kept = index < 0 ? [] : directives[index].Sources.Where(s => s != "'none'").ToArray();
        var merged = kept.Concat(sources.Where(s => !kept.Contains(s))).ToArray();
        if (merged.Contains("'unsafe-inline'") && merged.Any(s => s.StartsWith("'sha256-", StringComparison.Ordinal)))
        {
            throw new ArgumentException($"{directive} cannot hold 'unsafe-inline' and a hash: browsers ignore 'unsafe-inline' next to a hash or a nonce.", nameof(sources));
        }
        if (index < 0) directives.Add((directive, merged));
        else directives[index] = (directive, merged);
        return new SecurityHeadersPolicy(directives.ToArray(), IsolatesOpener);
    }

    /// <summary>This policy with one inline <c>&lt;style&gt;</c> block allowed by the hash of its exact text.</summary>
    public SecurityHeadersPolicy AllowInlineStyle(string css) => Allow(StyleSrc, Hash(css));

    /// <summary>This policy with one inline <c>&lt;script&gt;</c> allowed by the hash of its exact text.</summary>
    public SecurityHeadersPolicy AllowInlineScript(string script) => Allow(ScriptSrc, Hash(script));

    /// <summary>This policy with <c>Cross-Origin-Opener-Policy: same-origin</c>.</summary>
    public SecurityHeadersPolicy IsolatedFromOpeners() => new(_directives, isolatesOpener: true);

    /// <summary>
    /// The header with <c>'nonce-…'</c> in script-src only: in style-src a nonce would switch off an
    /// <c>'unsafe-inline'</c> that a page's library may need for the styles it injects.
    /// </summary>
    public string ContentSecurityPolicyWith(string nonce) => Render(nonce);

    private string Render(string? nonce)
    {
        var header = new StringBuilder();
        foreach (var (directive, sources) in _directives)
        {
            if (header.Length > 0) header.Append("; ");
            header.Append(directive);
            foreach (var source in sources) header.Append(' ').Append(source);
            if (nonce is not null && directive == ScriptSrc) header.Append(" 'nonce-").Append(nonce).Append('\'');
        }
        return header.ToString();
    }

    private static string Hash(string text) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)))}'";

    private static bool IsKeyword(string source) =>
        source is "'self'" or "'none'" or "'unsafe-inline'" or "'unsafe-eval'" or "'wasm-unsafe-eval'" or "'strict-dynamic'" or "'unsafe-hashes'"
        || (source.StartsWith("'sha256-", StringComparison.Ordinal) && source.EndsWith('\''));
}

using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Cms.Tests.Api.Fuzz;

/// <summary>Who sends a request: nobody, an author (bearer token), the administrator (bearer token, or the admin's cookies).</summary>
public enum FuzzCaller
{
    Anonymous,
    Author,
    Administrator,
    AdministratorCookie,
}

/// <summary>One generated request, described whole so that a failure can be printed and sent again by hand.</summary>
public sealed record FuzzRequest(int Number, FuzzCaller Caller, string Method, string PathAndQuery, IReadOnlyList<(string Name, string Value)> Headers,
    FuzzBody? Body, FuzzRoute Route)
{
    public HttpRequestMessage ToMessage(Uri baseAddress, FuzzSeed seed)
    {
        // Sent as written: no unescaping, no dot-segment removal, so that the garbage arrives as it was made.
        var uri = new Uri(baseAddress.GetLeftPart(UriPartial.Authority) + PathAndQuery, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        var message = new HttpRequestMessage(new HttpMethod(Method), uri);
        switch (Caller)
        {
            case FuzzCaller.Author:
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", seed.Author.Client.DefaultRequestHeaders.Authorization!.Parameter);
                break;
            case FuzzCaller.Administrator:
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", seed.AdminToken);
                break;
            case FuzzCaller.AdministratorCookie:
                message.Headers.TryAddWithoutValidation("Cookie", seed.AdminCookies);
                message.Headers.TryAddWithoutValidation("RequestVerificationToken", seed.AntiforgeryToken);
                break;
        }
        foreach (var (name, value) in Headers)
        {
            if (name == "Cookie" && Caller == FuzzCaller.AdministratorCookie) message.Headers.Remove("Cookie");
            if (name == "Authorization") message.Headers.Authorization = null;
            message.Headers.TryAddWithoutValidation(name, value);
        }
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body.Bytes);
            if (Body.ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", Body.ContentType);
        }
        return message;
    }

    public string Describe()
    {
        var text = new StringBuilder($"#{Number} {Caller}: {Method} {(PathAndQuery.Length > 300 ? PathAndQuery[..300] + "…" : PathAndQuery)}  (route {Route})");
        foreach (var (name, value) in Headers) text.Append($"\n    {name}: {(value.Length > 100 ? value[..100] + "…" : value)}");
        if (Body is not null)
        {
            var shown = Encoding.UTF8.GetString(Body.Bytes.AsSpan(0, Math.Min(Body.Bytes.Length, 300)));
            text.Append($"\n    Content-Type: {Body.ContentType ?? "(none)"}; {Body.Bytes.Length} bytes, {Body.Kind}: {shown.ReplaceLineEndings("⏎")}");
        }
        return text.ToString();
    }
}

/// <summary>
/// Draws requests for the listed routes from one seeded <see cref="Random"/>: the same seed and routes give the same
/// requests. Each has the route's method (sometimes an odd one), its route values filled with the run's own ids or
/// garbage, a few query values, odd headers, and for writes a body from <see cref="FuzzInputs.Bodies"/>.
/// </summary>
public sealed class FuzzRequests(int seed, IReadOnlyList<FuzzRoute> routes, FuzzSeed data)
{
    private readonly Random _random = new(seed);
    private readonly IReadOnlyDictionary<string, string[]> _valid = FuzzInputs.ValidValues(data);
    private int _count;

    public FuzzRequest Next()
    {
        var random = _random;
        var route = FuzzInputs.Pick(random, routes);
        var caller = route.IsPage && random.Next(3) > 0 ? FuzzCaller.AdministratorCookie : (FuzzCaller)random.Next(4);
        var method = random.Next(8) > 0 ? FuzzInputs.Pick(random, route.Methods) : FuzzInputs.Pick(random, FuzzInputs.OddMethods);
        // A delete names garbage only: the run's own data must outlive it.
        var path = Path(random, route.Pattern, onlyGarbage: method == "DELETE");

        var query = new List<string>();
        if (route.Handler is not null) query.Add("handler=" + route.Handler);
        for (var i = random.Next(4); i > 0; i--)
        {
            var name = route.Names.Count > 0 && random.Next(2) == 0 ? FuzzInputs.Pick(random, route.Names) : FuzzInputs.Pick(random, FuzzInputs.CommonNames);
            query.Add(Uri.EscapeDataString(name) + "=" + FuzzInputs.Value(random, name, _valid));
        }
        if (random.Next(20) == 0) query.Add(FuzzInputs.Pick(random, FuzzInputs.GarbageValues));

        var headers = new List<(string, string)>();
        for (var i = random.Next(3); i > 0; i--)
        {
            var (name, values) = FuzzInputs.Pick(random, FuzzInputs.Headers);
            headers.Add((name, FuzzInputs.Pick(random, values)));
        }

        FuzzBody? body = null;
        var reads = method is "POST" or "PUT" or "PATCH";
        if ((reads && random.Next(10) > 0) || (method is "GET" or "DELETE" && random.Next(20) == 0))
        {
            body = FuzzInputs.Pick(random, FuzzInputs.Bodies)(random, route, data);
        }
        var pathAndQuery = path + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        return new FuzzRequest(++_count, caller, method, pathAndQuery, headers, body, route);
    }

    private string Path(Random random, RoutePattern pattern, bool onlyGarbage)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        path.Append(literal.Content);
                        break;
                    case RoutePatternSeparatorPart separator:
                        path.Append(separator.Content);
                        break;
                    case RoutePatternParameterPart parameter:
                        path.Append(RouteValue(random, parameter, onlyGarbage));
                        break;
                }
            }
        }
        return path.Length == 0 ? "/" : path.ToString();
    }

    private string RouteValue(Random random, RoutePatternParameterPart parameter, bool onlyGarbage)
    {
        if (!onlyGarbage && random.Next(5) < 3)
        {
            var listed = FuzzRoutes.Alternatives(parameter);
            if (listed.Count > 0) return FuzzInputs.Pick(random, listed);
            if (_valid.TryGetValue(parameter.Name, out var values))
            {
                var value = FuzzInputs.Pick(random, values);
                // A catch-all keeps its slashes: a media path is several segments.
                return parameter.IsCatchAll ? string.Join('/', value.Split('/').Select(Uri.EscapeDataString)) : Uri.EscapeDataString(value);
            }
        }
        return FuzzInputs.Pick(random, FuzzInputs.GarbageValues);
    }
}

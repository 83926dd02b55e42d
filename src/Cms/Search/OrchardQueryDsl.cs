using System.Text.Json.Nodes;
using Cms.Content;
using Cms.Content.Definitions;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Cms.Search;

/// <summary>A query in Orchard's Lucene JSON DSL, with its paging and its order (null: by relevance).</summary>
public sealed record DslQuery(Query Query, int From, int Size, Sort? Sort = null);

/// <summary>
/// Orchard Core's Lucene query DSL (an Elasticsearch subset): <c>match</c>, <c>match_phrase</c>, <c>term</c>, <c>terms</c>,
/// <c>wildcard</c>, <c>prefix</c>, <c>match_all</c> and <c>bool</c> (<c>must</c>, <c>should</c>, <c>must_not</c>, <c>filter</c>),
/// with <c>from</c>, <c>size</c> and <c>sort</c> (by <c>Content.ContentItem.PublishedUtc</c> or <c>_score</c>, in the
/// Elasticsearch forms Orchard accepts). Orchard's field names map to this index's fields; an element it cannot read is refused
/// with its JSON path.
/// </summary>
public sealed class OrchardQueryDsl(Analyzer analyzer, ContentDefinitionSet definitions)
{
    private static readonly Dictionary<string, string[]> BuiltInFields = new(StringComparer.Ordinal)
    {
        [SearchDocuments.FullText] = [SearchDocuments.FullText],
        [SearchDocuments.DisplayText] = [SearchDocuments.Title],
        [SearchDocuments.Title] = [SearchDocuments.Title],
        ["ContentItemId"] = [SearchDocuments.Id],
        ["ContentItemVersionId"] = [SearchDocuments.VersionId],
        [SearchDocuments.Category] = [SearchDocuments.Category],
        [SearchDocuments.Standfirst] = [SearchDocuments.Standfirst],
        // The body's words are indexed in the full text only (with the title and standfirst): one copy of each posting.
        [SearchDocuments.Body] = [SearchDocuments.FullText],
        ["HtmlBodyPart.Html"] = [SearchDocuments.FullText],
        ["HtmlBodyPart"] = [SearchDocuments.FullText],
    };

    private static IReadOnlySet<string> AnalyzedFields => SearchDocuments.AnalyzedFields;

    /// <summary>
    /// Orchard names a field by its part and name ("Article.Category", "Article.Subtitle"): those of the fields in the
    /// Category and Standfirst roles, for every type, map to the index's role fields.
    /// </summary>
    private readonly Dictionary<string, string[]> _fields = WithRoleNames(definitions);

    private static Dictionary<string, string[]> WithRoleNames(ContentDefinitionSet definitions)
    {
        var fields = new Dictionary<string, string[]>(BuiltInFields, StringComparer.Ordinal);
        foreach (var category in definitions.FieldsInRole(FieldRoles.Category))
        {
            fields.TryAdd(category.Key, [SearchDocuments.Category]);
            fields.TryAdd(category.Key + ".TermContentItemIds", [SearchDocuments.Category]);
        }
        foreach (var standfirst in definitions.FieldsInRole(FieldRoles.Standfirst))
        {
            fields.TryAdd(standfirst.Key, [SearchDocuments.Standfirst]);
            fields.TryAdd(standfirst.Key + ".Text", [SearchDocuments.Standfirst]);
        }
        return fields;
    }

    public Outcome<DslQuery> Parse(JsonObject root, int maxSize)
    {
        try
        {
            var query = root["query"] switch
            {
                null => new MatchAllDocsQuery(),
                JsonObject q => Clause(q, "query"),
                _ => throw new DslException("query", "must be an object."),
            };
            var from = Number(root, "from", 0, int.MaxValue);
            var size = Number(root, "size", 10, maxSize);
            return new DslQuery(query, from, size, SortOf(root["sort"]));
        }
        catch (DslException e)
        {
            return Refusal.Invalid($"{e.Path}: {e.Message}", new Dictionary<string, string[]> { [e.Path] = [e.Message] });
        }
        catch (BooleanQuery.TooManyClausesException)
        {
            // Thrown while the query is built (terms, bool, match of many words): Lucene's own limit on one query's size.
            var message = $"has more than {BooleanQuery.MaxClauseCount} clauses (terms, words or queries in one bool).";
            return Refusal.Invalid($"query: {message}", new Dictionary<string, string[]> { ["query"] = [message] });
        }
    }

    private Query Clause(JsonObject node, string path)
    {
        if (node.Count != 1) throw new DslException(path, "must hold exactly one query (match, match_phrase, term, terms, wildcard, prefix, match_all or bool).");
        var (kind, body) = node.First();
        var where = $"{path}.{kind}";
        return kind switch
        {
            "match_all" => new MatchAllDocsQuery(),
            "bool" => Bool(AsObject(body, where), where),
            "match" => OneField(body, where, (field, value) => Match(field, value, where)),
            "match_phrase" => OneField(body, where, (field, value) => Phrase(field, Text(value, "query", where))),
            "term" => OneField(body, where, (field, value) => Any(field, f => new TermQuery(new Term(f, Text(value, "value", where))))),
            "terms" => OneField(body, where, (field, value) => Terms(field, value, where)),
            "wildcard" => OneField(body, where, (field, value) => Any(field, f => new WildcardQuery(new Term(f, Normalized(f, Text(value, "value", where)))))),
            "prefix" => OneField(body, where, (field, value) => Any(field, f => new PrefixQuery(new Term(f, Normalized(f, Text(value, "value", where)))))),
            _ => throw new DslException(where, $"unknown query '{kind}'."),
        };
    }

    private Query Bool(JsonObject body, string path)
    {
        var query = new BooleanQuery();
        var scored = false;
        foreach (var (occurrence, clauses) in body)
        {
            var where = $"{path}.{occurrence}";
            var occur = occurrence switch
            {
                "must" or "filter" => Occur.MUST,
                "should" => Occur.SHOULD,
                "must_not" => Occur.MUST_NOT,
                "minimum_should_match" or "boost" => (Occur?)null,
                _ => throw new DslException(where, "bool takes must, should, must_not and filter."),
            };
            if (occur is null) continue;
            var list = clauses switch
            {
                JsonArray array => array.Select((c, i) => (Node: c as JsonObject ?? throw new DslException($"{where}[{i}]", "must be an object."), Path: $"{where}[{i}]")).ToList(),
                JsonObject single => [(single, where)],
                _ => throw new DslException(where, "must be a query or an array of queries."),
            };
            foreach (var (clause, clausePath) in list)
            {
                var parsed = Clause(clause, clausePath);
                query.Add(occurrence == "filter" ? new ConstantScoreQuery(parsed) { Boost = 0 } : parsed, occur.Value);
                scored |= occur != Occur.MUST_NOT;
            }
        }
        // Lucene matches nothing with only must_not clauses; Elasticsearch means "everything except".
        if (!scored) query.Add(new MatchAllDocsQuery(), Occur.MUST);
        return query;
    }

    private Query Match(string field, JsonNode? value, string path)
    {
        var text = Text(value, "query", path);
        var all = value is JsonObject o && o["operator"] is { } op && (op is JsonValue v && v.TryGetValue<string>(out var name) && name.ToLowerInvariant() is "and" or "or"
            ? name.Equals("and", StringComparison.OrdinalIgnoreCase)
            : throw new DslException($"{path}.operator", "is and or or."));
        return Any(field, f =>
        {
            if (!AnalyzedFields.Contains(f)) return new TermQuery(new Term(f, text));
            var query = new BooleanQuery();
            foreach (var term in ReaderQueryParser.Analyze(analyzer, text)) query.Add(new TermQuery(new Term(f, term)), all ? Occur.MUST : Occur.SHOULD);
            return query;
        });
    }

    private Query Phrase(string field, string text) => Any(field, f =>
    {
        if (!AnalyzedFields.Contains(f)) return new TermQuery(new Term(f, text));
        var phrase = new PhraseQuery();
        using var stream = analyzer.GetTokenStream(f, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            phrase.Add(new Term(f, term.ToString()), position);
        }
        stream.End();
        return phrase;
    });

    private Query Terms(string field, JsonNode? value, string path)
    {
        if (value is not JsonArray values) throw new DslException($"{path}.{field}", "must be an array of values.");
        return Any(field, f =>
        {
            var query = new BooleanQuery();
            foreach (var (item, i) in values.Select((v, i) => (v, i))) query.Add(new TermQuery(new Term(f, Scalar(item, $"{path}.{field}[{i}]"))), Occur.SHOULD);
            return query;
        });
    }

    private static Query OneField(JsonNode? body, string path, Func<string, JsonNode?, Query> build)
    {
        var fields = AsObject(body, path);
        if (fields.Count != 1) throw new DslException(path, "must name exactly one field.");
        var (field, value) = fields.First();
        return build(field, value);
    }

    /// <summary>One query per index field an Orchard field name stands for, any of which may match.</summary>
    private Query Any(string field, Func<string, Query> build)
    {
        var targets = _fields.GetValueOrDefault(field) ?? [field];
        if (targets.Length == 1) return build(targets[0]);
        var query = new BooleanQuery();
        foreach (var target in targets) query.Add(build(target), Occur.SHOULD);
        return query;
    }

    private static string Normalized(string field, string text) => AnalyzedFields.Contains(field) ? ReaderQueryParser.NormalizePrefix(text) : text;

    private static string Text(JsonNode? value, string member, string path) => value switch
    {
        JsonObject o => Scalar(o[member], $"{path}.{member}"),
        _ => Scalar(value, path),
    };

    private static string Scalar(JsonNode? value, string path) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new DslException(path, "must be a string, a number or a boolean."),
    };

    /// <summary>
    /// <c>"sort": "field"</c>, <c>{"field": "desc"}</c>, <c>{"field": {"order": "desc"}}</c> or an array of those;
    /// dates sort newest first unless <c>asc</c> is given, as in Elasticsearch.
    /// </summary>
    private static Sort? SortOf(JsonNode? node)
    {
        if (node is null) return null;
        var keys = node is JsonArray array ? array.Select((n, i) => (Node: n, Path: $"sort[{i}]")).ToList() : [(node, "sort")];
        var fields = new List<SortField>();
        foreach (var (key, path) in keys)
        {
            var (name, order) = key switch
            {
                JsonValue v when v.TryGetValue<string>(out var field) => (field, (JsonNode?)null),
                JsonObject o when o.Count == 1 => (o.First().Key, o.First().Value),
                _ => throw new DslException(path, "must name a field: \"field\", {\"field\": \"asc\"} or {\"field\": {\"order\": \"desc\"}}."),
            };
            var direction = (order is JsonObject options ? options["order"] : order) switch
            {
                null => null,
                JsonValue d when d.TryGetValue<string>(out var text) && text is "asc" or "desc" => text,
                _ => throw new DslException($"{path}.{name}", "order is asc or desc."),
            };
            fields.Add(name switch
            {
                "_score" => direction == "asc" ? throw new DslException($"{path}.{name}", "relevance sorts best first only.") : SortField.FIELD_SCORE,
                "Content.ContentItem.PublishedUtc" => new SortField(SearchDocuments.PublishedUtc, SortFieldType.INT64, direction != "asc"),
                _ => throw new DslException($"{path}.{name}", "can sort by Content.ContentItem.PublishedUtc or _score."),
            });
        }
        return new Sort([.. fields]);
    }

    private static JsonObject AsObject(JsonNode? node, string path) => node as JsonObject ?? throw new DslException(path, "must be an object.");

    private static int Number(JsonObject root, string name, int fallback, int max)
    {
        if (root[name] is null) return fallback;
        if (root[name] is JsonValue v && v.TryGetValue<int>(out var n) && n >= 0 && n <= max) return n;
        throw new DslException(name, $"must be a whole number from 0 to {max}.");
    }

    private sealed class DslException(string path, string message) : Exception(message)
    {
        public string Path { get; } = path;
    }
}

using System.Linq.Expressions;
using System.Reflection;
using Cms.Content;
using Cms.Data;
using GraphQL;
using GraphQL.Types;

namespace Cms.GraphQL;

internal enum SortDirection
{
    Asc,
    Desc,
}

/// <summary>
/// The <c>where</c> and <c>orderBy</c> arguments of a type's list field, named as Orchard Core names them
/// (<c>displayText_contains</c>, <c>publishedUtc_gt</c>, <c>AND</c>/<c>OR</c>/<c>NOT</c>; <c>{publishedUtc: DESC}</c>), and
/// their translation to an EF Core query on the index columns of ContentItemVersions. Every value is captured, so EF Core
/// sends it as a parameter: no SQL is ever built from the request's text. Text is contained or prefixed ignoring case;
/// dates compare to the microsecond.
/// </summary>
internal static class ContentFilters
{
    private enum Kind
    {
        Text,
        Date,
    }

    private enum Operator
    {
        Equal,
        Not,
        In,
        Contains,
        StartsWith,
        GreaterThan,
        LessThan,
        GreaterThanOrEqual,
        LessThanOrEqual,
    }

    private sealed record Column(string Name, Kind Kind, LambdaExpression Selector);

    private static readonly Column[] Columns =
    [
        Text("contentItemId", v => v.ContentItemId),
        Text("contentItemVersionId", v => v.ContentItemVersionId),
        Text("displayText", v => v.DisplayText),
        Text("contentType", v => v.ContentType),
        Text("owner", v => v.Owner),
        Text("author", v => v.Author),
        Text("path", v => v.Path),
        Date("createdUtc", v => v.CreatedUtc),
        Date("modifiedUtc", v => v.ModifiedUtc),
        Date("publishedUtc", v => v.PublishedUtc),
    ];

    private static readonly (string Suffix, Operator Operator, Kind[] Kinds)[] Operators =
    [
        ("", Operator.Equal, [Kind.Text, Kind.Date]),
        ("_not", Operator.Not, [Kind.Text, Kind.Date]),
        ("_in", Operator.In, [Kind.Text]),
        ("_contains", Operator.Contains, [Kind.Text]),
        ("_starts_with", Operator.StartsWith, [Kind.Text]),
        ("_gt", Operator.GreaterThan, [Kind.Date]),
        ("_lt", Operator.LessThan, [Kind.Date]),
        ("_gte", Operator.GreaterThanOrEqual, [Kind.Date]),
        ("_lte", Operator.LessThanOrEqual, [Kind.Date]),
    ];

    /// <summary>Every filter field name and what it compares.</summary>
    private static readonly Dictionary<string, (Column Column, Operator Operator)> Filters =
        (from column in Columns
         from op in Operators
         where op.Kinds.Contains(column.Kind)
         select (Name: column.Name + op.Suffix, column, op.Operator)).ToDictionary(f => f.Name, f => (f.column, f.Operator), StringComparer.Ordinal);

    /// <summary>The columns a list may be ordered by.</summary>
    public static readonly string[] OrderColumns = ["publishedUtc", "modifiedUtc", "createdUtc", "displayText"];

    public const string And = "AND";
    public const string Or = "OR";
    public const string Not = "NOT";

    /// <summary>The where input of one content type (<c>ArticleWhereInput</c>): the same filters for every type, as Orchard generates one per type.</summary>
    public static InputObjectGraphType WhereInput(string typeName)
    {
        var input = new InputObjectGraphType { Name = typeName + "WhereInput", Description = $"Filters on the indexed columns of {typeName} items; fields of one object must all match." };
        foreach (var (name, (column, op)) in Filters)
        {
            var type = op == Operator.In ? typeof(ListGraphType<NonNullGraphType<StringGraphType>>)
                : column.Kind == Kind.Date ? typeof(DateTimeGraphType) : typeof(StringGraphType);
            input.AddField(new FieldType { Name = name, Type = type, Description = Describe(column.Name, op) });
        }
        var self = new ListGraphType(new NonNullGraphType(input));
        input.AddField(new FieldType { Name = And, ResolvedType = self, Description = "Every one of these filters matches." });
        input.AddField(new FieldType { Name = Or, ResolvedType = self, Description = "At least one of these filters matches." });
        input.AddField(new FieldType { Name = Not, ResolvedType = self, Description = "None of these filters matches." });
        return input;
    }

    public static InputObjectGraphType OrderByInput(string typeName, EnumerationGraphType direction)
    {
        var input = new InputObjectGraphType { Name = typeName + "OrderByInput", Description = "Sort keys, applied in the order given; nulls come last." };
        foreach (var name in OrderColumns) input.AddField(new FieldType { Name = name, ResolvedType = direction });
        return input;
    }

    /// <summary>The condition a where argument sets (<c>true</c> for an empty one).</summary>
    public static Expression<Func<ContentItemVersion, bool>> Where(IDictionary<string, object?> where, DatabaseDialect dialect)
    {
        var version = Expression.Parameter(typeof(ContentItemVersion), "v");
        return Expression.Lambda<Func<ContentItemVersion, bool>>(Condition(where, version, dialect), version);
    }

    /// <summary>Sorts by the orderBy argument, or the default (newest publication first for published lists, else newest change), then by row.</summary>
    public static IQueryable<ContentItemVersion> Order(IQueryable<ContentItemVersion> versions, IDictionary<string, object?>? orderBy, PublicationStatus status)
    {
        var keys = (orderBy ?? new Dictionary<string, object?>()).Where(k => k.Value is SortDirection).Select(k => (k.Key, (SortDirection)k.Value!)).ToList();
        if (keys.Count == 0) keys.Add((status == PublicationStatus.Published ? "publishedUtc" : "modifiedUtc", SortDirection.Desc));
        IOrderedQueryable<ContentItemVersion>? ordered = null;
        foreach (var (key, direction) in keys)
        {
            ordered = key switch
            {
                "publishedUtc" => By(ordered, versions, v => v.PublishedUtc, direction),
                "modifiedUtc" => By(ordered, versions, v => v.ModifiedUtc, direction),
                "createdUtc" => By(ordered, versions, v => v.CreatedUtc, direction),
                _ => By(ordered, versions, v => v.DisplayText, direction),
            };
        }
        return ordered!.ThenByDescending(v => v.Id);
    }

    // Nulls last in both directions and on both providers (SQLite and PostgreSQL disagree on where they go).
    private static IOrderedQueryable<ContentItemVersion> By<TKey>(IOrderedQueryable<ContentItemVersion>? ordered, IQueryable<ContentItemVersion> versions,
        Expression<Func<ContentItemVersion, TKey>> key, SortDirection direction)
    {
        var isNull = Expression.Lambda<Func<ContentItemVersion, bool>>(Expression.Equal(key.Body, Expression.Constant(null, typeof(TKey))), key.Parameters);
        var nullsLast = ordered is null ? versions.OrderBy(isNull) : ordered.ThenBy(isNull);
        return direction == SortDirection.Asc ? nullsLast.ThenBy(key) : nullsLast.ThenByDescending(key);
    }

    private static Expression Condition(IDictionary<string, object?> where, ParameterExpression version, DatabaseDialect dialect)
    {
        Expression condition = Expression.Constant(true);
        foreach (var (name, value) in where)
        {
            var part = name switch
            {
                And => Combine(Nested(value), version, dialect, Expression.AndAlso),
                Or => Combine(Nested(value), version, dialect, Expression.OrElse),
                Not => Combine(Nested(value), version, dialect, Expression.OrElse) is { } any ? Expression.Not(any) : null,
                _ => Compare(name, Filters[name], value, version, dialect),
            };
            if (part is not null) condition = Expression.AndAlso(condition, part);
        }
        return condition;
    }

    private static IReadOnlyList<IDictionary<string, object?>> Nested(object? value) =>
        (value as IEnumerable<object?> ?? []).OfType<IDictionary<string, object?>>().ToList();

    // An empty AND, OR or NOT list sets no condition.
    private static Expression? Combine(IReadOnlyList<IDictionary<string, object?>> filters, ParameterExpression version, DatabaseDialect dialect,
        Func<Expression, Expression, BinaryExpression> join)
    {
        if (filters.Count == 0) return null;
        return filters.Select(f => Condition(f, version, dialect)).Aggregate((a, b) => join(a, b));
    }

    private static Expression Compare(string name, (Column Column, Operator Operator) filter, object? value, ParameterExpression version, DatabaseDialect dialect)
    {
        var (column, op) = filter;
        var left = new ParameterReplacer(column.Selector.Parameters[0], version).Visit(column.Selector.Body);
        if (value is null)
        {
            // null asks whether there is a value; other comparisons need one.
            return op switch
            {
                Operator.Equal => Expression.Equal(left, Expression.Constant(null, left.Type)),
                Operator.Not => Expression.NotEqual(left, Expression.Constant(null, left.Type)),
                _ => throw new ExecutionError($"where: {name} needs a value; null is for {column.Name} and {column.Name}_not."),
            };
        }
        if (column.Kind == Kind.Date)
        {
            // To the microsecond: PostgreSQL keeps no finer time, and a date read back from an item must find that item.
            var date = AsUtc((DateTime)value);
            var from = Captured<DateTime?>(date.AddTicks(-TimeSpan.TicksPerMicrosecond));
            var to = Captured<DateTime?>(date.AddTicks(TimeSpan.TicksPerMicrosecond));
            var at = Expression.AndAlso(Expression.GreaterThanOrEqual(left, from), Expression.LessThanOrEqual(left, to));
            return op switch
            {
                Operator.Equal => at,
                Operator.Not => Expression.OrElse(Expression.Equal(left, Expression.Constant(null, left.Type)), Expression.Not(at)),
                Operator.GreaterThan => Expression.GreaterThan(left, to),
                Operator.LessThan => Expression.LessThan(left, from),
                Operator.GreaterThanOrEqual => Expression.GreaterThanOrEqual(left, from),
                _ => Expression.LessThanOrEqual(left, to),
            };
        }
        return op switch
        {
            Operator.Equal => Expression.Equal(left, Captured(value as string)),
            Operator.Not => Expression.NotEqual(left, Captured(value as string)),
            Operator.In => Expression.Call(ContainsMethod, Captured((value as IEnumerable<object?> ?? []).OfType<string>().ToList()), left),
            Operator.Contains => dialect.LikeIgnoringCase(left, Captured(DatabaseDialect.LikePattern((string)value, startsWith: false))),
            _ => dialect.LikeIgnoringCase(left, Captured(DatabaseDialect.LikePattern((string)value, startsWith: true))),
        };
    }

    private static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    /// <summary>A value read through a field of an object, as a closure would: EF Core sends it as a parameter, not as SQL text.</summary>
    private static MemberExpression Captured<T>(T value) =>
        Expression.Field(Expression.Constant(new Box<T>(value)), nameof(Box<T>.Value));

    private sealed class Box<T>(T value)
    {
        public readonly T Value = value;
    }

    private static readonly MethodInfo ContainsMethod = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2).MakeGenericMethod(typeof(string));

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    private static Column Text(string name, Expression<Func<ContentItemVersion, string?>> selector) => new(name, Kind.Text, selector);

    private static Column Date(string name, Expression<Func<ContentItemVersion, DateTime?>> selector) => new(name, Kind.Date, selector);

    private static string Describe(string column, Operator op) => op switch
    {
        Operator.Equal => $"{column} equals the value (null: has none).",
        Operator.Not => $"{column} differs from the value.",
        Operator.In => $"{column} is one of the values.",
        Operator.Contains => $"{column} contains the text, ignoring case.",
        Operator.StartsWith => $"{column} starts with the text, ignoring case.",
        Operator.GreaterThan => $"{column} is after the value.",
        Operator.LessThan => $"{column} is before the value.",
        Operator.GreaterThanOrEqual => $"{column} is the value or after.",
        _ => $"{column} is the value or before.",
    };
}

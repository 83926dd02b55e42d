using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace Cms.GraphQL;

/// <summary>Field definitions for types built at run time (the schema follows the content definitions, so there are no classes per type).</summary>
internal static class GraphFields
{
    public static FieldType Field(string name, IGraphType type, Func<IResolveFieldContext, object?> resolve, string? description = null, params QueryArgument[] arguments) =>
        new()
        {
            Name = name,
            ResolvedType = type,
            Resolver = new FuncFieldResolver<object?>(resolve),
            Description = description,
            Arguments = arguments.Length == 0 ? null : new QueryArguments(arguments),
        };

    public static FieldType Field<TGraphType>(string name, Func<IResolveFieldContext, object?> resolve, string? description = null, params QueryArgument[] arguments)
        where TGraphType : IGraphType =>
        new()
        {
            Name = name,
            Type = typeof(TGraphType),
            Resolver = new FuncFieldResolver<object?>(resolve),
            Description = description,
            Arguments = arguments.Length == 0 ? null : new QueryArguments(arguments),
        };

    public static FieldType AsyncField(string name, IGraphType type, Func<IResolveFieldContext, Task<object?>> resolve, string? description = null, params QueryArgument[] arguments) =>
        new()
        {
            Name = name,
            ResolvedType = type,
            Resolver = new FuncFieldResolver<object?>(context => new ValueTask<object?>(resolve(context))),
            Description = description,
            Arguments = arguments.Length == 0 ? null : new QueryArguments(arguments),
        };

    public static QueryArgument Argument<TGraphType>(string name, object? defaultValue = null, string? description = null) where TGraphType : IGraphType =>
        new QueryArgument<TGraphType> { Name = name, DefaultValue = defaultValue, Description = description };

    public static QueryArgument Argument(string name, IGraphType type, object? defaultValue = null, string? description = null) =>
        new(type) { Name = name, DefaultValue = defaultValue, Description = description };

    public static IGraphType NonNull(IGraphType type) => new NonNullGraphType(type);

    /// <summary><c>[T!]!</c></summary>
    public static IGraphType ListOf(IGraphType type) => new NonNullGraphType(new ListGraphType(new NonNullGraphType(type)));

    /// <summary>Orchard Core's GraphQL names: the technical name with its first letter in lower case (<c>HtmlBodyPart</c> → <c>htmlBodyPart</c>).</summary>
    public static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>Whether a definition's name can be a GraphQL name as it is.</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && !name.StartsWith("__", StringComparison.Ordinal) && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}

using GraphQL.Validation.Complexity;
using GraphQL.Validation.Errors.Custom;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;

namespace Cms.GraphQL;

/// <summary>
/// Depth and complexity limits, through GraphQL.NET's complexity analyzer, with refusals that name the limit and its
/// setting. A query made only of introspection has limits of its own: tools ask for the whole schema in one query that is
/// 13 levels deep and that the analyzer, which cannot know how short the schema's lists are, rates at about 600,000.
/// </summary>
internal static class QueryLimits
{
    private const int IntrospectionMaxDepth = 15;
    private const int IntrospectionMaxComplexity = 1_000_000;

    public static ComplexityValidationRule Rule(GraphQLOptions options) => new(new ComplexityOptions
    {
        // The analyzer's own checks are off: the delegate makes the same ones with messages that name the settings.
        MaxDepth = null,
        MaxComplexity = null,
        ValidateComplexityDelegate = context =>
        {
            if (IsIntrospection(context.ValidationContext.Operation))
            {
                if (context.MaxDepth > IntrospectionMaxDepth || context.TotalImpact > IntrospectionMaxComplexity)
                {
                    context.Error = new ComplexityError(
                        $"The introspection query is {context.MaxDepth} levels deep and rated {context.TotalImpact:0}; the limits are {IntrospectionMaxDepth} and {IntrospectionMaxComplexity}.");
                }
            }
            else if (context.MaxDepth > options.MaxDepth)
            {
                context.Error = new ComplexityError(
                    $"The query is {context.MaxDepth} levels deep; the limit is {options.MaxDepth} (Cms:GraphQL:MaxDepth).");
            }
            else if (context.TotalImpact > options.MaxComplexity)
            {
                context.Error = new ComplexityError(
                    $"The query's complexity is {context.TotalImpact:0}; the limit is {options.MaxComplexity} (Cms:GraphQL:MaxComplexity). " +
                    "Every field counts once per item a list may hold (first, or 5 for picked items): ask for fewer items or fewer fields.");
            }
            return Task.CompletedTask;
        },
    });

    private static bool IsIntrospection(GraphQLOperationDefinition operation) =>
        operation.SelectionSet.Selections.All(s => s is GraphQLField field && field.Name.StringValue.StartsWith("__", StringComparison.Ordinal));
}

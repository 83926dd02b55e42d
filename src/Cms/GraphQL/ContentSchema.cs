using Cms.Content.Definitions;
using GraphQL.Types;

namespace Cms.GraphQL;

/// <summary>
/// The GraphQL schema of the current content definitions. The definitions store swaps its snapshot when the change feed
/// says they changed (a recipe, here or on another node); the schema is built again on the next request that finds a
/// snapshot other than the one it was built from.
/// </summary>
public sealed class ContentSchema(ContentDefinitionStore definitions, ILogger<ContentSchema> logger)
{
    private sealed record Built(ContentDefinitionSet Definitions, ISchema Schema);

    private readonly Lock _building = new();
    private volatile Built? _built;

    public ISchema Current
    {
        get
        {
            var wanted = definitions.Current;
            var built = _built;
            if (built is not null && ReferenceEquals(built.Definitions, wanted)) return built.Schema;
            lock (_building)
            {
                built = _built;
                if (built is null || !ReferenceEquals(built.Definitions, wanted))
                {
                    var schema = new ContentSchemaBuilder(wanted, logger).Build();
                    schema.Initialize();
                    _built = built = new Built(wanted, schema);
                }
                return built.Schema;
            }
        }
    }
}

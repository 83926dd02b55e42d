namespace Cms.Content;

/// <summary>Stages changes with every <see cref="IContentChangeJournal"/> and hands committed ones to every <see cref="IContentChangeListener"/>.</summary>
public sealed class ContentChangeBus(IEnumerable<IContentChangeListener> listeners, IEnumerable<IContentChangeJournal> journals, ILogger<ContentChangeBus> logger)
{
    private readonly IContentChangeListener[] _listeners = listeners.ToArray();
    private readonly IContentChangeJournal[] _journals = journals.ToArray();

    /// <summary>Adds the journals' records of a change to the unit of work that makes it; call before saving.</summary>
    public void Stage(Data.CmsDbContext db, ContentChange change)
    {
        foreach (var journal in _journals) journal.Append(db, change);
    }

    public void Publish(ContentChange change) => Tell(listener => listener.OnChanged(change), change.ContentItemId);

    /// <summary>Tells every listener that any item may have changed, once the transaction that changed them committed.</summary>
    public void PublishEverythingChanged() => Tell(listener => listener.OnEverythingChanged(), "every item");

    private void Tell(Action<IContentChangeListener> tell, string what)
    {
        foreach (var listener in _listeners)
        {
            try
            {
                tell(listener);
            }
            catch (Exception e)
            {
                // A listener's failure must not turn a committed change into an error for the caller.
                logger.LogError(e, "{Listener} failed on a change of {ContentItemId}", listener.GetType().Name, what);
            }
        }
    }
}

public static class ContentChangeListenerRegistration
{
    /// <summary>Registers <typeparamref name="T"/> once, as itself and as a listener the bus tells of committed changes.</summary>
    public static void AddContentChangeListener<T>(this IServiceCollection services) where T : class, IContentChangeListener
    {
        services.AddSingleton<T>();
        services.AddSingleton<IContentChangeListener>(sp => sp.GetRequiredService<T>());
    }
}

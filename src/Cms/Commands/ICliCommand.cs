namespace Cms.Commands;

/// <summary>What a command needs of the database before it runs.</summary>
public enum CommandDatabase
{
    /// <summary>
    /// Brought up to date as a web host's start does: migrations, key import, definitions, the administrator, and the
    /// setup recipe when the database is empty.
    /// </summary>
    Initialized,

    /// <summary>
    /// As <see cref="Initialized"/>, except that an empty database is not set up: the command brings the recipe that sets
    /// it up (<c>recipe &lt;file&gt;</c>).
    /// </summary>
    Prepared,

    /// <summary>Left as it is, or absent: the command reads it as it is (backup) or makes it (restore).</summary>
    AsItIs,
}

/// <summary>
/// A command-line task, <c>dotnet run --project src/Cms -- &lt;Name&gt; [args]</c>, listed in <see cref="CommandLine"/>.
/// It is made by the container of a host built as the web host's is (same settings, services, database and data
/// folder) that serves no HTTP and runs no background service, so it takes what it uses in its constructor. It may run
/// beside a running web host: content it changes goes through <c>ContentLifecycle</c> with an actor of its own source
/// (<c>Actor.System with { Source = ChangeSources.Import }</c>), and the host's followers pick the changes up from the
/// change feed.
/// </summary>
public interface ICliCommand
{
    /// <summary>The first word of the command line.</summary>
    static abstract string Name { get; }

    /// <summary>The arguments after the name, as help shows them: <c>&lt;file&gt; [--with-media]</c>.</summary>
    static abstract string Usage { get; }

    /// <summary>What it does, in a line.</summary>
    static abstract string Summary { get; }

    static virtual CommandDatabase Database => CommandDatabase.Initialized;

    /// <summary>A long batch (an import), which runs faster without dynamic PGO: <see cref="DynamicPgo"/>.</summary>
    static virtual bool RunsWithoutDynamicPgo => false;

    /// <summary>Runs with the arguments after the name; returns the exit code (<see cref="CommandLine.Succeeded"/>…).</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken);
}

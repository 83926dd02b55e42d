namespace Cms.Commands;

/// <summary>A command that cannot go on: <see cref="CommandLine"/> prints the message, one line naming what is at fault, and exits with the code.</summary>
public sealed class CommandException(string message, int exitCode = CommandLine.Failed) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

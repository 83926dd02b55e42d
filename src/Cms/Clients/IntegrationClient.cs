using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Clients;

/// <summary>
/// A server that signs in with OAuth's <c>client_credentials</c> grant (a front-end, an import job): its id, a name for
/// people, the SHA-256 of its secret (the secret itself is shown once, when it is made, and never stored), and the
/// permissions an administrator gave it.
/// </summary>
public sealed class IntegrationClient
{
    /// <summary>The claim of an access token that names the client it was issued to.</summary>
    public const string ClaimType = "client_id";

    public required string ClientId { get; set; }
    public required string Name { get; set; }

    /// <summary>Lower-case hex SHA-256 of the secret: secrets are 256 random bits, so a slow password hash would add nothing.</summary>
    public required string SecretHash { get; set; }

    /// <summary>Permission names separated by spaces, as OAuth writes scopes.</summary>
    public string Permissions { get; set; } = "";

    public string? CreatedBy { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }

    public IReadOnlyList<string> PermissionList() => Permissions.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The name its changes are recorded under (audit trail, change feed): no user name holds a colon.</summary>
    public static string ActorName(string name) => "client:" + name;
}

internal sealed class IntegrationClientConfiguration : IEntityTypeConfiguration<IntegrationClient>
{
    public void Configure(EntityTypeBuilder<IntegrationClient> e)
    {
        e.ToTable("IntegrationClients");
        e.HasKey(c => c.ClientId);
        e.Property(c => c.ClientId).HasMaxLength(26);
        e.Property(c => c.Name).HasMaxLength(IntegrationClients.MaxNameLength);
        e.Property(c => c.SecretHash).HasMaxLength(64);
        e.Property(c => c.Permissions).HasMaxLength(1024);
        e.Property(c => c.CreatedBy).HasMaxLength(255);
    }
}

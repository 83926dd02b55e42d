using Microsoft.AspNetCore.Identity;

namespace Cms.Data;

public sealed class CmsUser : IdentityUser
{
    public DateTime CreatedUtc { get; set; }

    /// <summary>The name shown for the user (an imported author's "Marie Dupont"); null: the user name.</summary>
    public string? DisplayName { get; set; }
}

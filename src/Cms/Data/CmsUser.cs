using Microsoft.AspNetCore.Identity;

namespace Cms.Data;

public sealed class CmsUser : IdentityUser
{
    public DateTime CreatedUtc { get; set; }
}

namespace Cms.Api;

/// <summary>Ready-made UTF-8 JSON written as is: the delivery path serializes nothing per request.</summary>
public sealed class JsonBytesResult(byte[] utf8Json, int statusCode = StatusCodes.Status200OK) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = utf8Json.Length;
        return httpContext.Response.Body.WriteAsync(utf8Json).AsTask();
    }
}

using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SkiaSharp;

namespace Cms.Tests.Media;

/// <summary>Images drawn by SkiaSharp for the tests, and hand-made bytes where a codec would not write what we need.</summary>
public static class TestImages
{
    /// <summary>Left half red, right half blue, so that orientation and crops can be seen in the output.</summary>
    public static byte[] Draw(int width, int height, SKEncodedImageFormat format, int quality = 90, bool noise = false)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Blue);
            using var red = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(0, 0, width / 2f, height, red);
            if (noise)
            {
                var random = new Random(42);
                using var dot = new SKPaint();
                for (var i = 0; i < width * height / 4; i++)
                {
                    dot.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                    canvas.DrawPoint(random.Next(width), random.Next(height), dot);
                }
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    public static byte[] Jpeg(int width, int height, int quality = 90) => Draw(width, height, SKEncodedImageFormat.Jpeg, quality);

    public static byte[] Png(int width, int height) => Draw(width, height, SKEncodedImageFormat.Png);

    public static byte[] WebP(int width, int height) => Draw(width, height, SKEncodedImageFormat.Webp);

    /// <summary>A 1 x 1 GIF89a, written by hand: SkiaSharp decodes GIF but has no GIF encoder.</summary>
    public static byte[] Gif() =>
    [
        .. "GIF89a"u8, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ];

    /// <summary>A JPEG with an EXIF APP1 segment carrying only the Orientation tag (0x0112), inserted right after SOI.</summary>
    public static byte[] JpegWithOrientation(int width, int height, ushort orientation)
    {
        var jpeg = Jpeg(width, height);
        var tiff = new byte[26];
        "MM\0*"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(10), 0x0112);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(12), 3);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(14), 1);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(18), orientation);
        byte[] payload = [.. "Exif\0\0"u8, .. tiff];
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)(payload.Length + 2));
        return [.. jpeg[..2], 0xFF, 0xE1, .. length, .. payload, .. jpeg[2..]];
    }

    /// <summary>A PNG whose IHDR (with a valid CRC) claims <paramref name="width"/> x <paramref name="height"/>; the pixel data is a stub.</summary>
    public static byte[] PngHeaderClaiming(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        byte[] idat = [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01];
        return [0x89, .. "PNG\r\n\x1a\n"u8, .. Chunk("IHDR", ihdr), .. Chunk("IDAT", idat), .. Chunk("IEND", [])];
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    public static SKBitmap Decode(byte[] bytes) => SKBitmap.Decode(bytes) ?? throw new InvalidOperationException("Not an image.");
}

/// <summary>Drives the media API over HTTP.</summary>
public static class MediaApiClient
{
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, string fileName, string? folder = null,
        string contentType = "application/octet-stream", IDictionary<string, string>? fields = null)
    {
        using var form = new MultipartFormDataContent { HeaderEncodingSelector = (_, _) => Encoding.UTF8 };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        // Written by hand so that hostile names (control characters, backslashes) reach the server as they are.
        file.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"file\"; filename=\"{fileName}\"");
        form.Add(file);
        if (folder is not null) form.Add(new StringContent(folder), "folder");
        foreach (var (key, value) in fields ?? new Dictionary<string, string>()) form.Add(new StringContent(value), key);
        return await client.PostAsync("/api/media", form);
    }

    /// <summary>Uploads into a fresh folder of its own and returns the stored item's description.</summary>
    public static async Task<JsonObject> UploadNewAsync(HttpClient client, byte[] bytes, string fileName, IDictionary<string, string>? fields = null)
    {
        var response = await UploadAsync(client, bytes, fileName, "tests/" + Guid.NewGuid().ToString("n")[..12], fields: fields);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Upload failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static string PathOf(JsonObject media) => media["path"]!.GetValue<string>();

    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;
}

using Cms.Content.Definitions;

namespace Cms.Admin;

/// <summary>The label an editor knows a value by, from its JSON path ("Article.Subtitle.Text" → "Chapeau").</summary>
internal static class FieldLabels
{
    public static string Of(string path, ContentTypeDefinition? type, ContentDefinitionSet definitions)
    {
        var segments = path.Split('.');
        var part = type?.FindPart(segments[0]);
        if (segments.Length >= 2 && part is not null)
        {
            var field = definitions.FieldsOf(part).FirstOrDefault(f => f.Name == segments[1]);
            if (field is not null) return field.DisplayName;
        }
        return part?.PartName switch
        {
            "TitlePart" => "Titre",
            "AutoroutePart" => "Adresse (slug)",
            "HtmlBodyPart" => "Corps de l’article",
            _ => path == "DisplayText" ? "Titre affiché" : path,
        };
    }
}

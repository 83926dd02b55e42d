using System.Text.RegularExpressions;

namespace Cms.Admin;

/// <summary>
/// French wording of the validation messages an editor can meet in a form. The content services speak English to
/// API clients; the admin shows the same rule in the newsroom's language, and any message it does not know as is.
/// </summary>
internal static partial class FieldMessages
{
    public static string InFrench(string message)
    {
        if (Required().IsMatch(message)) return "Ce champ est obligatoire.";
        if (TooLong().Match(message) is { Success: true } tooLong) return $"Trop long : {tooLong.Groups[1].Value} caractères au plus.";
        if (AtLeast().Match(message) is { Success: true } atLeast) return $"La valeur doit être d’au moins {atLeast.Groups[1].Value}.";
        if (AtMost().Match(message) is { Success: true } atMost) return $"La valeur doit être d’au plus {atMost.Groups[1].Value}.";
        if (SlugTaken().Match(message) is { Success: true } taken) return $"Le slug « {taken.Groups[1].Value} » est déjà pris.";
        if (AuthorSlugTaken().Match(message) is { Success: true } authorTaken) return $"L’adresse « {authorTaken.Groups[1].Value} » est déjà celle d’un autre auteur.";
        if (NoMediaFile().Match(message) is { Success: true } noFile) return $"La médiathèque n’a pas de fichier « {noFile.Groups[1].Value} ».";
        return message switch
        {
            "Value must be a number." => "Saisissez un nombre.",
            "Value must be an ISO 8601 date and time." => "Saisissez une date et une heure.",
            "Value must be true or false." => "Cochez ou décochez la case.",
            "A path is needed: give one, or a title to make it from." => "Donnez une adresse, ou un titre d’où la tirer.",
            "A path is made of lower-case letters, digits and hyphens, in segments separated by '/'." =>
                "L’adresse ne contient que des minuscules sans accent, des chiffres et des tirets, en segments séparés par « / ».",
            "A category needs a name." => "Une rubrique a besoin d’un nom.",
            "The term's slug is empty." => "Le slug est vide.",
            "slug must contain letters or digits." => "L’adresse doit contenir des lettres ou des chiffres.",
            _ => message,
        };
    }

    public static IReadOnlyDictionary<string, string[]> InFrench(IReadOnlyDictionary<string, string[]> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.Select(InFrench).ToArray());

    [GeneratedRegex(@"^.+ is required\.$")]
    private static partial Regex Required();

    [GeneratedRegex(@"is longer than (\d+) characters\.$")]
    private static partial Regex TooLong();

    [GeneratedRegex(@"^Value must be at least (.+)\.$")]
    private static partial Regex AtLeast();

    [GeneratedRegex(@"^Value must be at most (.+)\.$")]
    private static partial Regex AtMost();

    [GeneratedRegex(@"^Another term already has the slug '(.+)'\.$")]
    private static partial Regex SlugTaken();

    [GeneratedRegex(@"^The address '(.+)' is another author's\.$")]
    private static partial Regex AuthorSlugTaken();

    [GeneratedRegex(@"^There is no media file '(.+)'\.$")]
    private static partial Regex NoMediaFile();
}

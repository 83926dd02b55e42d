using System.Text;

namespace Cms.SearchBench;

/// <summary>
/// French-like news copy from a seeded generator (the same articles on every run): news nouns, adjectives and verbs, French
/// function words, and a long Zipf-distributed tail of pseudo-words built from French syllables, so that a topic word such
/// as "soldats" is in a fraction of the articles, as in a real archive, rather than in all of them.
/// </summary>
internal sealed class FrenchText(int seed)
{
    private static readonly string[] Syllables =
    [
        "ra", "mon", "té", "li", "ver", "chan", "pa", "ssé", "gou", "lan", "bé", "ri", "to", "cour", "ment", "vil", "sa", "ne",
        "dé", "pro", "con", "tion", "lou", "mar", "char", "pé", "ti", "bor", "nè", "fi", "gal", "quer", "vo", "ré", "cas", "sion",
    ];

    private static readonly string[] Tail = BuildTail(20_000);
    private static readonly double[] TailWeights = CumulativeZipf(Tail.Length);
    private static readonly string[] Nouns =
    [
        "soldats", "gouvernement", "ministre", "frontière", "élections", "réforme", "budget", "armée", "troupes", "négociations",
        "sanctions", "économie", "inflation", "chômage", "entreprises", "syndicats", "grève", "retraites", "santé", "hôpital",
        "école", "enseignants", "université", "climat", "sécheresse", "agriculteurs", "récolte", "énergie", "électricité", "nucléaire",
        "pétrole", "gaz", "marchés", "banque", "croissance", "déficit", "dette", "impôts", "Assemblée", "Sénat", "président",
        "opposition", "majorité", "député", "maire", "région", "ville", "village", "habitants", "citoyens", "manifestants",
        "police", "justice", "tribunal", "procès", "enquête", "victimes", "témoins", "accident", "incendie", "tempête", "inondations",
        "festival", "musée", "exposition", "cinéma", "film", "théâtre", "concert", "livre", "écrivain", "artiste", "match", "équipe",
        "joueurs", "entraîneur", "championnat", "coupe", "victoire", "défaite", "stade", "supporters", "Ukraine", "Russie", "Koursk",
        "Pyongyang", "Moscou", "Washington", "Bruxelles", "Paris", "Berlin", "Pékin", "diplomatie", "alliance", "OTAN", "missiles",
        "drones", "cessez-le-feu", "accord", "traité", "sommet", "conférence", "rapport", "chiffres", "sondage", "médecins", "vaccin",
    ];

    private static readonly string[] Adjectives =
    [
        "nord-coréens", "russes", "ukrainiens", "américains", "européens", "français", "allemands", "chinois", "nouveaux", "anciens",
        "importants", "graves", "inquiets", "décisifs", "historiques", "économiques", "politiques", "militaires", "sociaux", "publics",
        "locaux", "nationaux", "internationaux", "rapides", "lents", "fragiles", "solides", "tendus", "calmes", "déjà engagés",
    ];

    private static readonly string[] Verbs =
    [
        "annonce", "prévoit", "refuse", "accepte", "dénonce", "propose", "prépare", "confirme", "dément", "promet", "exige",
        "redoute", "espère", "critique", "soutient", "rejette", "examine", "adopte", "reporte", "lance", "suspend", "renforce",
    ];

    private static readonly string[] Links =
    [
        "selon", "malgré", "après", "avant", "pendant", "depuis", "face à", "contre", "avec", "sans", "pour", "vers", "dans", "sur",
        "l’", "d’", "qu’", "jusqu’à", "lorsqu’", "de la", "des", "les", "le", "la", "un", "une", "et", "ou", "mais", "donc",
    ];

    private readonly Random _random = new(seed);

    public string Title() => Capitalize(Sentence(6 + _random.Next(5)));

    public string Subtitle() => Capitalize(Sentence(14 + _random.Next(8))) + ".";

    public string BodyHtml(int paragraphs)
    {
        var html = new StringBuilder();
        for (var p = 0; p < paragraphs; p++)
        {
            html.Append("<p>");
            var sentences = 3 + _random.Next(4);
            for (var s = 0; s < sentences; s++) html.Append(Capitalize(Sentence(12 + _random.Next(14)))).Append(". ");
            html.Append("</p>");
        }
        return html.ToString();
    }

    public int Next(int max) => _random.Next(max);

    private string Sentence(int words)
    {
        var text = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            if (text.Length > 0 && text[^1] != '’') text.Append(' ');
            var pick = _random.Next(100);
            text.Append(pick switch
            {
                < 8 => Nouns[_random.Next(Nouns.Length)],
                < 12 => Adjectives[_random.Next(Adjectives.Length)],
                < 16 => Verbs[_random.Next(Verbs.Length)],
                < 46 => Links[_random.Next(Links.Length)],
                _ => Tail[Zipf()],
            });
        }
        return text.ToString();
    }

    private int Zipf()
    {
        var index = Array.BinarySearch(TailWeights, _random.NextDouble() * TailWeights[^1]);
        return Math.Min(Tail.Length - 1, index < 0 ? ~index : index);
    }

    private static string[] BuildTail(int count)
    {
        var random = new Random(7);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (words.Count < count)
        {
            var word = new StringBuilder();
            for (var s = 2 + random.Next(3); s > 0; s--) word.Append(Syllables[random.Next(Syllables.Length)]);
            words.Add(word.ToString());
        }
        return [.. words];
    }

    private static double[] CumulativeZipf(int count)
    {
        var weights = new double[count];
        var sum = 0.0;
        for (var rank = 0; rank < count; rank++) weights[rank] = sum += 1.0 / (rank + 1);
        return weights;
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}

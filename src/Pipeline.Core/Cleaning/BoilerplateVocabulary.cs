using System.Buffers;
using System.Text.RegularExpressions;
using Pipeline.Core.Articles;

namespace Pipeline.Core.Cleaning;

/// <summary>
/// Phrases and class/id hints that mark page furniture rather than article text, each tied to the removal
/// reason a user will see. Shared by the HTML extractor and the text-dump classifier.
/// </summary>
internal static partial class BoilerplateVocabulary
{
    // Cheap keyword gates in front of the regular expressions: most blocks are prose that mentions none of these,
    // and the expressions (many unanchored alternatives, case-insensitive) cost far more than one vectorised scan.
    private static readonly SearchValues<string> CookieGate = Gate("cookie", "consent", "gdpr");
    private static readonly SearchValues<string> SubscriptionGate = Gate("subscri", "sign up", "signup", "newsletter", "log in", "login", "sign in", "account", "register", "already a", "unlimited", "journalism", "inbox",
        "abonn", "abbona", "suscr", "iscriviti", "assine");
    private static readonly SearchValues<string> LegalGate = Gate("rights reserved", "©", "(c)", "copyright", "privacy", "terms", "protected",
        "rechte", "droits", "derechos", "diritti", "direitos", "rechten", "impressum", "datenschutz", "légales", "legal", "nutzungsbedingungen", "agb", "confidentialit", "privacidad", "informativa");
    private static readonly SearchValues<string> ShareGate = Gate("share", "tweet", "email", "print", "facebook", "twitter", "linkedin", "whatsapp", "pinterest", "reddit", "copy link", "flipboard", "messenger", "follow us", "comment",
        "teilen", "partager", "compartir", "condividi", "compartilh", "partilh", "delen", "folgen sie", "suivez-nous", "síguenos", "seguici");
    private static readonly SearchValues<string> CommentsGate = Gate("comment", "join the", "kommentar", "comentari", "comentári", "reactie");
    private static readonly SearchValues<string> CreditGate = Gate("photo", "image", "picture", "video", "graphic", "illustration", "getty", "reuters/", "shutterstock", "istock",
        "foto", "bild", "grafik", "crédit", "abbildung", "imagen", "immagine", "imagem");

    private static readonly SearchValues<string> LongGate = Gate("cookie", "consent", "browser", "opt", "tracking", "third", "personali", "preferences",
        "subscri", "newsletter", "sign up", "inbox", "paywall", "premium", "membership", "month", "unlimited", "donat", "support us",
        "copyright", "rights reserved", "trademark", "terms of", "privacy", "registered", "company", "liability", "reproduc", "permission", "©");

    private static SearchValues<string> Gate(params string[] words) => SearchValues.Create(words, StringComparison.OrdinalIgnoreCase);

    private static bool Has(string text, SearchValues<string> gate) => text.AsSpan().IndexOfAny(gate) >= 0;

    /// <summary>The reason a short block's wording suggests, or null when it reads like ordinary prose.</summary>
    public static string? ReasonForText(string text)
    {
        if (Has(text, CookieGate) && CookieText().IsMatch(text))
        {
            return RemovalReasons.CookieNotice;
        }

        if (Has(text, SubscriptionGate) && SubscriptionText().IsMatch(text))
        {
            return RemovalReasons.SubscriptionPitch;
        }

        if (Has(text, LegalGate) && LegalText().IsMatch(text))
        {
            return RemovalReasons.LegalFooter;
        }

        if ((text.Length <= 80 || Has(text, ShareGate)) && ShareText().IsMatch(text))
        {
            return RemovalReasons.ShareBar;
        }

        if (Has(text, CommentsGate) && CommentsText().IsMatch(text))
        {
            return RemovalReasons.Comments;
        }

        // The remaining expressions are anchored at the start and only describe short labels.
        if (text.Length <= 80 && RelatedText().IsMatch(text))
        {
            return RemovalReasons.RelatedLinks;
        }

        if (text.Length <= 60 && AdvertisementText().IsMatch(text))
        {
            return RemovalReasons.Advertisement;
        }

        if (Has(text, CreditGate) && CreditText().IsMatch(text))
        {
            return RemovalReasons.CaptionOrCredit;
        }

        if (text.Length <= 60 && NavigationText().IsMatch(text))
        {
            return RemovalReasons.Navigation;
        }

        if (text.Length <= 100 && TaxonomyLine().IsMatch(text))
        {
            return RemovalReasons.Metadata;
        }

        if (text.Length <= 80 && WidgetLabel().IsMatch(text))
        {
            return RemovalReasons.Navigation;
        }

        return null;
    }

    /// <summary>
    /// For long blocks, where one stray word proves nothing: the reason when the block keeps returning to one
    /// furniture topic (a cookie notice mentions cookies, consent and the browser several times), else null.
    /// </summary>
    public static string? ReasonForLongText(string text)
    {
        var words = Math.Max(1, text.Count(c => c == ' ') + 1);
        if (!Has(text, LongGate))
        {
            return null;
        }

        var cookie = CookieWords().Count(text);
        if (cookie >= 3 && cookie * 25 >= words)
        {
            return RemovalReasons.CookieNotice;
        }

        var subscription = SubscriptionWords().Count(text);
        if (subscription >= 3 && subscription * 25 >= words)
        {
            return RemovalReasons.SubscriptionPitch;
        }

        var legal = LegalWords().Count(text);
        return legal >= 3 && legal * 20 >= words ? RemovalReasons.LegalFooter : null;
    }

    /// <summary>The reason an element's class, id or role suggests, or null.</summary>
    public static string? ReasonForHint(string hint)
    {
        if (hint.Length == 0 || (IsPositiveHint(hint) && !hint.AsSpan().ContainsAny(StrongNegativeHints)))
        {
            return null;
        }

        foreach (var token in HintTokens(hint))
        {
            if (NegativeHintReason(token) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    public static bool IsPositiveHint(string hint) => hint.Length > 0 && hint.AsSpan().ContainsAny(PositiveHints);

    public static bool IsNegativeHint(string hint)
    {
        foreach (var token in HintTokens(hint))
        {
            if (NegativeHintReason(token) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static readonly SearchValues<string> PositiveHints = Gate("article", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog", "story", "prose", "paragraph");

    private static readonly SearchValues<string> StrongNegativeHints = Gate("comment", "disqus", "cookie", "consent", "gdpr", "share", "sharing", "social", "newsletter",
        "subscri", "signup", "paywall", "promo", "related", "recommend", "outbrain", "taboola", "popular", "trending", "sidebar", "footer", "masthead", "breadcrumb", "pagination", "pager");

    private static readonly char[] HintSeparators = [' ', '_', '-', '\t', '\n', '\r'];

    private static IEnumerable<string> HintTokens(string hint) =>
        hint.Split(HintSeparators, StringSplitOptions.RemoveEmptyEntries).Select(t => t.ToLowerInvariant());

    /// <summary>Class/id words (split on spaces, '-' and '_') that name page furniture, with the reason each stands for.</summary>
    private static string? NegativeHintReason(string token) => token switch
    {
        "comment" or "comments" or "commentlist" or "disqus" or "respond" or "discussion" => RemovalReasons.Comments,
        "consent" or "gdpr" => RemovalReasons.CookieNotice,
        _ when token.StartsWith("cookie", StringComparison.Ordinal) => RemovalReasons.CookieNotice, // cookiebar, cookiehint, cookieconsent
        "share" or "shares" or "sharing" or "sharebar" or "social" or "socials" or "follow" => RemovalReasons.ShareBar,
        "newsletter" or "signup" or "paywall" or "regwall" or "cta" or "donate" or "donation" => RemovalReasons.SubscriptionPitch,
        _ when token.StartsWith("subscri", StringComparison.Ordinal) || token.StartsWith("promo", StringComparison.Ordinal) => RemovalReasons.SubscriptionPitch,
        "popular" or "trending" or "outbrain" or "taboola" or "teaser" or "teasers" => RemovalReasons.RelatedLinks,
        _ when token.StartsWith("related", StringComparison.Ordinal) || token.StartsWith("recommend", StringComparison.Ordinal) => RemovalReasons.RelatedLinks,
        "ad" or "ads" or "adv" or "dfp" or "adslot" or "adunit" => RemovalReasons.Advertisement,
        _ when token.StartsWith("advert", StringComparison.Ordinal) || token.StartsWith("sponsor", StringComparison.Ordinal) => RemovalReasons.Advertisement,
        "caption" or "captions" or "credit" or "credits" => RemovalReasons.CaptionOrCredit,
        "footer" or "copyright" or "legal" => RemovalReasons.LegalFooter,
        "byline" or "dateline" or "meta" or "tags" or "timestamp" => RemovalReasons.Metadata,
        _ when token.StartsWith("author", StringComparison.Ordinal) => RemovalReasons.Metadata,
        "nav" or "navbar" or "navigation" or "menu" or "sidebar" or "widget" or "masthead" or "breadcrumb" or "breadcrumbs" or "pagination"
            or "pager" or "toolbar" or "banner" or "modal" or "popup" or "overlay" or "skip" or "hidden" or "sr" or "visually" => RemovalReasons.Navigation,
        _ => null,
    };

    // Besides English, the same notices in German, French, Spanish, Italian, Portuguese and Dutch.
    [GeneratedRegex(@"\b(?:cookies?|consent|gdpr|dsgvo|rgpd)\b.*\b(?:accept|agree|use|policy|settings|experience|browsing|consent|akzeptier\w*|zustimm\w*|einverstanden|einstellungen|datenschutz\w*|accepte[rz]?|paramètres|aceptar?|acepto|configuraci[oó]n|accett\w*|impostazioni|aceitar|configurações|accepteren|instellingen)\b|\bwe use cookies\b|\bcookie (?:policy|settings|preferences)\b|\b(?:wir verwenden|wir nutzen|verwendet|nutzt|nous utilisons|utilise|utilizamos|utiliza|utilizziamo|utilizza|usamos|usa|wij gebruiken|gebruikt) (?:\w+ )?cookies\b|\bcookie-?(?:richtlinie|einstellungen|hinweis)\b|\bpolitique (?:de|des|relative aux) cookies\b|\bpol[ií]tica de cookies\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CookieText();

    [GeneratedRegex(@"\b(?:subscribe|subscription|subscriber|sign up|signup|newsletter|log ?in to|sign in|create (?:a free |an )?account|register (?:now|for free)|already a (?:subscriber|member)|unlimited (?:digital )?access|support (?:our|independent) journalism|inbox)\b|\b(?:jetzt abonnieren|abonnieren sie|abonniere (?:jetzt|unseren)|abonnez-vous|suscríbete|suscribirse|iscriviti|abbonati|assine (?:já|agora))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SubscriptionText();

    [GeneratedRegex(@"\ball rights reserved\b|©|\(c\) \d{4}|\bcopyright\b|\bprivacy (?:policy|notice|statement)\b|\bterms (?:of (?:use|service)|and conditions|& conditions)\b|\[email(?:&#160;| |\u00a0)protected\]|\bemail protected\b|\b(?:alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|tutti i diritti riservati|todos os direitos reservados|alle rechten voorbehouden)\b|^(?:impressum|datenschutz(?:erklärung|hinweise)?|nutzungsbedingungen|agb|mentions légales|politique de confidentialité|aviso legal|pol[ií]tica de privacidade?|note legali|informativa (?:sulla )?privacy)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LegalText();

    [GeneratedRegex(@"^(?:share|tweet|email|print|facebook|twitter|linkedin|whatsapp|pinterest|reddit|copy link|flipboard|messenger|comments?|\d+|[\s|/·•,]+)(?:[\s|/·•,]+(?:share|tweet|email|print|facebook|twitter|linkedin|whatsapp|pinterest|reddit|copy link|flipboard|messenger|this|on|via|article|story|comments?|\d+))*\s*$|\bshare (?:this|on|via)\b|\bfollow us\b|\bclick to share\b|^(?:(?:diese[ns]? )?(?:artikel|beitrag|seite|rezept) )?teilen(?:\s*[:|/·•,]?\s*(?:facebook|twitter|whatsapp|linkedin|pinterest|e-mail|email|link kopieren|drucken|\d+))*\s*:?\s*$|\b(?:teilen (?:auf|via|per)|jetzt teilen|partager (?:sur|cet article|la page|cette page)|compartir (?:en|esta noticia|este artículo)|condividi (?:su|questo articolo)|compartilhe|compartilhar (?:no|em)|partilhar (?:no|em)|delen (?:op|via))\b|\b(?:folgen sie uns|suivez-nous|síguenos|seguici|siga-nos|volg ons)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ShareText();

    [GeneratedRegex(@"^\s*(?:\d+\s+)?comments?\s*(?:\(\d+\))?\s*$|\b(?:leave|post|add|view|show|load|read) (?:a |the |all )?(?:\d+ )?comments?\b|\bcomments? (?:are|is) closed\b|\bjoin the (?:discussion|conversation)\b|^\s*(?:\d+\s+)?(?:kommentare?|commentaires?|comentarios?|commenti|comentários|reacties)\s*(?:\(\d+\))?\s*:?\s*$|\b(?:kommentare? (?:schreiben|verfassen|hinterlassen|anzeigen|lesen)|(?:schreibe|schreiben sie|hinterlasse|hinterlassen sie) einen kommentar|(?:noch |derzeit (?:noch )?)?keine kommentare|(?:laisser|ajouter|écrire|laissez) un commentaire|(?:deja|dejar|escribe|escribir|añadir) (?:un|tu) comentario|lascia (?:un|il tuo) commento|deixe (?:um|seu|o seu) comentário|laat een reactie achter)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CommentsText();

    [GeneratedRegex(@"^(?:related(?: (?:articles?|stories|posts|coverage|content|news|topics))?|read (?:more|next|also)|more (?:from|on|stories|news|articles|like this)|see also|recommended(?: for you)?|you (?:may|might) (?:also )?like|most (?:read|popular|viewed)|trending(?: now)?|top stories|what to read next|also read|editor'?s picks|latest (?:news|stories)"
        + @"|ähnliche (?:beiträge|artikel|themen|nachrichten)|verwandte (?:beiträge|artikel|themen)|mehr zum thema|weitere (?:beiträge|artikel|nachrichten|meldungen|themen|news)|lesen sie (?:auch|mehr)|auch interessant|das könnte (?:sie|dich) (?:auch )?interessieren|empfohlene (?:beiträge|artikel)|meistgelesen\w*|beliebte (?:beiträge|artikel)|neueste (?:beiträge|artikel)|siehe auch|weiterlesen"
        + @"|articles? (?:similaires|liés|connexes)|(?:à )?lire aussi|sur le même sujet|voir aussi|les plus lus|vous aimerez aussi|à voir aussi|dans la même rubrique|lire la suite"
        + @"|(?:noticias|artículos) relacionad[oa]s|(?:también )?te puede interesar|lee también|lea también|lo más leído|más noticias|ver también|leer más"
        + @"|(?:articoli|notizie) correlat[ie]|leggi anche|potrebbe interessarti|ti potrebbe interessare|(?:i )?più letti|vedi anche|continua a leggere"
        + @"|leia (?:também|mais)|(?:notícias|artigos) relacionad[oa]s|mais lidas|veja também|lees ook|gerelateerde artikelen|meest gelezen|lees meer)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RelatedText();

    [GeneratedRegex(@"^\W*(?:advertisement|advertising|sponsored(?: content)?|ad|story continues below(?: advertisement)?|continue reading below|scroll to continue(?: with content)?|paid (?:post|content)|promoted|anzeige|werbung|gesponsert|publicité|sponsorisé|publicidad|patrocinado|pubblicità|sponsorizzato|publicidade|advertentie)\W*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AdvertisementText();

    [GeneratedRegex(@"^(?:photo|image|picture|video|graphic|illustration|file photo)s?(?: credit)?\s*[:/©]|^(?:fotos?|bild|bilder|grafik|crédits? photos?|imagen|immagine|imagem)\s*[:/©]|\((?:photo|image|picture|foto|bild)s?(?: credit)?\s*:|\b(?:getty images|reuters/|ap photo|afp via getty|shutterstock|istock)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CreditText();

    [GeneratedRegex(@"^(?:home|menu|search|skip to (?:main )?content|back to top|next|previous|prev|more|close|open|toggle navigation|main menu|top|log ?out|my account|sections?|topics?|tags?|categor(?:y|ies)|filed under|posted in|loading\W*|play video|watch|listen(?: to this article)?|\d+ min(?:ute)? read|print this (?:page|article)"
        + @"|startseite|zur startseite|zurück(?: zur (?:startseite|übersicht))?|(?:zurück )?nach oben|weiter|suche|suchen|menü|hauptmenü|zum inhalt(?: springen)?|schlagw(?:orte|örter)|kategorien?|themen|inhaltsverzeichnis|drucken|merken|anmelden|abmelden|mein konto"
        + @"|accueil|retour en haut(?: de (?:la )?page)?|haut de page|rechercher|recherche|menu principal|suivant|précédent|catégories?|mots[- ]clés|étiquettes|imprimer|sommaire|se connecter|mon compte"
        + @"|inicio|buscar|búsqueda|volver arriba|ir arriba|siguiente|anterior|categorías?|etiquetas|imprimir|menú|iniciar sesión|mi cuenta"
        + @"|cerca|torna su|torna all'inizio|successivo|precedente|categori[ae]|stampa|accedi|il mio account"
        + @"|início|pesquisar|voltar ao topo|próximo|categorias?|entrar|minha conta"
        + @"|zoeken|terug naar boven|volgende|vorige|categorieën|inloggen|mijn account)\s*:?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NavigationText();

    /// <summary>"Category: News, Events" or "Tags: …": a label, a colon, then a short list of the post's taxonomy terms.</summary>
    [GeneratedRegex(@"^(?:categor(?:y|ies)|tags?|topics?|filed under|posted in|kategorien?|schlagw(?:orte|örter)|themen|catégories?|mots[- ]clés|étiquettes|categorías?|etiquetas|temas|categori[ae]|argomenti|categorias?|categorieën|trefwoorden)\s*:\s*[^.!?]{1,80}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TaxonomyLine();

    /// <summary>Labels of the author box and of rating widgets, which introduce page furniture rather than story text.</summary>
    [GeneratedRegex(@"^(?:about the author|über (?:den|die) autor(?:in)?|à propos de l'auteur|sobre el autor|sull'autore|sobre o autor|over de auteur)\s*:?\s*$|^(?:rate this (?:article|post|story|recipe)|(?:artikel|beitrag|rezept) bewerten|(?:hier können sie )?(?:den|diesen) (?:artikel|beitrag) bewerten|\(?(?:noch )?keine bewertungen\)?|\(?no ratings yet\)?|notez cet article|valora (?:esta noticia|este artículo)|vota (?:questo articolo|l'articolo)|avalie (?:esta notícia|este artigo))\W*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WidgetLabel();

    [GeneratedRegex(@"\b(?:cookies?|consent|browser|browsing|opt[- ]out|tracking|third[- ]party|personali[sz]ed|preferences)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CookieWords();

    [GeneratedRegex(@"\b(?:subscri\w+|newsletters?|sign up|inbox|paywall|premium|membership|per month|a month|unlimited access|donat\w+|support us)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SubscriptionWords();

    [GeneratedRegex(@"\b(?:copyright|rights reserved|trademarks?|terms of (?:use|service)|privacy policy|registered (?:in|office)|company (?:no|number)|liability|reproduc\w+|permission)\b|©", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LegalWords();
}
